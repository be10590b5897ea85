package dev.cloudfiles.client;

/** 401: the API key is missing or unknown (or revoked). */
public final class UnauthorizedException extends CloudFilesException {
    UnauthorizedException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
