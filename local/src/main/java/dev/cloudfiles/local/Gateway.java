package dev.cloudfiles.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server on loopback that behaves like an API Gateway HTTP API with payload format 2.0:
 * routes from template.yaml, the event API Gateway would build, its 10 MB request limit and
 * Lambda's 6 MB payload limit, and JSON errors instead of exception text.
 *
 * <p>The server is Jetty 12 core (no servlets): it turns Nagle off on every connection (a
 * keep-alive client does not wait for a delayed ACK), leaves the query string raw for the
 * handlers' lenient parsing, and answers what it refuses itself with JSON ({@link JsonErrorHandler}).
 */
public final class Gateway implements AutoCloseable {
    static final String TOO_LARGE_REQUEST = "request body is larger than API Gateway's 10 MB limit";
    /**
     * Where Lambda refuses the invocation (and on AWS the caller gets API Gateway's own error, docs/
     * configuration.md › Limits), this gateway says what happened: the limit is on the event, so the body as sent may be at most about 4.4 MiB
     * (binary, base64 in the event) or less (text, JSON-escaped).
     */
    static final String TOO_LARGE_PAYLOAD = "request body does not fit Lambda's 6 MB invocation payload once in the"
            + " event (base64 for a binary body, JSON-escaped for text): a put or part carries at most 4 MiB as sent"
            + " (MaxInlineUploadBytes); send larger files in parts: POST /uploads?name=NAME&size=BYTES&presigned=true"
            + " (docs/API.md, Large files)";

    static final String TOO_LARGE_RESPONSE = "response is larger than Lambda's 6 MB payload limit";
    /**
     * Request line plus headers. Generous on purpose: whatever API Gateway passes (its quota is
     * about 10 KB of header values, with no count limit) must reach the function.
     */
    static final int MAX_REQUEST_HEAD_BYTES = 128 * 1024;

    /** API Gateway's request body limit and Lambda's synchronous payload limit, in bytes. */
    public record Limits(long maxRequestBytes, long maxPayloadBytes) {
        public static final long API_GATEWAY_MAX_REQUEST = 10_485_760;
        public static final long LAMBDA_MAX_PAYLOAD = 6_291_456;
        public static final Limits AWS = new Limits(API_GATEWAY_MAX_REQUEST, LAMBDA_MAX_PAYLOAD);
    }

    private final Server server;
    private final ServerConnector connector;
    private final boolean secure;

    private Gateway(Server server, ServerConnector connector, boolean secure) {
        this.server = server;
        this.connector = connector;
        this.secure = secure;
    }

    /**
     * Instantiates each function's handler once, passing {@code app} to its constructor, and
     * starts serving on 127.0.0.1:{@code port} (0 = a free port).
     */
    public static Gateway start(int port, TemplateRoutes routes, Object app, Limits limits) {
        return start(port, routes, app, limits, null);
    }

    /**
     * As {@link #start(int, TemplateRoutes, Object, Limits)}, over HTTPS when {@code tls} is not null.
     * A taken port is a {@link PortInUseException}.
     */
    public static Gateway start(int port, TemplateRoutes routes, Object app, Limits limits, SSLContext tls) {
        Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
        for (TemplateRoutes.Route route : routes.routes()) {
            functions.computeIfAbsent(route.functionId(), id -> FunctionInvoker.create(id, route.handler(), app));
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = connector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new GatewayHandler(routes, Map.copyOf(functions), limits));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (PortInUseException.isBindFailure(e)) throw new PortInUseException(LocalService.GATEWAY, port, e);
            throw new IllegalStateException("the gateway did not start on 127.0.0.1:" + port, e);
        }
        return new Gateway(server, connector, tls != null);
    }

    private static ServerConnector connector(Server server, SSLContext tls) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        // API Gateway hands the function a decoded path whatever it contains (%2F, %25, ..): so must we.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setHttpCompliance(HttpCompliance.RFC9110);
        if (tls == null) return new ServerConnector(server, new HttpConnectionFactory(http));
        http.addCustomizer(
                new SecureRequestCustomizer(false, false, -1, false)); // no SNI checks: a certificate for loopback
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    }

    public URI uri() {
        return URI.create((secure ? "https" : "http") + "://127.0.0.1:" + port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the gateway did not stop", e);
        }
    }
}
