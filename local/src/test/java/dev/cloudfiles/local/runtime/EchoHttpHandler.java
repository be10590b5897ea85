package dev.cloudfiles.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** Harness self-test handler: echoes what the runtime client gave it (event and Context). */
public class EchoHttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final String fromEnv = System.getenv("ECHO_SETTING");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if ("/boom".equals(event.getRawPath())) throw new IllegalStateException("boom on purpose");
        String body = String.join(
                "|",
                event.getRouteKey(),
                event.getRawPath(),
                String.valueOf(event.getQueryStringParameters()),
                String.valueOf(event.getHeaders().get("x-api-key")),
                event.getRequestContext().getHttp().getMethod(),
                String.valueOf(event.getBody()),
                String.valueOf(event.getIsBase64Encoded()),
                context.getFunctionName(),
                context.getAwsRequestId(),
                context.getInvokedFunctionArn(),
                String.valueOf(context.getMemoryLimitInMB()),
                String.valueOf(context.getRemainingTimeInMillis() > 0),
                String.valueOf(fromEnv));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "text/plain"))
                .withBody(body)
                .build();
    }
}
