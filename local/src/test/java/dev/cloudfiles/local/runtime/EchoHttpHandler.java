package dev.cloudfiles.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/** Harness self-test handler, a stream handler like the real ones: echoes what the runtime client gave it (event and Context). */
public class EchoHttpHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fromEnv = System.getenv("ECHO_SETTING");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        if ("/boom".equals(event.path("rawPath").asText())) throw new IllegalStateException("boom on purpose");
        JsonNode query = event.get("queryStringParameters");
        String body = String.join(
                "|",
                event.path("routeKey").asText(),
                event.path("rawPath").asText(),
                query == null || query.isNull() ? "null" : String.valueOf(JSON.convertValue(query, TreeMap.class)),
                text(event.path("headers").get("x-api-key")),
                event.at("/requestContext/http/method").asText(),
                text(event.get("body")),
                String.valueOf(event.path("isBase64Encoded").asBoolean()),
                context.getFunctionName(),
                context.getAwsRequestId(),
                context.getInvokedFunctionArn(),
                String.valueOf(context.getMemoryLimitInMB()),
                String.valueOf(context.getRemainingTimeInMillis() > 0),
                String.valueOf(fromEnv),
                // The memory the JVM sized itself for: the sandbox's, not this machine's.
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .getVMOption("MaxRAM")
                        .getValue());
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", 200);
        Map.of("content-type", "text/plain").forEach(response.putObject("headers")::put);
        response.put("body", body);
        JSON.writeValue(output, response);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.asText();
    }
}
