package dev.cloudfiles.endpoints;

import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * [ext] The optional body of {@code POST /uploads/{id}/urls} (API.md #3b): the parts whose URLs the
 * client wants, each with the {@code content_md5} (base64, as the {@code Content-MD5} header) of
 * the bytes it will send, so that the URL is signed for exactly those bytes. In part order of
 * the request; a part without {@code content_md5} gets a URL without it.
 */
final class PartDigests {
    private static final int MD5_BYTES = 16;

    private PartDigests() {}

    /** Part number to its declared MD5 (base64), or empty; {@code parts} is the upload's part count. */
    static Map<Integer, Optional<String>> parse(byte[] body, int parts) {
        Object json = Json.readBody(body);
        if (!(json instanceof Map<?, ?> object
                && object.get("parts") instanceof List<?> list
                && !list.isEmpty()
                && list.size() <= parts)) {
            throw ApiError.BAD_REQUEST.exception("body must be {\"parts\": [{\"part\": K, \"content_md5\": \"<base64"
                    + " MD5 of the part>\"}, ...]} with 1 to " + parts + " parts");
        }
        Map<Integer, Optional<String>> digests = new LinkedHashMap<>();
        for (Object item : list) {
            // A whole number that fits an int is an Integer (Json).
            if (!(item instanceof Map<?, ?> entry
                    && entry.get("part") instanceof Integer part
                    && part >= 1
                    && part <= parts)) {
                throw ApiError.BAD_REQUEST.exception("\"part\" must be a number from 1 to " + parts);
            }
            if (digests.containsKey(part)) {
                throw ApiError.BAD_REQUEST.exception("part " + part + " is named twice");
            }
            Object md5 = entry.get("content_md5");
            digests.put(part, md5 == null ? Optional.empty() : Optional.of(md5(md5)));
        }
        return digests;
    }

    private static String md5(Object value) {
        if (value instanceof String text) {
            try {
                if (Base64.getDecoder().decode(text).length == MD5_BYTES) return text;
            } catch (IllegalArgumentException notBase64) {
                // the 400 below
            }
        }
        throw ApiError.BAD_REQUEST.exception("\"content_md5\" must be the base64 of a part's 16-byte MD5");
    }
}
