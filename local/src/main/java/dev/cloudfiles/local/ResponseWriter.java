package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a function's payload-2.0 response (or a gateway error) into the HTTP response. */
final class ResponseWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Framing headers are the server's business, as with API Gateway. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    static long estimateSize(APIGatewayV2HTTPResponse response) {
        long size = 256 + (response.getBody() == null ? 0 : response.getBody().length());
        if (response.getHeaders() != null) {
            for (var header : response.getHeaders().entrySet()) size += header.getKey().length() + header.getValue().length() + 6;
        }
        if (response.getMultiValueHeaders() != null) {
            for (var header : response.getMultiValueHeaders().entrySet()) {
                for (String value : header.getValue()) size += header.getKey().length() + value.length() + 6;
            }
        }
        if (response.getCookies() != null) size += response.getCookies().stream().mapToLong(c -> c.length() + 3).sum();
        return size;
    }

    void write(HttpExchange exchange, APIGatewayV2HTTPResponse response, String requestId) throws IOException {
        byte[] body;
        try {
            body = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                    ? Base64.getMimeDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badBase64) {
            error(exchange, 502, "the function returned an invalid base64 body", requestId);
            return;
        }
        Headers out = exchange.getResponseHeaders();
        String declaredLength = null;
        if (response.getHeaders() != null) {
            for (var header : response.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase("content-length")) declaredLength = header.getValue();
                if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) out.add(header.getKey(), header.getValue());
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (var header : response.getMultiValueHeaders().entrySet()) {
                if (FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
                header.getValue().forEach(value -> out.add(header.getKey(), value));
            }
        }
        if (response.getCookies() != null) response.getCookies().forEach(c -> out.add("Set-Cookie", c));
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        if (head || status == 304 || status == 204 || status < 200) {
            // No body; a HEAD keeps the Content-Length the function announced for the GET.
            if (head && declaredLength != null && status != 304) out.set("Content-Length", declaredLength);
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        send(exchange, status, body);
    }

    void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
        send(exchange, status, "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) ? null : bytes);
    }

    /** A gateway error as the API's error shape; {@code requestId} only for 5xx, as the contract says. */
    void error(HttpExchange exchange, int status, String message, String requestId) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(message));
        if (requestId != null) body.put("request_id", requestId);
        json(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(status, -1); // -1 = no body, "Content-Length: 0"
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
