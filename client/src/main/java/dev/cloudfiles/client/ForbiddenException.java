package dev.cloudfiles.client;

/** 403: the key is valid but not for this project or drive, or it is read-only and this was a write. */
public final class ForbiddenException extends CloudFilesException {
    ForbiddenException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
