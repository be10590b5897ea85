package dev.cloudfiles.client;

import java.util.List;

/** 401: the API key is missing or unknown (or revoked). */
public final class UnauthorizedException extends CloudFilesException {
    UnauthorizedException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
