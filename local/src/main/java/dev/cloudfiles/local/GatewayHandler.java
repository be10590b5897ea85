package dev.cloudfiles.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request: route it, check API Gateway's and Lambda's limits, build the event, invoke, answer. */
final class GatewayHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final TemplateRoutes routes;
    private final Map<String, FunctionInvoker> functions;
    private final Gateway.Limits limits;

    GatewayHandler(TemplateRoutes routes, Map<String, FunctionInvoker> functions, Gateway.Limits limits) {
        super(InvocationType.BLOCKING); // the handlers block on S3 and DynamoDB
        this.routes = routes;
        this.functions = functions;
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = newRequestId();
        response.getHeaders().put("Apigw-Requestid", requestId);
        try {
            serve(request, response, requestId);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            // The client went away mid-exchange, or writing failed: nothing left to answer.
            LOG.debug("request {} failed: {}", requestId, e.toString());
            callback.failed(e);
        }
        return true;
    }

    private void serve(Request request, Response response, String requestId) throws IOException {
        var match = routes.match(
                request.getMethod(),
                EventFactory.decodedPath(request.getHttpURI().getPath()));
        if (match.isEmpty()) {
            ResponseWriter.json(request, response, 404, Map.of("message", "Not Found"));
            return;
        }
        boolean text = EventFactory.isText(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        long declared = request.getLength(); // -1: chunked or none
        if (declared > limits.maxRequestBytes()) {
            tooLargeRequest(request, response);
            return;
        }
        if (declared >= 0 && EventFactory.encodedBodyLength(declared, text) > limits.maxPayloadBytes()) {
            // Read (not keep) the at most 10 MB, so the client gets its 413 instead of a reset connection.
            Content.Source.asInputStream(request).transferTo(OutputStream.nullOutputStream());
            ResponseWriter.error(request, response, 413, Gateway.TOO_LARGE_PAYLOAD, null);
            return;
        }
        byte[] body = readBody(Content.Source.asInputStream(request), declared, limits.maxRequestBytes());
        if (body == null) {
            tooLargeRequest(request, response);
            return;
        }
        byte[] event = EventFactory.build(request, match.get(), requestId, body, text);
        body = null; // the event holds the (encoded) copy now
        if (event.length > limits.maxPayloadBytes()) { // Lambda's limit is on the event's JSON
            ResponseWriter.error(request, response, 413, Gateway.TOO_LARGE_PAYLOAD, null);
            return;
        }
        FunctionInvoker function = functions.get(match.get().route().functionId());
        byte[] answer;
        try {
            answer = function.invoke(event, LambdaContext.start(requestId, function.functionId()));
        } catch (Throwable t) {
            LOG.error("[{}] request {} failed", function.functionId(), requestId, t);
            ResponseWriter.error(request, response, 500, "internal error", requestId);
            return;
        }
        if (answer.length == 0) {
            ResponseWriter.error(request, response, 502, "the function returned no response", requestId);
        } else if (answer.length > limits.maxPayloadBytes()) {
            ResponseWriter.error(request, response, 502, Gateway.TOO_LARGE_RESPONSE, requestId);
        } else {
            ResponseWriter.write(request, response, answer, requestId);
        }
    }

    /** Answers without reading the rest of the body, and drops the connection that still carries it. */
    private static void tooLargeRequest(Request request, Response response) throws IOException {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        ResponseWriter.error(request, response, 413, Gateway.TOO_LARGE_REQUEST, null);
    }

    /**
     * The whole body, or null when it passes {@code limit}: never buffers more than that. A body of
     * declared length ({@code declared >= 0}, at most {@code limit}: checked before) is read into
     * an array of its size (no 64 KiB buffer and no second copy per request); a chunked one grows
     * as it arrives.
     */
    private static byte[] readBody(InputStream in, long declared, long limit) throws IOException {
        if (declared >= 0) {
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) return null; // as soon as it passes: the rest may never come
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Like API Gateway's: unique, short, opaque. */
    private static String newRequestId() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = new byte[12];
        for (int i = 0; i < 8; i++) bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (8 * i));
        for (int i = 0; i < 4; i++) bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (8 * i));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
