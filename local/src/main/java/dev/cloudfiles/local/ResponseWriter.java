package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
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

/** Turns a function's payload-2.0 response (or a gateway error) into the HTTP response; blocking. */
final class ResponseWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Framing headers are the server's business, as with API Gateway. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    private ResponseWriter() {}

    static long estimateSize(APIGatewayV2HTTPResponse response) {
        long size = 256 + (response.getBody() == null ? 0 : response.getBody().length());
        if (response.getHeaders() != null) {
            for (var header : response.getHeaders().entrySet())
                size += header.getKey().length() + header.getValue().length() + 6;
        }
        if (response.getMultiValueHeaders() != null) {
            for (var header : response.getMultiValueHeaders().entrySet()) {
                for (String value : header.getValue()) size += header.getKey().length() + value.length() + 6;
            }
        }
        if (response.getCookies() != null)
            size += response.getCookies().stream()
                    .mapToLong(c -> c.length() + 3)
                    .sum();
        return size;
    }

    static void write(Request request, Response response, APIGatewayV2HTTPResponse answer, String requestId)
            throws IOException {
        byte[] body;
        try {
            body = answer.getBody() == null
                    ? new byte[0]
                    : answer.getIsBase64Encoded()
                            ? Base64.getMimeDecoder().decode(answer.getBody())
                            : answer.getBody().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badBase64) {
            error(request, response, 502, "the function returned an invalid base64 body", requestId);
            return;
        }
        HttpFields.Mutable out = response.getHeaders();
        String declaredLength = null;
        if (answer.getHeaders() != null) {
            for (var header : answer.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase("content-length")) declaredLength = header.getValue();
                if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT)))
                    out.add(header.getKey(), header.getValue());
            }
        }
        if (answer.getMultiValueHeaders() != null) {
            for (var header : answer.getMultiValueHeaders().entrySet()) {
                if (FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
                header.getValue().forEach(value -> out.add(header.getKey(), value));
            }
        }
        if (answer.getCookies() != null) answer.getCookies().forEach(c -> out.add(HttpHeader.SET_COOKIE, c));
        int status = answer.getStatusCode() == 0 ? 200 : answer.getStatusCode();
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
