package dev.cloudfiles.http;

/** Every error the API answers, with its status. One place, so that codes never drift apart. */
public enum ApiError {
    BAD_REQUEST(400),
    INVALID_NAME(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    ROUTE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
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

    public ApiException exception(String message) {
        return new ApiException(this, message);
    }
}
