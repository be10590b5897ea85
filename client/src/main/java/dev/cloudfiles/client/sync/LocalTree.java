package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.PartialFile;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What is under a local directory, as a sync sees it: its regular files by relative path, and
 * every other entry with the reason it is not a file to sync. Excluded paths are left out
 * entirely; the directory itself is followed even when it is a symbolic link.
 *
 * @param files       regular files (and, when links are followed, what links lead to)
 * @param notFiles    symbolic links, special files, unreadable entries, and the downloads'
 *                    temporary files: path → reason
 * @param unreadable  directories that could not be listed (nothing below them is known)
 * @param emptyDirs   directories without any entry
 * @param leftovers   temporary files of downloads that were interrupted (by a kill)
 */
record LocalTree(
        NavigableMap<String, LocalFile> files,
        NavigableMap<String, String> notFiles,
        Set<String> unreadable,
        Set<String> emptyDirs,
        Map<String, LocalFile> leftovers) {

    /** The name a download writes to before its atomic move: {@code .cloudfiles-<hex>.partial}. */
    static final Pattern PARTIAL = PartialFile.NAME;

    static final String LINK = "symbolic link";

    /** Walks {@code root}, which must be a directory. */
    static LocalTree scan(Path root, Excludes excludes, boolean followLinks) throws IOException {
        Path start = root.toRealPath();
        LocalTree tree =
                new LocalTree(new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), new TreeSet<>(), new TreeMap<>());
        Set<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : Set.of();
        Files.walkFileTree(start, options, Integer.MAX_VALUE, tree.visitor(start, excludes, followLinks));
        return tree;
    }

    private SimpleFileVisitor<Path> visitor(Path start, Excludes excludes, boolean followLinks) {
        Deque<int[]> entries = new ArrayDeque<>(); // entries seen in each open directory
        return new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!entries.isEmpty()) {
                    entries.peek()[0]++;
                    if (excludes.matchesItself(relative(start, dir))) return FileVisitResult.SKIP_SUBTREE;
                }
                entries.push(new int[] {0});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) {
                int seen = entries.pop()[0];
                String path = relative(start, dir);
                if (failure != null) unreadable(path, failure);
                else if (seen == 0 && !path.isEmpty()) emptyDirs.add(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!entries.isEmpty()) entries.peek()[0]++;
                String path = relative(start, file);
                if (excludes.matchesItself(path)) return FileVisitResult.CONTINUE;
                if (attrs.isSymbolicLink()) {
                    notFiles.put(path, followLinks ? "broken symbolic link" : LINK);
                } else if (!attrs.isRegularFile()) {
                    notFiles.put(path, attrs.isDirectory() ? "directory not followed" : "not a regular file");
                } else {
                    LocalFile f = new LocalFile(
                            path,
                            file,
                            attrs.size(),
                            attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS));
                    if (PARTIAL.matcher(file.getFileName().toString()).matches()) leftovers.put(path, f);
                    else files.put(path, f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) {
                if (!entries.isEmpty()) entries.peek()[0]++;
                String path = relative(start, file);
                if (excludes.matchesItself(path)) return FileVisitResult.CONTINUE;
                if (failure instanceof FileSystemLoopException) notFiles.put(path, "symbolic link loop");
                else unreadable(path, failure);
                return FileVisitResult.CONTINUE;
            }
        };
    }

    private void unreadable(String path, IOException failure) {
        notFiles.put(path, "cannot read: " + failure.getClass().getSimpleName() + " " + failure.getMessage());
        unreadable.add(path);
    }

    /** {@code dir/a/b.txt} relative to {@code dir}, with {@code /} whatever the platform: {@code a/b.txt}. */
    static String relative(Path start, Path p) {
        StringBuilder s = new StringBuilder();
        for (Path segment : start.relativize(p)) {
            if (!s.isEmpty()) s.append('/');
            s.append(segment);
        }
        return s.toString();
    }
}
