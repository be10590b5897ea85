package dev.cloudfiles.endpoints;

import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.store.index.Precondition;
import java.util.Arrays;
import java.util.Optional;

/** {@code If-Match} / {@code If-None-Match} as the API uses them (RFC 9110 entity tags). */
final class EntityTags {
    private EntityTags() {}

    /** The precondition of a write: {@code If-None-Match: *} creates only, {@code If-Match} replaces one version. */
    static Precondition forWrite(ApiRequest request) {
        Optional<String> ifNoneMatch = request.header("if-none-match").map(String::trim);
        Optional<String> ifMatch = request.header("if-match").map(String::trim);
        if (ifNoneMatch.isPresent() && ifMatch.isPresent()) {
            throw ApiError.BAD_REQUEST.exception("send either If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch.isPresent()) {
            if (!ifNoneMatch.get().equals("*"))
                throw ApiError.BAD_REQUEST.exception("If-None-Match on a write supports only *");
            return new Precondition.IfAbsent();
        }
        if (ifMatch.isPresent()) {
            String tag = ifMatch.get();
            if (tag.equals("*")) return new Precondition.IfMatch("*");
            if (tag.startsWith("W/")) throw ApiError.BAD_REQUEST.exception("If-Match needs a strong ETag");
            if (tag.isEmpty() || tag.contains(","))
                throw ApiError.BAD_REQUEST.exception("If-Match must be one ETag or *");
            return new Precondition.IfMatch(quoted(tag));
        }
        return Precondition.NONE;
    }

    /** Whether {@code If-None-Match} (weak comparison, a list or *) matches the current ETag. */
    static boolean noneMatchHolds(Optional<String> header, String etag) {
        if (header.isEmpty()) return false;
        String value = header.get().trim();
        if (value.equals("*")) return true;
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .map(EntityTags::quoted)
                .anyMatch(etag::equals);
    }

    static String quoted(String tag) {
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag : "\"" + tag + "\"";
    }
}
