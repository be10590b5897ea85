package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudfiles.CloudFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Test handler, a stream handler like the real ones: answers with the event it was given (its
 * JSON, byte for byte), so the gateway's event can be checked.
 */
public final class EchoHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EchoHandler(CloudFiles app) {
        Objects.requireNonNull(app, "the gateway passes the application");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        answer(
                output,
                200,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Function",
                        context.getFunctionName(),
                        "Content-Length",
                        "12345"),
                event,
                false);
    }

    /** The request body back, byte for byte, with its content type. */
    public void echoBody(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        answer(
                output,
                201,
                Map.of(
                        "Content-Type",
                        event.path("headers").path("content-type").asText("none")),
                event.hasNonNull("body") ? event.get("body").asText() : null,
                event.path("isBase64Encoded").asBoolean());
    }

    public void fail(InputStream input, OutputStream output, Context context) {
        throw new IllegalStateException("secret detail that must not leak");
    }

    /** A response over Lambda's 6 MB payload limit. */
    public void huge(InputStream input, OutputStream output, Context context) throws IOException {
        answer(output, 200, Map.of(), "x".repeat(6_300_000), false);
    }

    public void fallback(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        answer(
                output,
                404,
                Map.of("Content-Type", "application/json"),
                "{\"route\":\"" + event.path("routeKey").asText() + "\"}",
                false);
    }

    private static void answer(
            OutputStream output, int status, Map<String, String> headers, String body, boolean base64)
            throws IOException {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", status);
        headers.forEach(response.putObject("headers")::put);
        response.put("body", body);
        response.put("isBase64Encoded", base64);
        JSON.writeValue(output, response);
    }
}
