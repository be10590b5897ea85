package dev.cloudfiles.client;

import java.util.List;

/** 412: an {@code If-Match} / {@code If-None-Match} condition of a write did not hold. */
public final class PreconditionFailedException extends CloudFilesException {
    PreconditionFailedException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
