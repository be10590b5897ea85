package dev.cloudfiles.store;

/**
 * What the store refuses, and why: one sealed type, each refusal a {@link Code}. The SDK's own
 * exceptions that mean one of these (an upload S3 no longer knows) are translated where the store
 * calls the SDK; the handlers map each code to its answer in one exhaustive switch (ApiFunction), so
 * a new code does not compile until it has one. What is not a StoreException is an outage (503) or
 * a bug (500).
 */
public abstract sealed class StoreException extends RuntimeException
        permits UploadException,
                DigestMismatchException,
                MoveBusyException,
                TooManyCopiesException,
                PreconditionFailedException,
                TooLateException {
    public enum Code {
        /** No such (live, own) upload, or S3 no longer has it. */
        UPLOAD_NOT_FOUND,
        /** The upload request is not valid. */
        UPLOAD_INVALID,
        /** Its parts do not match what it declared, or changed while it was committed. */
        UPLOAD_INCOMPLETE,
        /** Another commit or an abort holds the upload right now. */
        UPLOAD_BUSY,
        /** The drive has as many open uploads as it may. */
        TOO_MANY_UPLOADS,
        /** (Abort) a commit already landed the upload. */
        UPLOAD_COMMITTED,
        /** The bytes do not have the digest their sender declared. */
        DIGEST_MISMATCH,
        /** The file is the source or target of a move that may still commit. */
        FILE_BUSY,
        /** A copy would make more names share one blob than may. */
        TOO_MANY_COPIES,
        /** A conditional write found the file in another state than required. */
        PRECONDITION_FAILED,
        /** A write reached the index too late to be committed safely. */
        TOO_LATE
    }

    protected StoreException(String message) {
        super(message, null, false, false);
    }

    public abstract Code code();
}
