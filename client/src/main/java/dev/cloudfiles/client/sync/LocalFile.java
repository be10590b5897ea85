package dev.cloudfiles.client.sync;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A regular file under the local directory of a sync.
 *
 * @param path     its path relative to the directory, with {@code /} separators, e.g. {@code a/b.txt}
 * @param file     where it is
 * @param size     its size in bytes
 * @param modified its modification time, truncated to milliseconds (the store's precision)
 */
public record LocalFile(String path, Path file, long size, Instant modified) {}
