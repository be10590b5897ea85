package dev.cloudfiles.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers. Every body but a file download is JSON; no answer is ever a 204.
 * {@code code} is the error's machine-readable code (null for a success), kept beside the body so
 * that the request's log line need not parse the body back.
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body, boolean binary, String code) {

    public ApiResponse(int status, Map<String, String> headers, byte[] body, boolean binary) {
        this(status, headers, body, binary, null);
    }

    public static final String JSON = "application/json";

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), Json.write(value), false);
    }

    public static ApiResponse error(
            ApiError error, String message, String requestId, Map<String, String> extraHeaders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(message));
        body.put("code", error.code());
        if (error.status() >= 500 && requestId != null && !requestId.isEmpty()) body.put("request_id", requestId);
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", JSON);
        return new ApiResponse(error.status(), headers, Json.write(body), false, error.code());
    }

    public static ApiResponse bytes(int status, Map<String, String> headers, byte[] body) {
        return new ApiResponse(status, headers, body, true);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body, binary, code);
    }
}
