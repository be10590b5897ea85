package dev.cloudfiles.store;

/**
 * A file is the source or target of a move that may still commit: the write that met it changed
 * nothing and may be tried again in a moment (a move takes milliseconds; after a crash its marks die
 * {@code InFlight.LIMIT} after it began).
 */
public final class MoveBusyException extends StoreException {
    public MoveBusyException() {
        super("a move of this file is in progress; try again in a moment");
    }

    @Override
    public Code code() {
        return Code.FILE_BUSY;
    }
}
