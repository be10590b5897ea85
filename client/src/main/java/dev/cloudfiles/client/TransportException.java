package dev.cloudfiles.client;

/**
 * No usable answer: the connection failed, was reset, or the stream broke mid-body (after the
 * configured retries where a retry is safe). {@link #getCause()} is the underlying I/O error.
 */
public sealed class TransportException extends CloudFilesException permits RequestTimeoutException {
    TransportException(String message, Throwable cause) {
        super(0, message, ErrorBody.NONE, cause);
    }
}
