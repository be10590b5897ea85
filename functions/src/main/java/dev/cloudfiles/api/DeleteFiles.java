package dev.cloudfiles.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.auth.Access;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.FileStore;
import dev.cloudfiles.store.MoveBusyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** API.md #8: {@code DELETE /files} with {@code {"names":[...]}}; a missing name counts as deleted. */
public final class DeleteFiles implements Endpoint {
    public static final int MAX_NAMES = 1000;
    private final FileStore files;

    public DeleteFiles(FileStore files) {
        this.files = files;
    }

    @Override
    public Access access() {
        return Access.WRITE;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Drive drive) {
        List<String> names = names(Json.readBody(request.body()));
        Map<String, String> failed = new LinkedHashMap<>();
        List<FileName> valid = new ArrayList<>();
        for (String raw : names) {
            if (FileName.isValid(raw)) valid.add(FileName.of(raw));
            else failed.put(raw, "invalid name");
        }
        List<String> deleted = new ArrayList<>();
        for (FileStore.Deletion outcome : files.deleteAll(drive, valid)) {
            if (outcome.failure().isEmpty()) {
                deleted.add(outcome.name().value());
            } else if (outcome.failure().get() instanceof MoveBusyException busy) {
                failed.put(outcome.name().value(), busy.getMessage());
            } else if (ApiFunction.isUnavailable(outcome.failure().get())) {
                failed.put(outcome.name().value(), "storage unavailable; try again");
            } else {
                throw outcome.failure().get(); // a bug: the whole request is a 500
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deleted", deleted);
        body.put("failed", failed);
        return ApiResponse.json(200, body);
    }

    private static List<String> names(JsonNode body) {
        JsonNode names = body.get("names");
        if (!body.isObject() || names == null || !names.isArray()) {
            throw ApiError.BAD_REQUEST.exception("body must be {\"names\": [\"name\", ...]}");
        }
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            throw ApiError.BAD_REQUEST.exception("give 1 to " + MAX_NAMES + " names");
        }
        List<String> list = new ArrayList<>(names.size());
        for (JsonNode n : names) {
            if (!n.isTextual()) throw ApiError.BAD_REQUEST.exception("every name must be a string");
            list.add(n.textValue());
        }
        return list;
    }
}
