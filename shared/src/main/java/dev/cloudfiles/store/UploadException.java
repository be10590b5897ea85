package dev.cloudfiles.store;

/**
 * An upload request that cannot proceed: no such (live, own) upload; the request is not valid; its
 * parts do not match what it declared (or were already assembled); another commit or an abort
 * holds it right now; the drive has as many open uploads as it may; or (abort) a commit already
 * landed it.
 */
public final class UploadException extends StoreException {
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
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Code code() {
        return switch (kind) {
            case NOT_FOUND -> Code.UPLOAD_NOT_FOUND;
            case INVALID -> Code.UPLOAD_INVALID;
            case INCOMPLETE -> Code.UPLOAD_INCOMPLETE;
            case BUSY -> Code.UPLOAD_BUSY;
            case TOO_MANY -> Code.TOO_MANY_UPLOADS;
            case COMMITTED -> Code.UPLOAD_COMMITTED;
        };
    }
}
