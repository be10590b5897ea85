package dev.cloudfiles.http;

import java.util.Map;

/** A request that ends in a documented 4xx/5xx answer. The message is shown to the caller. */
public final class ApiException extends RuntimeException {
    private final ApiError error;
    private final Map<String, String> headers;

    public ApiException(ApiError error, String message) {
        this(error, message, Map.of());
    }

    public ApiException(ApiError error, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ApiError error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
