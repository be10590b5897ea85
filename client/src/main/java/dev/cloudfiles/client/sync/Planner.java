package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.ListOptions;
import dev.cloudfiles.client.sync.SyncAction.Kind;
import dev.cloudfiles.client.sync.SyncAction.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a {@link SyncPlan}: lists both sides, pairs files by relative path, and decides for each
 * pair whether it differs ({@link #change}); source entries that cannot be synced become
 * {@link Skipped}, and {@code --delete} never touches a destination path whose source counterpart
 * was skipped or lies under a source directory that could not be read.
 */
final class Planner {
    private final CloudDrive drive;
    private final Path root;
    private final String prefix;
    private final SyncOptions options;
    private final Excludes excludes;

    Planner(CloudDrive drive, Path root, String prefix, SyncOptions options) {
        this.drive = drive;
        this.root = root;
        this.prefix = prefix;
        this.options = options;
        this.excludes = Excludes.of(options.excludes());
    }

    SyncPlan upload() {
        LocalTree local = scan(false);
        List<Skipped> skipped = new ArrayList<>();
        Set<String> protect = new TreeSet<>(local.unreadable());
        local.notFiles()
                .forEach((path, why) -> skipped.add(new Skipped(
                        path,
                        why.equals(LocalTree.LINK) ? why + ", not followed (--follow-symlinks follows links)" : why)));
        local.emptyDirs()
                .forEach(path -> skipped.add(new Skipped(path, "empty directory: the store keeps no directories")));
        local.leftovers()
                .keySet()
                .forEach(path -> skipped.add(new Skipped(path, "temporary file of an interrupted download")));
        protect.addAll(local.notFiles().keySet());
        protect.addAll(local.leftovers().keySet());
        Map<String, LocalFile> sources = new TreeMap<>();
        local.files().forEach((path, file) -> {
            String problem = StoreName.problem(prefix + path);
            if (problem == null) sources.put(path, file);
            else {
                skipped.add(new Skipped(path, "invalid name in the store: " + problem));
                protect.add(path);
            }
        });
        NavigableMap<String, RemoteFile> remote = listRemote();
        List<SyncAction> actions = compare(sources.keySet(), sources, remote, true);
        int unchanged = sources.size() - actions.size();
        if (options.delete()) {
            remote.forEach((path, file) -> {
                if (!sources.containsKey(path) && !isProtected(path, protect)) {
                    actions.add(new SyncAction(Kind.DELETE_REMOTE, path, Reason.NOT_IN_SOURCE, null, file));
                }
            });
        }
        return new SyncPlan(actions, sorted(skipped), unchanged);
    }

    SyncPlan download() {
        NavigableMap<String, RemoteFile> remote = listRemote();
        LocalTree local = Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? scan(true) : null;
        List<Skipped> skipped = new ArrayList<>();
        Map<String, RemoteFile> sources = new TreeMap<>();
        for (RemoteFile r : remote.values()) {
            String why = downloadProblem(r.path(), remote, local);
            if (why == null) sources.put(r.path(), r);
            else skipped.add(new Skipped(r.path(), why));
        }
        Map<String, LocalFile> existing = local == null ? Map.of() : local.files();
        List<SyncAction> actions = compare(sources.keySet(), existing, sources, false);
        int unchanged = sources.size() - actions.size();
        if (local != null) {
            if (options.delete()) {
                existing.forEach((path, file) -> {
                    if (!remote.containsKey(path)) {
                        actions.add(new SyncAction(Kind.DELETE_LOCAL, path, Reason.NOT_IN_SOURCE, file, null));
                    }
                });
                local.notFiles().forEach((path, why) -> {
                    if (!remote.containsKey(path)) skipped.add(new Skipped(path, "not deleted: " + why));
                });
            }
            local.leftovers()
                    .forEach((path, file) ->
                            actions.add(new SyncAction(Kind.DELETE_LOCAL, path, Reason.LEFTOVER, file, null)));
        }
        return new SyncPlan(actions, sorted(skipped), unchanged);
    }

    /** Why the drive's file cannot be written to the local directory, or {@code null}. */
    private String downloadProblem(String path, NavigableMap<String, RemoteFile> remote, LocalTree local) {
        String below = remote.ceilingKey(path + "/");
        if (below != null && below.startsWith(path + "/")) {
            return "a file and a directory in the drive (" + below + "): a local directory cannot be both";
        }
        try {
            root.resolve(path);
        } catch (InvalidPathException e) {
            return "not a valid local name: " + e.getReason();
        }
        if (local == null) return null;
        String other = local.notFiles().get(path);
        if (other != null) return "the local destination is not a regular file (" + other + "), left alone";
        if (local.emptyDirs().contains(path) || hasBelow(local.files(), path) || hasBelow(local.notFiles(), path)) {
            return "a local directory is in the way";
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (local.files().containsKey(parent) || local.notFiles().containsKey(parent)) {
                return "the local file " + parent + " is in the way of its directory";
            }
        }
        return null;
    }

    private static boolean hasBelow(NavigableMap<String, ?> map, String path) {
        String next = map.ceilingKey(path + "/");
        return next != null && next.startsWith(path + "/");
    }

    /**
     * A copy for each source path the destination lacks or that differs, in path order; the
     * comparisons (hashing) run in parallel.
     */
    private List<SyncAction> compare(
            Set<String> sources, Map<String, LocalFile> local, Map<String, RemoteFile> remote, boolean upload) {
        List<Callable<SyncAction>> checks = new ArrayList<>();
        for (String path : sources) {
            LocalFile l = local.get(path);
            RemoteFile r = remote.get(path);
            checks.add(() -> {
                Reason why = (upload ? r : l) == null ? Reason.NEW : change(l, r, upload);
                return why == null ? null : new SyncAction(upload ? Kind.UPLOAD : Kind.DOWNLOAD, path, why, l, r);
            });
        }
        return inParallel(checks);
    }

    /**
     * Whether a local and a stored file differ, and why; {@code null} when they match. Sizes
     * first; equal sizes are compared by digest when the stored file has one (the local file is
     * hashed only then), else by time: the source wins when it is strictly newer, in milliseconds.
     */
    static Reason change(LocalFile local, RemoteFile remote, boolean upload) {
        if (local.size() != remote.size()) return Reason.SIZE_DIFFERS;
        var digest = remote.digest();
        if (digest.isPresent()) {
            try {
                return digest.get().matches(local.file()) ? null : Reason.CONTENT_DIFFERS;
            } catch (IOException unreadable) {
                return Reason.CONTENT_DIFFERS; // the copy then fails, or replaces the unreadable file
            }
        }
        if (remote.lastModified() == null) return Reason.SOURCE_NEWER;
        Instant source = upload ? local.modified() : remote.lastModified();
        Instant destination = upload ? remote.lastModified() : local.modified();
        return source.isAfter(destination) ? Reason.SOURCE_NEWER : null;
    }

    /** Runs the checks (hashing) on {@code jobs} threads; the non-null results in order. */
    private List<SyncAction> inParallel(List<Callable<SyncAction>> checks) {
        ExecutorService pool = Executors.newFixedThreadPool(options.jobs());
        try {
            List<SyncAction> actions = new ArrayList<>();
            for (Future<SyncAction> f : pool.invokeAll(checks)) {
                SyncAction a = f.get();
                if (a != null) actions.add(a);
            }
            return actions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private NavigableMap<String, RemoteFile> listRemote() {
        NavigableMap<String, RemoteFile> files = new TreeMap<>();
        for (FileInfo info : drive.listDetailed(ListOptions.all().withPrefix(prefix))) {
            if (!info.name().startsWith(prefix)) continue;
            String path = info.name().substring(prefix.length());
            if (!excludes.excludes(path)) files.put(path, RemoteFile.of(path, info));
        }
        return files;
    }

    private LocalTree scan(boolean destination) {
        try {
            if (!Files.isDirectory(root)) {
                throw Files.exists(root)
                        ? new NotDirectoryException(root.toString())
                        : new NoSuchFileException(root.toString(), null, "no such directory");
            }
            return LocalTree.scan(root, excludes, options.followSymlinks() && !destination);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
    }

    private static boolean isProtected(String path, Set<String> protect) {
        if (protect.contains(path)) return true;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (protect.contains(path.substring(0, slash))) return true;
        }
        return false;
    }

    private static List<Skipped> sorted(List<Skipped> skipped) {
        List<Skipped> copy = new ArrayList<>(skipped);
        copy.sort((a, b) -> a.path().compareTo(b.path()));
        return copy;
    }
}
