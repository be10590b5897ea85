package dev.cloudfiles.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * Builds the payload-2.0 event that API Gateway's HTTP API would send for a request, as the JSON
 * bytes Lambda hands the function (fields absent rather than null where API Gateway leaves them out).
 */
final class EventFactory {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private EventFactory() {}

    /** API Gateway hands the function a decoded path; a decoded {@code ?} ends it. */
    static String decodedPath(String rawPath) {
        String decoded = PercentDecoding.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath, false);
        int question = decoded.indexOf('?');
        return question < 0 ? decoded : decoded.substring(0, question);
    }

    /**
     * API Gateway's rule (HTTP API, payload 2.0): the body is a UTF-8 string only for these types;
     * everything else, no Content-Type and {@code application/x-www-form-urlencoded} included,
     * arrives base64 with {@code isBase64Encoded: true}. {@code +json} / {@code +xml} types are binary.
     */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/xml")
                || type.equals("application/javascript");
    }

    /**
     * The least size of the body once in the event, known from its length alone: base64 grows a
     * binary body by a third; a text body grows by its JSON escapes, which only the built event shows.
     */
    static long encodedBodyLength(long rawLength, boolean text) {
        return text ? rawLength : (rawLength + 2) / 3 * 4;
    }

    /** {@code body}: the raw bytes; a text body becomes a UTF-8 string, anything else base64. */
    static byte[] build(Request request, TemplateRoutes.Match match, String requestId, byte[] body, boolean text) {
        String rawQuery = request.getHttpURI().getQuery(); // raw: never decoded, so never refused
        String path = decodedPath(request.getHttpURI().getPath());
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            String value = field.getValue() == null ? "" : field.getValue();
            if (lower.equals("cookie")) {
                cookies.addAll(splitCookies(value));
            } else {
                headers.merge(lower, value, (a, b) -> a + "," + b);
            }
        }
        String sourceIp = Request.getRemoteAddr(request);
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-proto", request.isSecure() ? "https" : "http");
        headers.putIfAbsent("x-forwarded-port", Integer.toString(Request.getLocalPort(request)));
        String host = headers.getOrDefault("host", "127.0.0.1");
        Instant now = Instant.now();
        String routeKey = match.route().routeKey();
        Map<String, String> queryParameters = queryParameters(rawQuery);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + (text ? body.length : body.length / 3 * 4 + 4));
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("version", "2.0");
            out.writeStringField("routeKey", routeKey);
            out.writeStringField("rawPath", path);
            out.writeStringField("rawQueryString", rawQuery == null ? "" : rawQuery);
            if (!cookies.isEmpty()) {
                out.writeArrayFieldStart("cookies");
                for (String cookie : cookies) out.writeString(cookie);
                out.writeEndArray();
            }
            writeMap(out, "headers", headers);
            if (queryParameters != null) writeMap(out, "queryStringParameters", queryParameters);
            if (!match.pathParameters().isEmpty()) writeMap(out, "pathParameters", match.pathParameters());
            out.writeObjectFieldStart("requestContext");
            out.writeStringField("accountId", "000000000000");
            out.writeStringField("apiId", "local");
            out.writeStringField("domainName", host);
            out.writeStringField("domainPrefix", host.split("[.:]", 2)[0]);
            out.writeObjectFieldStart("http");
            out.writeStringField("method", request.getMethod());
            out.writeStringField("path", path);
            out.writeStringField("protocol", request.getConnectionMetaData().getProtocol());
            out.writeStringField("sourceIp", sourceIp);
            out.writeStringField("userAgent", headers.getOrDefault("user-agent", ""));
            out.writeEndObject();
            out.writeStringField("requestId", requestId);
            out.writeStringField("routeKey", routeKey);
            out.writeStringField("stage", "$default");
            out.writeStringField("time", TIME.format(now));
            out.writeNumberField("timeEpoch", now.toEpochMilli());
            out.writeEndObject();
            if (body.length > 0) {
                out.writeFieldName("body");
                if (text) out.writeString(new String(body, StandardCharsets.UTF_8));
                else out.writeBinary(body); // standard base64, padded, one line
            }
            out.writeBooleanField("isBase64Encoded", body.length > 0 && !text);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeMap(JsonGenerator out, String name, Map<String, String> values) throws IOException {
        out.writeObjectFieldStart(name);
        for (var entry : values.entrySet()) out.writeStringField(entry.getKey(), entry.getValue());
        out.writeEndObject();
    }

    /** Decoded parameters; a repeated name's values joined with commas; null when there are none. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = PercentDecoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentDecoding.decode(pair.substring(eq + 1), true);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static List<String> splitCookies(String header) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) cookies.add(cookie.trim());
        }
        return cookies;
    }
}
