package dev.cloudfiles.client.sync;

import java.util.List;

/**
 * How a {@link Sync} runs.
 *
 * @param delete         also delete destination files the source lacks ({@code --delete})
 * @param excludes       globs over the relative path; see {@link Excludes} ({@code --exclude})
 * @param followSymlinks follow symbolic links under the local source instead of reporting them
 * @param jobs           how many files travel at once, 1 to {@value #MAX_JOBS}
 */
public record SyncOptions(boolean delete, List<String> excludes, boolean followSymlinks, int jobs) {
    /** The default of {@link #jobs()}. */
    public static final int DEFAULT_JOBS = 4;

    /** The largest {@link #jobs()}. */
    public static final int MAX_JOBS = 64;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException for jobs out of range or a glob that does not parse
     */
    public SyncOptions {
        excludes = List.copyOf(excludes);
        if (jobs < 1 || jobs > MAX_JOBS) throw new IllegalArgumentException("jobs must be 1 to " + MAX_JOBS);
        Excludes.of(excludes); // fails early on a bad glob
    }

    /** Copy new and changed files only, nothing excluded, links reported, {@value #DEFAULT_JOBS} jobs. */
    public static SyncOptions defaults() {
        return new SyncOptions(false, List.of(), false, DEFAULT_JOBS);
    }

    /** A copy with deletion on or off. */
    public SyncOptions withDelete(boolean delete) {
        return new SyncOptions(delete, excludes, followSymlinks, jobs);
    }

    /** A copy with these exclusion globs. */
    public SyncOptions withExcludes(List<String> excludes) {
        return new SyncOptions(delete, excludes, followSymlinks, jobs);
    }

    /** A copy that follows symbolic links, or not. */
    public SyncOptions withFollowSymlinks(boolean followSymlinks) {
        return new SyncOptions(delete, excludes, followSymlinks, jobs);
    }

    /** A copy with this many parallel transfers. */
    public SyncOptions withJobs(int jobs) {
        return new SyncOptions(delete, excludes, followSymlinks, jobs);
    }
}
