package dev.cloudfiles.client;

/** Any other 4xx answer the client does not expect (bad parameters, 405, 409, 416, ...): usually a bug of the caller or of the client. */
public final class BadRequestException extends CloudFilesException {
    BadRequestException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }
}
