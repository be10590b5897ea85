package dev.cloudfiles.http;

import java.util.Locale;

/**
 * Every error the API answers, with its status and its machine-readable {@link #code()} (sent as
 * {@code "code"} beside {@code "errors"}; docs/API.md lists them). One place, so that codes never
 * drift apart.
 */
public enum ApiError {
    BAD_REQUEST(400),
    INVALID_NAME(400),
    /** The body's SHA-256 is not the one its Content-Digest declares: it changed on the way; nothing stored. */
    DIGEST_MISMATCH(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    ROUTE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    /** A commit's parts do not match what the upload declared. */
    UPLOAD_INCOMPLETE(409),
    /** Another commit or an abort of the same upload is in progress: retry in a moment. */
    UPLOAD_BUSY(409),
    /** The drive has as many open uploads as it may. */
    TOO_MANY_UPLOADS(409),
    /** The file is the source or target of a move in flight: retry in a moment. */
    FILE_BUSY(409),
    /** A copy would make more names share one file's bytes than they may ({@code MovedNames.MAX_NAMES}). */
    TOO_MANY_COPIES(409),
    PRECONDITION_FAILED(412),
    TOO_LARGE(413),
    RANGE_NOT_SATISFIABLE(416),
    THROTTLED(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int status;

    ApiError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The general error of a status, for answers that no endpoint gave (the gateway's own refusals). */
    public static ApiError forStatus(int status) {
        for (ApiError e : values()) {
            if (e.status == status) return e;
        }
        return status < 500 ? BAD_REQUEST : UNAVAILABLE;
    }

    /** The name clients decide by: {@code invalid_name}, {@code upload_busy}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ApiException exception(String message) {
        return new ApiException(this, message);
    }
}
