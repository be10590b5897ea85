package dev.cloudfiles.client;

/**
 * 429 or 503 answered on every attempt: the service stayed busy after the configured retries; or
 * the same for a commit or abort of an upload answered 409 {@code upload_busy}.
 */
public final class ThrottledException extends CloudFilesException {
    ThrottledException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
