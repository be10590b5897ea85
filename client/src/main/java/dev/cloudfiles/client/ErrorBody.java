package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an error answer of the API says about itself, {@code {"errors":[...],"code":"...",
 * "request_id":"..."}}: every part optional, because an older server sends no {@code code}, and
 * S3, API Gateway or a proxy in between answer with bodies of their own.
 *
 * @param code      the machine-readable code (API.md), or {@code null}
 * @param errors    the human-readable messages, possibly empty
 * @param requestId the request id to quote, or {@code null}
 */
record ErrorBody(String code, List<String> errors, String requestId) {
    /** 400: the name breaks the naming rules. */
    static final String INVALID_NAME = "invalid_name";
    /** 400: what arrived is not what the client hashed; nothing was stored. */
    static final String DIGEST_MISMATCH = "digest_mismatch";
    /** 404: no such file (not {@code route_not_found}, a wrong URL). */
    static final String NOT_FOUND = "not_found";
    /** 409: another commit or an abort of the same upload is in progress; worth another attempt. */
    static final String UPLOAD_BUSY = "upload_busy";
    /** A move of the file is in flight: try again in a moment. */
    static final String FILE_BUSY = "file_busy";

    static final ErrorBody NONE = new ErrorBody(null, List.of(), null);

    ErrorBody {
        errors = List.copyOf(errors);
    }

    /** The body's parts; whatever is not the API's JSON shape counts as absent. */
    static ErrorBody parse(byte[] body) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : Transport.JSON.readTree(body);
        } catch (IOException notJson) {
            return NONE; // an S3 XML error or a proxy's page: the status says enough
        }
        if (json == null || !json.isObject()) return NONE;
        List<String> errors = new ArrayList<>();
        JsonNode list = json.get("errors");
        if (list != null && list.isArray()) list.forEach(e -> errors.add(e.asText()));
        return new ErrorBody(textual(json, "code"), errors, textual(json, "request_id"));
    }

    boolean is(String code) {
        return code.equals(this.code);
    }

    private static String textual(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
