package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.PayloadV2;
import dev.cloudfiles.http.RequestLog;
import dev.cloudfiles.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code $default} route: a JSON 404 or 405 instead of API Gateway's own plain 404. It touches
 * no AWS service and needs no configuration, so it has no permissions at all.
 */
public final class RouteNotFoundHandler implements RequestStreamHandler {

    private final AtomicBoolean cold = new AtomicBoolean(true);

    public RouteNotFoundHandler() {}

    /** The local stack's constructor, like the other handlers'; nothing of the app is needed. */
    public RouteNotFoundHandler(CloudFiles app) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        KeepWarm.handle(input, output, context, this::serve);
    }

    private void serve(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = PayloadV2.read(input);
        String requestId = ApiFunction.requestId(request, context);
        RequestLog log = RequestLog.start(request, context, requestId, cold.getAndSet(false), false);
        ApiResponse response = null;
        try {
            response = Routes.unmatched(request.method(), request.rawPath(), requestId);
        } finally {
            log.finish(response, null);
        }
        PayloadV2.write(response, output);
    }
}
