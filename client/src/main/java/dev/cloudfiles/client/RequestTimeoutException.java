package dev.cloudfiles.client;

/**
 * The server did not answer, or a body stalled, for longer than the socket timeout
 * ({@link CloudDriveConfig.Builder#socketTimeout} or {@link StreamingBody#setSocketTimeout}).
 */
public final class RequestTimeoutException extends TransportException {
    RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
