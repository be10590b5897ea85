package dev.cloudfiles.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one ObjectMapper. Strict on input (duplicate keys, nesting depth), plain on output. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    /**
     * Parses a request body: one JSON value in UTF-8 (RFC 8259), nothing after it. Anything else is
     * the caller's mistake (400); Jackson alone would guess UTF-16 and ignore trailing bytes.
     */
    public static JsonNode readBody(byte[] body) {
        if (body.length == 0) throw ApiError.BAD_REQUEST.exception("request body must be JSON");
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw ApiError.BAD_REQUEST.exception("request body must be JSON");
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.BAD_REQUEST.exception("request body is not valid JSON");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiError.BAD_REQUEST.exception("request body is not UTF-8");
        }
    }
}
