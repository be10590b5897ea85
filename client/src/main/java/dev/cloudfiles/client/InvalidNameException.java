package dev.cloudfiles.client;

/** 400 {@code invalid_name}: the file name (or the drive name or project id) breaks API.md's naming rules. */
public final class InvalidNameException extends CloudFilesException {
    InvalidNameException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
