package dev.cloudfiles.bench.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same hello-world as {@link HelloEventsHandler}, as a {@code RequestStreamHandler} that reads
 * the payload-2.0 event with Jackson's streaming parser (the fields an API function needs: method,
 * raw path and query, headers, body, isBase64Encoded) and writes the response with the streaming
 * generator: no POJOs, no reflection, no databind. The experiment behind "switch the handlers to a
 * stream handler" (issue 12); bench only, never deployed.
 */
public final class HelloStreamHandler implements RequestStreamHandler {
    private static final JsonFactory JSON = new JsonFactory();

    /** What an API function reads from the event. */
    static final class Request {
        String method = "GET";
        String rawPath = "/";
        String rawQueryString = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        String body;
        boolean base64;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Request request = parse(input);
        try (JsonGenerator out = JSON.createGenerator(output)) {
            out.writeStartObject();
            out.writeNumberField("statusCode", 200);
            out.writeObjectFieldStart("headers");
            out.writeStringField("content-type", "application/json");
            out.writeEndObject();
            out.writeStringField(
                    "body", "{\"hello\":\"" + request.method + " " + request.rawPath.replace("\"", "") + "\"}");
            out.writeBooleanField("isBase64Encoded", false);
            out.writeEndObject();
        }
    }

    static Request parse(InputStream input) throws IOException {
        Request r = new Request();
        try (JsonParser p = JSON.createParser(input)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "rawPath" -> r.rawPath = p.getValueAsString("/");
                    case "rawQueryString" -> r.rawQueryString = p.getValueAsString("");
                    case "body" -> r.body = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "isBase64Encoded" -> r.base64 = value == JsonToken.VALUE_TRUE;
                    case "headers" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            r.headers.put(name, p.getText());
                        }
                    }
                    case "requestContext" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            if (name.equals("http")) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String h = p.currentName();
                                    p.nextToken();
                                    if (h.equals("method")) r.method = p.getText();
                                    else p.skipChildren();
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return r;
    }
}
