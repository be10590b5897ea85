package dev.cloudfiles.store.index;

/** A conditional write found the file in another state than the caller required. */
public final class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String message) {
        super(message, null, false, false);
    }
}
