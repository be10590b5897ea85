package dev.cloudfiles.store;

/** An upload request that cannot proceed: no such (live, own) upload, or the upload is not valid. */
public final class UploadException extends RuntimeException {
    public enum Kind { NOT_FOUND, INVALID }

    private final Kind kind;

    public UploadException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
