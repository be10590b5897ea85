package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.TransferListener;

/**
 * Progress of {@link Sync#execute}: called from the sync's worker threads, so implementations must
 * be thread-safe and quick.
 */
public interface SyncListener extends TransferListener {
    /** A listener that ignores everything. */
    SyncListener NONE = new SyncListener() {};

    /** {@code bytes} more bytes of some copy were transferred. */
    @Override
    default void transferred(long bytes) {}

    /** A step succeeded. */
    default void done(SyncAction action) {}

    /** A step failed (the sync goes on with the others). */
    default void failed(SyncAction action, Exception error) {}
}
