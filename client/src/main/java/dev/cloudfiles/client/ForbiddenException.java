package dev.cloudfiles.client;

import java.util.List;

/** 403: the key is valid but not for this project or drive, or it is read-only and this was a write. */
public final class ForbiddenException extends CloudFilesException {
    ForbiddenException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
