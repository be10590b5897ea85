package dev.cloudfiles.store.index;

import dev.cloudfiles.store.table.InFlight;

/**
 * A file is the source or target of a move that may still commit: the write that met it changed
 * nothing and may be tried again in a moment (a move takes milliseconds; after a crash its marks die
 * {@link InFlight#LIMIT} after it began).
 */
public final class MoveBusyException extends RuntimeException {
    public MoveBusyException() {
        super("a move of this file is in progress; try again in a moment", null, false, false);
    }
}
