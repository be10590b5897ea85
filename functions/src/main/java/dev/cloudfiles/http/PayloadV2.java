package dev.cloudfiles.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's HTTP API payload format 2.0 as JSON, read and written with Jackson's streaming
 * API: no event POJOs, no reflection, no databind. Lambda hands a {@code RequestStreamHandler} the
 * event's bytes and sends on the bytes it writes; the runtime's own POJO serializer (which fills
 * {@code aws-lambda-java-events} types by reflection, ~700 classes) is never loaded.
 */
public final class PayloadV2 {
    private static final JsonFactory JSON = new JsonFactory();

    private PayloadV2() {}

    /**
     * Reads the fields the service uses and skips the rest. A field that is null or absent is
     * absent in the request; a header name in any case is lower-cased, and a name given twice
     * (different cases) keeps both values, joined with a comma as API Gateway joins repeated headers.
     *
     * @throws IOException when the input is not one JSON object (Lambda reports the invocation as failed)
     */
    public static ApiRequest read(InputStream input) throws IOException {
        String routeKey = null, rawPath = null, rawQuery = null, body = null;
        String requestId = null, method = null, sourceIp = null, userAgent = null;
        Map<String, String> headers = null, pathParameters = null;
        List<String> cookies = null;
        boolean base64 = false;
        try (JsonParser p = JSON.createParser(input)) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new JsonParseException(p, "the event is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "routeKey" -> routeKey = text(p);
                    case "rawPath" -> rawPath = text(p);
                    case "rawQueryString" -> rawQuery = text(p);
                    case "body" -> body = text(p);
                    case "isBase64Encoded" -> base64 = p.currentToken() == JsonToken.VALUE_TRUE;
                    case "headers" -> headers = strings(p, true);
                    case "pathParameters" -> pathParameters = strings(p, false);
                    case "cookies" -> cookies = array(p);
                    case "requestContext" -> {
                        if (p.currentToken() != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            if (name.equals("requestId")) requestId = text(p);
                            else if (name.equals("http") && p.currentToken() == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String h = p.currentName();
                                    p.nextToken();
                                    switch (h) {
                                        case "method" -> method = text(p);
                                        case "sourceIp" -> sourceIp = text(p);
                                        case "userAgent" -> userAgent = text(p);
                                        default -> p.skipChildren();
                                    }
                                }
                            } else p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT)
                throw new JsonParseException(p, "the event is not a JSON object");
        }
        return new ApiRequest(
                routeKey,
                rawPath,
                rawQuery,
                headers,
                cookies,
                pathParameters,
                body,
                base64,
                requestId,
                method,
                sourceIp,
                userAgent);
    }

    /**
     * Writes the response as payload 2.0 wants it: {@code statusCode}, {@code headers}, the body as a
     * string (UTF-8 text, or base64 for a binary answer) and {@code isBase64Encoded}.
     */
    public static void write(ApiResponse response, OutputStream output) throws IOException {
        try (JsonGenerator out = JSON.createGenerator(output)) {
            out.writeStartObject();
            out.writeNumberField("statusCode", response.status());
            out.writeObjectFieldStart("headers");
            for (var header : response.headers().entrySet()) out.writeStringField(header.getKey(), header.getValue());
            out.writeEndObject();
            out.writeFieldName("body");
            if (response.binary()) out.writeBinary(response.body()); // standard base64, padded, no line feeds
            else out.writeString(new String(response.body(), StandardCharsets.UTF_8));
            out.writeBooleanField("isBase64Encoded", response.binary());
            out.writeEndObject();
        }
    }

    /** A scalar's text (numbers and booleans as written); null for null; objects and arrays skipped as null. */
    private static String text(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return token == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static Map<String, String> strings(JsonParser p, boolean lowerCaseNames) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (lowerCaseNames) name = name.toLowerCase(Locale.ROOT);
            p.nextToken();
            String value = text(p);
            if (value != null) values.merge(name, value, (a, b) -> a + "," + b);
        }
        return values;
    }

    private static List<String> array(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String value = text(p);
            if (value != null) values.add(value);
        }
        return values;
    }
}
