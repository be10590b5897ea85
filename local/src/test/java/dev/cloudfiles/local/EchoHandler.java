package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.CloudFiles;
import java.util.Map;
import java.util.Objects;

/** Test handler: answers with the event it was given, so the gateway's event can be checked. */
public final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EchoHandler(CloudFiles app) {
        Objects.requireNonNull(app, "the gateway passes the application");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of(
                            "Content-Type",
                            "application/json",
                            "X-Function",
                            context.getFunctionName(),
                            "Content-Length",
                            "12345"))
                    .withBody(JSON.writeValueAsString(event))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body back, byte for byte, with its content type. */
    public APIGatewayV2HTTPResponse echoBody(APIGatewayV2HTTPEvent event, Context context) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", event.getHeaders().getOrDefault("content-type", "none")))
                .withBody(event.getBody())
                .withIsBase64Encoded(event.getIsBase64Encoded())
                .build();
    }

    public APIGatewayV2HTTPResponse fail(APIGatewayV2HTTPEvent event, Context context) {
        throw new IllegalStateException("secret detail that must not leak");
    }

    /** A response over Lambda's 6 MB payload limit. */
    public APIGatewayV2HTTPResponse huge(APIGatewayV2HTTPEvent event, Context context) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withBody("x".repeat(6_300_000))
                .build();
    }

    public APIGatewayV2HTTPResponse fallback(APIGatewayV2HTTPEvent event, Context context) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(404)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"route\":\"" + event.getRouteKey() + "\"}")
                .build();
    }
}
