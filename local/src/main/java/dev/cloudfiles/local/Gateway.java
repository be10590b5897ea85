package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on loopback that behaves like an API Gateway HTTP API with payload format 2.0:
 * routes from template.yaml, the event API Gateway would build, its 10 MB request limit and
 * Lambda's 6 MB payload limit, and JSON errors instead of exception text.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final String TOO_LARGE_REQUEST = "request body is larger than API Gateway's 10 MB limit";
    static final String TOO_LARGE_PAYLOAD =
            "request is larger than Lambda's 6 MB payload limit; use a presigned upload (POST /uploads?presigned=true)";
    static final String TOO_LARGE_RESPONSE = "response is larger than Lambda's 6 MB payload limit";

    /** API Gateway's request body limit and Lambda's synchronous payload limit, in bytes. */
    public record Limits(long maxRequestBytes, long maxPayloadBytes) {
        public static final long API_GATEWAY_MAX_REQUEST = 10_485_760;
        public static final long LAMBDA_MAX_PAYLOAD = 6_291_456;
        public static final Limits AWS = new Limits(API_GATEWAY_MAX_REQUEST, LAMBDA_MAX_PAYLOAD);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final TemplateRoutes routes;
    private final Map<String, FunctionInvoker> functions;
    private final Limits limits;
    private final ResponseWriter writer = new ResponseWriter();

    private Gateway(HttpServer server, ExecutorService executor, TemplateRoutes routes,
                    Map<String, FunctionInvoker> functions, Limits limits) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.functions = functions;
        this.limits = limits;
    }

    /**
     * Instantiates each function's handler once, passing {@code app} to its constructor, and
     * starts serving on 127.0.0.1:{@code port} (0 = a free port).
     */
    public static Gateway start(int port, TemplateRoutes routes, Object app, Limits limits) {
        return start(port, routes, app, limits, null);
    }

    /** As {@link #start(int, TemplateRoutes, Object, Limits)}, over HTTPS when {@code tls} is not null. */
    public static Gateway start(int port, TemplateRoutes routes, Object app, Limits limits, SSLContext tls) {
        Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
        for (TemplateRoutes.Route route : routes.routes()) {
            functions.computeIfAbsent(route.functionId(), id -> FunctionInvoker.create(id, route.handler(), app));
        }
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls == null) {
                server = HttpServer.create(address, 128);
            } else {
                HttpsServer https = HttpsServer.create(address, 128);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(
                Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), daemonThreads());
        Gateway gateway = new Gateway(server, executor, routes, Map.copyOf(functions), limits);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        String requestId = newRequestId();
        try (exchange) {
            exchange.getResponseHeaders().set("Apigw-Requestid", requestId);
            serve(exchange, requestId);
        } catch (IOException | RuntimeException e) {
            // The client went away mid-exchange, or writing failed: nothing left to answer.
            LOG.debug("request {} failed: {}", requestId, e.toString());
        }
    }

    private void serve(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        var match = routes.match(method, EventFactory.decodedPath(exchange.getRequestURI().getRawPath()));
        if (match.isEmpty()) {
            writer.json(exchange, 404, Map.of("message", "Not Found"));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean text = EventFactory.isText(contentType);
        long declared = declaredLength(exchange);
        if (declared > limits.maxRequestBytes()) {
            tooLargeRequest(exchange);
            return;
        }
        if (declared >= 0 && EventFactory.encodedBodyLength(declared, text) > limits.maxPayloadBytes()) {
            // Read (not keep) the at most 10 MB, so the client gets its 413 instead of a reset connection.
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            writer.error(exchange, 413, TOO_LARGE_PAYLOAD, null);
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), limits.maxRequestBytes());
        if (body == null) {
            tooLargeRequest(exchange);
            return;
        }
        APIGatewayV2HTTPEvent event = EventFactory.build(exchange, match.get(), requestId, body, text);
        body = null; // the event holds the (encoded) copy now
        if (EventFactory.estimateSize(event) > limits.maxPayloadBytes()) {
            writer.error(exchange, 413, TOO_LARGE_PAYLOAD, null);
            return;
        }
        FunctionInvoker function = functions.get(match.get().route().functionId());
        APIGatewayV2HTTPResponse response;
        try {
            response = function.invoke(event, LambdaContext.start(requestId, function.functionId()));
        } catch (Throwable t) {
            System.err.println("[" + function.functionId() + "] request " + requestId + " failed:");
            t.printStackTrace();
            writer.error(exchange, 500, "internal error", requestId);
            return;
        }
        if (response == null) {
            writer.error(exchange, 502, "the function returned no response", requestId);
        } else if (ResponseWriter.estimateSize(response) > limits.maxPayloadBytes()) {
            writer.error(exchange, 502, TOO_LARGE_RESPONSE, requestId);
        } else {
            writer.write(exchange, response, requestId);
        }
    }

    /** Answers without reading the rest of the body, and drops the connection that still carries it. */
    private void tooLargeRequest(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        writer.error(exchange, 413, TOO_LARGE_REQUEST, null);
    }

    /** The Content-Length, or -1 for a chunked body or none. */
    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) return -1;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The whole body, or null as soon as it passes {@code limit}: never buffers more than that. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) return null;
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

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "gateway-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
