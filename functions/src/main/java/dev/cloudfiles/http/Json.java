package dev.cloudfiles.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions' one way in and out of JSON bodies, on jackson-core's streaming API (as {@link
 * PayloadV2}): no databind in any function. A body is read into plain values — an object is a
 * {@code Map<String, Object>} in the order given, an array a {@code List<Object>}, a string a
 * {@code String}, a whole number the smallest of {@code Integer}, {@code Long} and {@code
 * BigInteger} that holds it, a fraction a {@code Double}, then {@code Boolean} and {@code null} —
 * and an answer is written from the same kinds. Strict on
 * input: a duplicate key, nesting deeper than {@value #MAX_DEPTH}, numbers and strings past
 * jackson-core's limits are the caller's 400.
 *
 * <p>Why not a library's tree: in a fresh JVM with Lambda's JIT flags, one such read and write
 * loads a fraction of the classes databind's ObjectMapper or jackson-jr load, in a fraction of the
 * time (bench/results/design-notes.md), and all of it is on a cold start's path.
 */
public final class Json {
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Json() {}

    /** An answer's bytes: {@code value} is made of the kinds the class names (anything else is a bug). */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object item : list) write(json, item);
            json.writeEndArray();
        } else if (value instanceof Integer i) {
            json.writeNumber(i);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            json.writeNumber(b);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * Parses a request body: one JSON value in UTF-8 (RFC 8259), nothing after it. Anything else is
     * the caller's mistake (400); a parser alone would guess UTF-16 and ignore trailing bytes.
     */
    public static Object readBody(byte[] body) {
        if (body.length == 0) throw ApiError.BAD_REQUEST.exception("request body must be JSON");
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.BAD_REQUEST.exception("request body is not UTF-8");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) throw ApiError.BAD_REQUEST.exception("request body must be JSON");
            Object value = value(parser);
            if (parser.nextToken() != null) throw new IOException("more after the value");
            return value;
        } catch (IOException e) {
            throw ApiError.BAD_REQUEST.exception("request body is not valid JSON");
        }
    }

    /** The value that starts at the current token; the parser bounds the depth of the recursion. */
    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) array.add(value(parser));
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + parser.currentToken());
        };
    }
}
