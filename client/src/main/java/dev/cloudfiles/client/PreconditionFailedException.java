package dev.cloudfiles.client;

/** 412: an {@code If-Match} / {@code If-None-Match} condition of a write did not hold. */
public final class PreconditionFailedException extends CloudFilesException {
    PreconditionFailedException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
