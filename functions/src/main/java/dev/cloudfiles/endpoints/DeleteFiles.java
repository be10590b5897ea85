package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.MoveBusyException;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.files.FileStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * API.md #8: {@code DELETE /files} with {@code {"names":[...]}}; a missing name counts as deleted.
 * [ext] {@code "if_match": {"name": "\"etag\""}} deletes those names only in that version, so a
 * client (sync) never deletes a version it has not seen.
 */
public final class DeleteFiles {
    public static final int MAX_NAMES = 1000;
    private final FileStore files;

    public DeleteFiles(FileStore files) {
        this.files = files;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(Routes.DELETE_FILES, Endpoint.of(Access.WRITE, this::handle));
    }

    ApiResponse handle(ApiRequest request, Drive drive) {
        if (!(Json.readBody(request.body()) instanceof Map<?, ?> body && body.get("names") instanceof List<?> given)) {
            throw ApiError.BAD_REQUEST.exception("body must be {\"names\": [\"name\", ...]}");
        }
        List<String> names = names(given);
        Map<String, String> conditions = ifMatch(body.get("if_match"), names);
        Map<String, String> failed = new LinkedHashMap<>();
        List<FileName> valid = new ArrayList<>();
        Map<FileName, String> ifMatch = new HashMap<>();
        for (String raw : names) {
            if (FileName.isValid(raw)) {
                valid.add(FileName.of(raw));
                if (conditions.containsKey(raw)) ifMatch.put(FileName.of(raw), conditions.get(raw));
            } else {
                failed.put(raw, "invalid name");
            }
        }
        List<String> deleted = new ArrayList<>();
        for (FileStore.Deletion outcome : files.deleteAll(drive, valid, ifMatch)) {
            if (outcome.failure().isEmpty()) {
                deleted.add(outcome.name().value());
            } else if (outcome.failure().get() instanceof MoveBusyException
                    || outcome.failure().get() instanceof PreconditionFailedException) {
                failed.put(outcome.name().value(), outcome.failure().get().getMessage());
            } else if (ApiFunction.isUnavailable(outcome.failure().get())) {
                failed.put(outcome.name().value(), "storage unavailable; try again");
            } else {
                throw outcome.failure().get(); // a bug: the whole request is a 500
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deleted", deleted);
        answer.put("failed", failed);
        return ApiResponse.json(200, answer);
    }

    /** [ext] {@code "if_match"}: an object from names of this request to ETags (as listed, quoted). */
    private static Map<String, String> ifMatch(Object given, List<String> names) {
        if (given == null) return Map.of();
        if (!(given instanceof Map<?, ?> etags)) {
            throw ApiError.BAD_REQUEST.exception("if_match must be an object of names to ETags");
        }
        Map<String, String> conditions = new HashMap<>();
        Set<String> listed = new HashSet<>(names);
        for (Map.Entry<?, ?> e : etags.entrySet()) {
            if (!(e.getValue() instanceof String etag)) {
                throw ApiError.BAD_REQUEST.exception("every ETag in if_match must be a string");
            }
            String name = (String) e.getKey();
            if (!listed.contains(name)) {
                throw ApiError.BAD_REQUEST.exception("if_match names a file that names does not list");
            }
            conditions.put(name, etag);
        }
        return conditions;
    }

    private static List<String> names(List<?> names) {
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            throw ApiError.BAD_REQUEST.exception("give 1 to " + MAX_NAMES + " names");
        }
        List<String> list = new ArrayList<>(names.size());
        for (Object n : names) {
            if (!(n instanceof String name)) throw ApiError.BAD_REQUEST.exception("every name must be a string");
            list.add(name);
        }
        return list;
    }
}
