package dev.cloudfiles.client.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A regular file under the local directory of a sync.
 *
 * @param path     its path relative to the directory, with {@code /} separators, e.g. {@code a/b.txt}
 * @param file     where it is
 * @param size     its size in bytes
 * @param modified its modification time, truncated to milliseconds (the store's precision)
 */
public record LocalFile(String path, Path file, long size, Instant modified) {
    /**
     * Refuses to replace or delete {@code target} unless it is still as a plan saw it: {@code planned}
     * (same size and modification time), or absent (nothing to lose). A file edited or created
     * locally since the plan is kept, and the action fails.
     */
    static void checkUnchanged(LocalFile planned, Path target) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return; // nothing local to lose
        }
        if (planned == null) {
            throw new IOException(target + " was created locally since the plan; it was kept");
        }
        if (now.size() != planned.size()
                || !now.lastModifiedTime()
                        .toInstant()
                        .truncatedTo(ChronoUnit.MILLIS)
                        .equals(planned.modified())) {
            throw new IOException(target + " changed locally since the plan; it was kept");
        }
    }
}
