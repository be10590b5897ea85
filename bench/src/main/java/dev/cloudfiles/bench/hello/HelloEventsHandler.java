package dev.cloudfiles.bench.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The yardstick: a hello-world payload-2.0 handler on the {@code aws-lambda-java-events}
 * POJOs, which the runtime client fills by reflection. It reads the method and path and answers a
 * small JSON body; nothing else. Bench only: never deployed.
 */
public final class HelloEventsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var http = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getHttp();
        String method = http == null ? "GET" : http.getMethod();
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"hello\":\"" + method + " " + path.replace("\"", "") + "\"}")
                .withIsBase64Encoded(false)
                .build();
    }
}
