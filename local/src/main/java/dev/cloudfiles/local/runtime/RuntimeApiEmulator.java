package dev.cloudfiles.local.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Lambda Runtime API (the interface between the Lambda service and a runtime) on a
 * free loopback port: enough for the real runtime interface client to run a handler as it does
 * in Lambda. One emulator serves one runtime process, as one Lambda execution environment does.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} blocks until {@link #invoke} queues an
 *       event, then answers it with the request id, deadline and function ARN headers.</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../error} complete
 *       that invocation.</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error} records an initialization failure
 *       ({@link #awaitInitError}), and fails invocations still waiting.</li>
 * </ul>
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_RESULT =
            Pattern.compile("^" + PREFIX + "/invocation/([^/]+)/(response|error)$");

    /** What the runtime sent back for one invocation (or for its initialization). */
    public record Result(String requestId, boolean isError, String errorType, String body) {
        /** The body as UTF-8 text: the handler's serialized response, or the error JSON. */
        @Override
        public String toString() {
            return (isError ? "error " + errorType + ": " : "response: ") + body;
        }
    }

    private record Pending(String requestId, String event, long deadlineMs) {}

    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Result> initError = new CompletableFuture<>();
    /** {@link System#nanoTime()} of the runtime's first {@code /next} poll: its init is done. */
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

    private RuntimeApiEmulator(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    /** Starts an emulator on a free port of 127.0.0.1 for the function of this name. */
    public static RuntimeApiEmulator start(String functionName) {
        try {
            return new RuntimeApiEmulator(functionName);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Runtime API emulator", e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String functionArn() {
        return functionArn;
    }

    /** Queues an event; the future completes when the runtime posts its response or error. */
    public CompletableFuture<Result> submit(String eventJson, Duration deadline) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Result> future = new CompletableFuture<>();
        inFlight.put(requestId, future);
        if (initError.isDone()) future.complete(initError.join());
        else queue.add(new Pending(requestId, eventJson, System.currentTimeMillis() + deadline.toMillis()));
        return future;
    }

    /**
     * Runs one invocation and waits for its result (a handler error is a result, not an
     * exception). {@code timeout} is both the Lambda deadline and how long to wait.
     */
    public Result invoke(String eventJson, Duration timeout) {
        CompletableFuture<Result> future = submit(eventJson, timeout);
        try {
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the runtime did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The init error the runtime reported, if it reports one within {@code timeout}. */
    public Optional<Result> awaitInitError(Duration timeout) {
        return await(initError, timeout);
    }

    /**
     * When the runtime first asked for an event ({@link System#nanoTime()}), that is when it
     * finished its initialization (the handler class loaded and constructed), if it does so
     * within {@code timeout}.
     */
    public Optional<Long> awaitFirstPoll(Duration timeout) {
        return await(firstPoll, timeout);
    }

    /** The future's value, or empty when it does not complete within {@code timeout}. */
    private static <T> Optional<T> await(Future<T> future, Duration timeout) {
        try {
            return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "/invocation/next")) {
                firstPoll.complete(System.nanoTime());
                next(exchange);
                return;
            }
            if (method.equals("POST") && path.equals(PREFIX + "/init/error")) {
                initError.complete(new Result(null, true, errorType(exchange), body(exchange)));
                inFlight.values().forEach(f -> f.complete(initError.join()));
                accepted(exchange);
                return;
            }
            Matcher m = INVOCATION_RESULT.matcher(path);
            if (method.equals("POST") && m.matches()) {
                CompletableFuture<Result> future = inFlight.remove(m.group(1));
                if (future == null) {
                    send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean error = m.group(2).equals("error");
                future.complete(new Result(m.group(1), error, error ? errorType(exchange) : null, body(exchange)));
                accepted(exchange);
                return;
            }
            send(exchange, 404, "{\"errorMessage\":\"no such Runtime API route\",\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            // Emulator closing: the runtime process is about to be destroyed anyway.
            Thread.currentThread().interrupt();
            send(exchange, 500, "{\"errorMessage\":\"shutting down\",\"errorType\":\"ShutDown\"}");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set(
                "Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                        + pending.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        send(exchange, 200, pending.event());
    }

    private static String errorType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        inFlight.values().forEach(f -> f.completeExceptionally(new IllegalStateException("emulator closed")));
    }
}
