package dev.cloudfiles.client;

/**
 * 404: no such file or upload session (for a missing file {@link CloudDrive#get(String)} answers
 * {@code null} instead), or, with code {@code route_not_found}, no such route: a wrong URL.
 */
public final class NotFoundException extends CloudFilesException {
    NotFoundException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
