package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.HttpDates;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.shares.ShareLinks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * API.md [ext] share links of a drive: create, list, revoke. All three need only {@link
 * Access#READ}: a key that may read a file may hand out a link that reads it, and take it back.
 */
public final class Shares {
    private static final Pattern SHARE_ID = Pattern.compile("[0-9A-Z]{26}");

    private final FileStore files;
    private final ShareLinks shares;

    public Shares(FileStore files, ShareLinks shares) {
        this.files = files;
        this.shares = shares;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(
                Routes.CREATE_SHARE, Endpoint.of(Access.READ, this::create),
                Routes.LIST_SHARES, Endpoint.of(Access.READ, this::list),
                Routes.REVOKE_SHARE, Endpoint.of(Access.READ, this::revoke));
    }

    /** {@code POST /shares} {@code {"name", "ttl"}} → 201 {@code {"share_id", "name", "url", "expires_at"}}. */
    ApiResponse create(ApiRequest request, Drive drive) {
        if (!(Json.readBody(request.body()) instanceof Map<?, ?> body)) {
            throw ApiError.BAD_REQUEST.exception("body must be {\"name\": ..., \"ttl\": seconds}");
        }
        if (!(body.get("name") instanceof String name)) {
            throw ApiError.BAD_REQUEST.exception("\"name\" must be a string");
        }
        Object ttl = body.get("ttl");
        long min = ShareLinks.MIN_TTL.toSeconds();
        long max = ShareLinks.MAX_TTL.toSeconds();
        // A whole number that fits a long is an Integer or a Long (Json).
        if (!(ttl instanceof Integer || ttl instanceof Long)
                || ((Number) ttl).longValue() < min
                || ((Number) ttl).longValue() > max) {
            throw ApiError.BAD_REQUEST.exception(
                    "\"ttl\" must be a whole number of seconds from " + min + " to " + max);
        }
        FileName file = FileName.of(name);
        if (files.head(drive, file).isEmpty()) throw ApiError.NOT_FOUND.exception("file not found");
        String links = ShareLink.base(request);
        ShareLinks.Created created = shares.create(drive, file, Duration.ofSeconds(((Number) ttl).longValue()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("share_id", created.share().shareId());
        answer.put("name", created.share().name());
        answer.put("url", links + created.token());
        answer.put("expires_at", HttpDates.iso(created.share().expiresAt()));
        return ApiResponse.json(201, answer);
    }

    /** {@code GET /shares} → 200 {@code {"shares": [{"share_id", "name", "expires_at"}]}}: the live ones. */
    ApiResponse list(ApiRequest request, Drive drive) {
        List<Map<String, Object>> listed = shares.list(drive).stream()
                .map(s -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("share_id", s.shareId());
                    entry.put("name", s.name());
                    entry.put("expires_at", HttpDates.iso(s.expiresAt()));
                    return entry;
                })
                .toList();
        return ApiResponse.json(200, Map.of("shares", listed));
    }

    /** {@code DELETE /shares/{share_id}} → 200 {@code {"share_id"}}; the link is refused from now on. */
    ApiResponse revoke(ApiRequest request, Drive drive) {
        String id = request.pathParameter("share_id").orElse("");
        if (!SHARE_ID.matcher(id).matches() || !shares.revoke(drive, id)) {
            throw ApiError.NOT_FOUND.exception("share not found");
        }
        return ApiResponse.json(200, Map.of("share_id", id));
    }
}
