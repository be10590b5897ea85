package dev.cloudfiles.client.sync;

/**
 * Something a sync does not copy and says so: a symbolic link, an empty directory, a name the
 * store (or the local file system) refuses, a conflict between a file and a directory, an entry
 * that could not be read.
 *
 * @param path   the path relative to the local directory or the prefix ({@code ""} is the root)
 * @param reason why, for people
 */
public record Skipped(String path, String reason) {
    /** The report's line: the path (control characters as {@code \xNN}), then the reason. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "." : Printable.path(path)) + ": " + reason;
    }
}
