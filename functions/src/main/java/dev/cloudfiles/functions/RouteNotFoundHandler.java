package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.RequestLog;
import dev.cloudfiles.http.Routes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code $default} route: a JSON 404 or 405 instead of API Gateway's own plain 404. It touches
 * no AWS service and needs no configuration, so it has no permissions at all.
 */
public final class RouteNotFoundHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final AtomicBoolean cold = new AtomicBoolean(true);

    public RouteNotFoundHandler() {}

    /** The local stack's constructor, like the other handlers'; nothing of the app is needed. */
    public RouteNotFoundHandler(CloudFiles app) {}

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var http = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getHttp();
        String method = http == null || http.getMethod() == null ? "GET" : http.getMethod();
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        String requestId = ApiFunction.requestId(event, context);
        RequestLog log = RequestLog.start(event, context, requestId, cold.getAndSet(false), false);
        ApiResponse response = null;
        try {
            response = Routes.unmatched(method, path, requestId);
        } finally {
            log.finish(response, null);
        }
        return response.toEvent();
    }
}
