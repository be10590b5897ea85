package dev.cloudfiles.client;

import java.util.List;

/** A 5xx answer (other than a throttling 503): a server bug or outage; quote {@link #requestId()} when reporting it. */
public final class ServerException extends CloudFilesException {
    ServerException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
