package dev.cloudfiles.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.http.ApiError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Turns a function's payload-2.0 response, the JSON it wrote, (or a gateway error) into the HTTP
 * response; blocking.
 */
final class ResponseWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Framing headers are the server's business, as with API Gateway. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    private ResponseWriter() {}

    /**
     * {@code answer}: the function's output. As API Gateway reads payload 2.0: a JSON object with a
     * {@code statusCode} is a response (headers, multiValueHeaders, cookies, body, isBase64Encoded);
     * any other JSON is the body of a 200 {@code application/json} answer; anything else is a 502.
     */
    static void write(Request request, Response response, byte[] answer, String requestId) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(answer);
        } catch (IOException notJson) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            error(request, response, 502, "the function returned an invalid response", requestId);
            return;
        }
        if (!node.isObject() || !node.has("statusCode")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            send(request, response, 200, answer);
            return;
        }
        JsonNode bodyNode = node.get("body");
        String text = bodyNode == null || bodyNode.isNull() ? null : bodyNode.asText();
        byte[] body;
        try {
            body = text == null
                    ? new byte[0]
                    : node.path("isBase64Encoded").asBoolean(false)
                            ? Base64.getMimeDecoder().decode(text)
                            : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badBase64) {
            error(request, response, 502, "the function returned an invalid base64 body", requestId);
            return;
        }
        HttpFields.Mutable out = response.getHeaders();
        String declaredLength = null;
        for (var header : node.path("headers").properties()) {
            String value = header.getValue().asText();
            if (header.getKey().equalsIgnoreCase("content-length")) declaredLength = value;
            if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) out.add(header.getKey(), value);
        }
        for (var header : node.path("multiValueHeaders").properties()) {
            if (FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
            header.getValue().forEach(value -> out.add(header.getKey(), value.asText()));
        }
        node.path("cookies").forEach(c -> out.add(HttpHeader.SET_COOKIE, c.asText()));
        int status = node.path("statusCode").asInt(0) == 0
                ? 200
                : node.path("statusCode").asInt();
        boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
        if (head || status == 304 || status == 204 || status < 200) {
            // No body; a HEAD keeps the Content-Length the function announced for the GET.
            if (head && declaredLength != null && status != 304) out.put(HttpHeader.CONTENT_LENGTH, declaredLength);
            response.setStatus(status);
            Content.Sink.write(response, true, null);
            return;
        }
        send(request, response, status, body);
    }

    static void json(Request request, Response response, int status, Map<String, ?> body) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        send(request, response, status, jsonBytes(body));
    }

    /** A gateway error as the API's error shape; {@code requestId} only for 5xx, as the contract says. */
    static void error(Request request, Response response, int status, String message, String requestId)
            throws IOException {
        json(request, response, status, errorBody(status, message, requestId));
    }

    static Map<String, Object> errorBody(int status, String message, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(message));
        body.put("code", ApiError.forStatus(status).code());
        if (requestId != null) body.put("request_id", requestId);
        return body;
    }

    static byte[] jsonBytes(Map<String, ?> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    private static void send(Request request, Response response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
        Content.Sink.write(response, true, head || body.length == 0 ? null : ByteBuffer.wrap(body));
    }
}
