package dev.cloudfiles.client;

/**
 * {@link CloudDrive#resume} found nothing it may continue; {@link #reason()} says why and the
 * message says what to do (usually: put the file again, without resuming). Nothing was sent.
 */
public final class CannotResumeException extends RuntimeException {
    /** Why an upload cannot be resumed. */
    public enum Reason {
        /** No state is kept ({@link CloudDriveConfig#uploadStateDir()} is not set). */
        NO_STATE_DIR,
        /** No interrupted upload of this file to this name is recorded. */
        NOTHING_TO_RESUME,
        /** Another process (or thread) is uploading this file to this name right now. */
        IN_PROGRESS,
        /** The local file's size, modification time or identity changed: the upload was aborted. */
        FILE_CHANGED,
        /** The server no longer has the upload (expired, aborted, or finished elsewhere). */
        UPLOAD_GONE,
        /** The server's upload does not match the recorded one (size or part size): it was aborted. */
        MISMATCH
    }

    private final Reason reason;

    CannotResumeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
