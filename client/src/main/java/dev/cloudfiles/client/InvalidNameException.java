package dev.cloudfiles.client;

import java.util.List;

/** 400: the file name (or the drive name or project id) breaks API.md's naming rules. */
public final class InvalidNameException extends CloudFilesException {
    InvalidNameException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(status, message, errors, requestId, cause);
    }
}
