package dev.cloudfiles.store;

/**
 * A write reached the index later than {@code InFlight} allows (a stalled S3 transfer, a very slow
 * completion): it is not committed, so the sweeper's reasoning about finished writes stays true.
 * The caller may simply try again.
 */
public final class TooLateException extends StoreException {
    public TooLateException() {
        super("the write took too long to be committed safely; nothing was changed, try again");
    }

    @Override
    public Code code() {
        return Code.TOO_LATE;
    }
}
