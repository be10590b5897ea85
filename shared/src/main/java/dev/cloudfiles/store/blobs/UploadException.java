package dev.cloudfiles.store.blobs;

/**
 * An upload request that cannot proceed: no such (live, own) upload; the request is not valid; its
 * parts do not match what it declared (or were already assembled); another commit or an abort
 * holds it right now; the drive has as many open uploads as it may; or (abort) a commit already
 * landed it.
 */
public final class UploadException extends RuntimeException {
    public enum Kind {
        NOT_FOUND,
        INVALID,
        INCOMPLETE,
        BUSY,
        TOO_MANY,
        COMMITTED
    }

    private final Kind kind;

    public UploadException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
