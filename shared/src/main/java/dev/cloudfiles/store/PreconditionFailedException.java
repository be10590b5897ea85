package dev.cloudfiles.store;

/** A conditional write found the file in another state than the caller required. */
public final class PreconditionFailedException extends StoreException {
    public PreconditionFailedException(String message) {
        super(message);
    }

    @Override
    public Code code() {
        return Code.PRECONDITION_FAILED;
    }
}
