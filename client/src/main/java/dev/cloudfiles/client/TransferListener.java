package dev.cloudfiles.client;

/**
 * Progress of an upload: called with the number of bytes that just reached the server (for a
 * multipart upload, once per finished part, from the upload's worker threads). Implementations
 * must be thread-safe and quick.
 */
@FunctionalInterface
public interface TransferListener {
    /** A listener that ignores progress. */
    TransferListener NONE = bytes -> {};

    /** {@code bytes} more bytes were transferred. */
    void transferred(long bytes);
}
