package dev.cloudfiles.client;

/** 413: a request body over the server's limit (the client sends large files as multipart uploads, so this means a misconfigured inline limit or a gateway in between). */
public final class TooLargeException extends CloudFilesException {
    TooLargeException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
