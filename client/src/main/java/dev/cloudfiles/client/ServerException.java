package dev.cloudfiles.client;

/** A 5xx answer (other than a throttling 503): a server bug or outage; quote {@link #requestId()} when reporting it. */
public final class ServerException extends CloudFilesException {
    ServerException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
