package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * A real HTTP forward proxy on loopback that the client is configured to use
 * ({@link CloudDriveConfig.Builder#proxy}): it forwards every request to its real target (the
 * gateway, or S3Proxy for presigned URLs, whose signatures stay valid because the Host is kept)
 * unless the fault rule answers instead. Records every request it sees.
 */
final class FaultProxy implements AutoCloseable {
    /** A request as the proxy saw it, its body included. */
    record Seen(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        boolean has(String header) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(header));
        }

        /** The first value of a header (any case), or null. */
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer the proxy gives instead of forwarding. */
    record Fault(int status, Map<String, String> headers, String body) {
        /** An error body without {@code code}, as servers before issue 10 answered. */
        static Fault of(int status) {
            return new Fault(status, Map.of(), "{\"errors\":[\"injected by the test proxy\"]}");
        }

        static Fault of(int status, String code) {
            return new Fault(
                    status, Map.of(), "{\"errors\":[\"injected by the test proxy\"],\"code\":\"" + code + "\"}");
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "keep-alive",
            "proxy-connection",
            "proxy-authorization",
            "transfer-encoding",
            "te",
            "trailer",
            "date",
            "via",
            "warning",
            "from");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient upstream = TestHttp.API;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Fault> rule = s -> null;
    private volatile BiFunction<Seen, byte[], byte[]> rewrite = (s, body) -> body;
    private volatile ObjIntConsumer<Seen> forwarded = (s, status) -> {};
    private volatile Function<Seen, byte[]> rewriteRequest = Seen::body;
    private volatile Function<Seen, Integer> cut = s -> null;

    FaultProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    ProxySelector selector() {
        return ProxySelector.of(server.getAddress());
    }

    /** Answers with the rule's fault when it returns one; forwards otherwise. */
    void rule(Function<Seen, Fault> rule) {
        this.rule = rule;
    }

    /** Replaces the body of a forwarded answer with what {@code rewrite} makes of it (given the request). */
    void rewrite(BiFunction<Seen, byte[], byte[]> rewrite) {
        this.rewrite = rewrite;
    }

    /** Forwards what {@code rewrite} makes of a request's body instead of the body sent (corruption on the way). */
    void rewriteRequest(Function<Seen, byte[]> rewrite) {
        this.rewriteRequest = rewrite;
    }

    /**
     * Breaks off forwarded answers: when {@code cut} returns a number for a request, the answer's
     * headers (its full Content-Length included) and only that many bytes of its body are sent,
     * then the connection is dropped, as a network failure mid-body would.
     */
    void cut(Function<Seen, Integer> cut) {
        this.cut = cut;
    }

    /**
     * A {@link #rewrite} that gives a JSON error body the {@code code} a server of issue 10 sends,
     * unless it has one already: for tests that need the code before the local stack sends it.
     */
    static BiFunction<Seen, byte[], byte[]> addingCode(String code) {
        return (request, body) -> {
            try {
                if (!(TestHttp.JSON.readTree(body) instanceof ObjectNode json) || json.has("code")) return body;
                return TestHttp.JSON.writeValueAsBytes(json.put("code", code));
            } catch (IOException notJson) {
                return body;
            }
        };
    }

    /** Told of every request forwarded to its target, with the target's status, before the client gets it. */
    void onForwarded(ObjIntConsumer<Seen> listener) {
        this.forwarded = listener;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            byte[] sent;
            try (InputStream in = exchange.getRequestBody()) {
                sent = in.readAllBytes();
            }
            Seen request = new Seen(exchange.getRequestMethod(), uri, Map.copyOf(exchange.getRequestHeaders()), sent);
            seen.add(request);
            byte[] body = rewriteRequest.apply(request);
            Fault fault = rule.apply(request);
            if (fault != null) {
                byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(fault.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(uri)
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                            && !exchange.getRequestMethod().equals("PUT")
                                            && !exchange.getRequestMethod().equals("POST")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) return;
                values.forEach(v -> forward.header(name, v));
            });
            HttpResponse<byte[]> answer;
            try {
                answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            forwarded.accept(request, answer.statusCode());
            answer.headers().map().forEach((name, values) -> {
                if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")) return;
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            });
            byte[] bytes = rewrite.apply(request, answer.body());
            Integer keep = cut.apply(request);
            if (keep != null && keep < bytes.length) {
                exchange.sendResponseHeaders(answer.statusCode(), bytes.length);
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, keep);
                out.flush();
                // closing the exchange short of its Content-Length drops the connection
                return;
            }
            boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
