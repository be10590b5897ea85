package dev.cloudfiles.client;

import java.util.List;

/** 429 or 503 answered on every attempt: the service stayed busy after the configured retries. */
public final class ThrottledException extends CloudFilesException {
    ThrottledException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
