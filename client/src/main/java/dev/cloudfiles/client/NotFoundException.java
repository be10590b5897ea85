package dev.cloudfiles.client;

import java.util.List;

/** 404: no such file or upload session (note that {@link CloudDrive#get(String)} answers {@code null} instead). */
public final class NotFoundException extends CloudFilesException {
    NotFoundException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
