package dev.cloudfiles.client.sync;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * The {@code --exclude} globs. Each is a java.nio {@code "glob:"} pattern
 * ({@link java.nio.file.FileSystem#getPathMatcher}) matched against a relative path with
 * {@code /} separators, e.g. {@code a/b.txt}: {@code *} and {@code ?} stay within one segment,
 * {@code **} also crosses {@code /}; {@code {x,y}} and {@code [abc]} work as usual. A path is
 * excluded when a glob matches it or one of its parent directories ({@code a} or {@code a/b} for
 * {@code a/b/c.txt}). So {@code build} excludes the top-level directory {@code build} and all in
 * it; {@code *.tmp} the top-level {@code .tmp} files; {@code **.tmp} those at any depth;
 * <code>**&#47;cache</code> every {@code cache} below the top level, and
 * <code>{cache,**&#47;cache}</code> every {@code cache} at all.
 */
final class Excludes {
    private final List<PathMatcher> matchers;

    private Excludes(List<PathMatcher> matchers) {
        this.matchers = matchers;
    }

    /**
     * The compiled globs.
     *
     * @throws IllegalArgumentException naming a glob that does not parse
     */
    static Excludes of(List<String> globs) {
        return new Excludes(globs.stream().map(Excludes::compile).toList());
    }

    private static PathMatcher compile(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) { // PatternSyntaxException among them
            throw new IllegalArgumentException("bad --exclude glob " + glob + ": " + e.getMessage(), e);
        }
    }

    /** Whether the relative path, or one of its parent directories, is excluded. */
    boolean excludes(String path) {
        if (matchers.isEmpty()) return false;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (matchesItself(path.substring(0, slash))) return true;
        }
        return matchesItself(path);
    }

    /** Whether a glob matches exactly this relative path (not its parents). */
    boolean matchesItself(String path) {
        if (matchers.isEmpty()) return false;
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return false;
        }
        for (PathMatcher m : matchers) if (m.matches(p)) return true;
        return false;
    }
}
