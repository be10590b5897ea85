package dev.cloudfiles.bench;

import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.Sha256;
import dev.cloudfiles.store.index.Precondition;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two ratios of issue 12, each measured side by side in one run (A B A B, medians):
 *
 * <ul>
 *   <li><b>warm round ÷ raw calls</b>: put + get + list(100) + delete of 1 KiB through the local
 *       API on one keep-alive connection (through the SDK's url-connection HTTP client, the one
 *       the raw side sends with; and, in the same rounds, through the JDK's HttpClient), against
 *       the S3 and DynamoDB calls that the same work needs, made by the same JVM with the same SDK
 *       clients (PutObject + UpdateItem; GetItem +
 *       GetObject; one Query of 101 items; DeleteItem + a garbage BatchWriteItem). The gap is what
 *       the gateway, the payload-2.0 event, the handler, auth and the log line cost.
 *   <li><b>folded page ÷ flat page</b>: the first page of {@code recursive=false} over 1,500
 *       one-file directories, against the first page of 1,000 names in a flat drive, both through
 *       the API.
 * </ul>
 *
 * <pre>java -cp ... dev.cloudfiles.bench.RatioBench [--rounds 200] [--out bench/results/ratios.md]</pre>
 */
public final class RatioBench {
    private static final byte[] KIB = PositionalContent.bytes(1024);
    private static final String SHA256_OF_KIB = HexFormat.of().formatHex(Sha256.of(KIB));

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("rounds", "out"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "200"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/ratios.md"));
        String started = Machine.now();
        String loadBefore = Machine.loadAverage();
        Calls calls = new Calls();
        try (LocalStack stack =
                LocalStack.builder().interceptors(List.of(calls)).start()) {
            String key = stack.createKey("bench", Set.of(), false).secret();
            String base = stack.gatewayUri() + "/v1/bench";
            // The headline: the API through the HTTP client the raw side's SDK clients use, so that
            // both sides pay the same client; the JDK's HttpClient (the project's Java client's) for
            // comparison, measured in the same rounds.
            Api api = new Api(base, key, Api.sdkHttp());
            Api apiJdk = new Api(base, key, Api.jdkHttp());
            Raw raw = new Raw(
                    stack.clients().s3(),
                    stack.config().bucket(),
                    stack.clients().dynamo(),
                    stack.config().table());
            seed(stack);

            WarmUp warm = warmUp(api, apiJdk, raw);
            List<String> apiCalls = calls.of(() -> api.round(0));
            List<String> rawCalls = calls.of(() -> raw.round(0));
            if (!apiCalls.equals(rawCalls)) {
                throw new IllegalStateException(
                        "the raw round must make the API round's calls: API " + apiCalls + ", raw " + rawCalls);
            }
            double[] apiRound = new double[rounds];
            double[] rawRound = new double[rounds];
            double[] apiJdkRound = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                int n = i;
                apiRound[i] = Stats.millis(() -> api.round(n));
                rawRound[i] = Stats.millis(() -> raw.round(n));
                apiJdkRound[i] = Stats.millis(() -> apiJdk.round(n));
            }
            double[] folded = new double[rounds / 4];
            double[] flat = new double[rounds / 4];
            for (int i = 0; i < folded.length; i++) {
                folded[i] = Stats.millis(() -> api.list("folded", "&recursive=false&limit=1000"));
                flat[i] = Stats.millis(() -> api.list("flat", "&limit=1000"));
            }
            String md =
                    report(started, loadBefore, warm, apiCalls, rounds, apiRound, rawRound, apiJdkRound, folded, flat);
            System.out.print(md);
            Files.createDirectories(out.getParent());
            Files.writeString(out, md);
        }
    }

    /** Warm-up rounds (A B pairs) run, and the JIT's compilation time in the last window of them. */
    record WarmUp(int rounds, double lastWindowCompileMs, double lastWindowMs) {}

    static final int WARMUP_WINDOW = 100;
    static final int MAX_WARMUP = 3000;

    /**
     * Not measured: A B rounds until the JIT has compiled both paths, i.e. until a window of
     * {@value #WARMUP_WINDOW} pairs spends under 5% of its time compiling (at most {@value
     * #MAX_WARMUP} pairs). The seeding (2,600 puts through the store) already compiled the raw
     * side's SDK paths, while the gateway, the event, the handlers and the HTTP client first run
     * here: a fixed 50 pairs left the JIT compiling through the measured rounds, which timed the
     * API path half-compiled (bench/results/design-notes.md). Also warms connections and the key cache.
     */
    static WarmUp warmUp(Api api, Api apiJdk, Raw raw) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int rounds = 0;
        while (true) {
            long compiledBefore = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < WARMUP_WINDOW; i++, rounds++) {
                api.round(rounds);
                raw.round(rounds);
                apiJdk.round(rounds);
            }
            double windowMs = (System.nanoTime() - t0) / 1e6;
            double compileMs = jit.getTotalCompilationTime() - compiledBefore;
            System.err.printf(
                    "warm-up: %d pairs, compiling %.0f ms of the last %.0f ms%n", rounds, compileMs, windowMs);
            if (compileMs < 0.05 * windowMs || rounds >= MAX_WARMUP) return new WarmUp(rounds, compileMs, windowMs);
        }
    }

    /** 100 files for the rounds' list, 1,500 one-file directories, 1,000 flat names. */
    private static void seed(LocalStack stack) {
        var files = stack.app().files();
        for (int i = 0; i < 100; i++)
            files.put(Drive.of("bench", "round"), FileName.of("listed/" + i), KIB, "x", Precondition.NONE);
        for (int i = 0; i < 1500; i++) {
            files.put(
                    Drive.of("bench", "folded"), FileName.of(String.format("d%04d/f", i)), KIB, "x", Precondition.NONE);
        }
        for (int i = 0; i < 1000; i++) {
            files.put(Drive.of("bench", "flat"), FileName.of(String.format("n%04d", i)), KIB, "x", Precondition.NONE);
        }
    }

    /** One HTTP exchange: method, URI, X-Api-Key, body (null: none); answers the status. */
    @FunctionalInterface
    interface Http {
        int send(String method, URI uri, String key, byte[] body) throws Exception;
    }

    /** The API over one keep-alive HTTP/1.1 connection. */
    private record Api(String base, String key, Http http) {

        /**
         * The SDK's url-connection HTTP client, the one the raw side's S3 and DynamoDB clients (and
         * the functions') send with: one keep-alive connection, blocking, no thread hand-offs.
         */
        static Http sdkHttp() {
            SdkHttpClient client = UrlConnectionHttpClient.builder().build();
            return (method, uri, key, body) -> {
                SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                        .method(SdkHttpMethod.fromValue(method))
                        .uri(uri)
                        .putHeader("X-Api-Key", key);
                HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder();
                if (body != null) {
                    request.putHeader("Content-Type", "application/octet-stream")
                            .putHeader("Content-Length", Integer.toString(body.length));
                    execute.contentStreamProvider(() -> new ByteArrayInputStream(body));
                }
                HttpExecuteResponse response = client.prepareRequest(
                                execute.request(request.build()).build())
                        .call();
                // Read to the end, so the connection goes back to the keep-alive cache.
                if (response.responseBody().isPresent()) {
                    try (var in = response.responseBody().get()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                return response.httpResponse().statusCode();
            };
        }

        /**
         * The JDK's HttpClient, as the project's Java client uses it ({@code
         * dev.cloudfiles.client.Transport}): HTTP/1.1, since a default HttpClient sends an h2c upgrade
         * offer with every request over plain http, which no client of API Gateway (HTTPS, ALPN)
         * sends. Its asynchronous core hands each exchange between threads.
         */
        static Http jdkHttp() {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return (method, uri, key, body) -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                        .header("X-Api-Key", key)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                if (body != null) b.header("Content-Type", "application/octet-stream");
                return client.send(b.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            };
        }

        void round(int i) throws Exception {
            String name = "r" + (i % 10) + ".bin";
            send("POST", "/round/files?name=" + name, KIB, 201);
            send("GET", "/round/files/download?name=" + name, null, 200);
            send("GET", "/round/files?prefix=listed/&limit=100", null, 200);
            send("DELETE", "/round/files", ("{\"names\":[\"" + name + "\"]}").getBytes(), 200);
        }

        void list(String drive, String query) throws Exception {
            send("GET", "/" + drive + "/files?x=1" + query, null, 200);
        }

        private void send(String method, String path, byte[] body, int expected) throws Exception {
            int status = http.send(method, URI.create(base + path), key, body);
            if (status != expected) throw new IllegalStateException(method + " " + path + " answered " + status);
        }
    }

    /**
     * The same work as S3 and DynamoDB calls, made by the same JVM with the same SDK clients: each
     * request has the members the API's store sets (content type and metadata of the blob; the
     * index write's update and condition expressions and ReturnValues; the list's key condition;
     * the delete's condition and ReturnValues; a garbage record of the same attributes), so that
     * S3Proxy and dynalite do the same work for both sides. {@link Calls} checks it.
     */
    private record Raw(S3Client s3, String bucket, DynamoDbClient dynamo, String table) {
        void round(int i) {
            String pk = "bench/raw";
            String name = "r" + (i % 10) + ".bin";
            String blob = "bench/raw/blob" + i;
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(blob)
                            .contentType("application/octet-stream")
                            .metadata(Map.of("cf-drive", pk, "cf-name", "cjAuYmlu")),
                    RequestBody.fromBytes(KIB));
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(pk, name))
                    .returnValues(ReturnValue.ALL_OLD)
                    .updateExpression("SET #blob = :blob, #size = :size, #ct = :ct, #etag = :etag, #lm = :lm,"
                            + " #v = if_not_exists(#v, :zero) + :one, #sha = :sha")
                    .conditionExpression("attribute_not_exists(#mvto) OR #blob = :blob")
                    .expressionAttributeNames(Map.of(
                            "#blob", "blob",
                            "#size", "size",
                            "#ct", "content_type",
                            "#etag", "etag",
                            "#lm", "last_modified",
                            "#v", "version",
                            "#sha", "sha256",
                            "#mvto", "moving_to"))
                    .expressionAttributeValues(Map.of(
                            ":blob", AttributeValue.fromS(blob),
                            ":size", AttributeValue.fromN("1024"),
                            ":ct", AttributeValue.fromS("application/octet-stream"),
                            ":etag", AttributeValue.fromS("\"0f343b0931126a20f133d67c2b018a3b\""),
                            ":lm", AttributeValue.fromN(Long.toString(System.currentTimeMillis())),
                            ":zero", AttributeValue.fromN("0"),
                            ":one", AttributeValue.fromN("1"),
                            ":sha", AttributeValue.fromS(SHA256_OF_KIB))));
            dynamo.getItem(b -> b.tableName(table).key(key(pk, name)).consistentRead(true));
            s3.getObject(b -> b.bucket(bucket).key(blob), (response, in) -> in.readAllBytes());
            dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS("bench/round"), ":prefix", AttributeValue.fromS("listed/")))
                    .limit(101)
                    .consistentRead(true));
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(pk, name))
                    .returnValues(ReturnValue.ALL_OLD)
                    .conditionExpression("attribute_not_exists(#mvto) AND attribute_not_exists(#mvin)")
                    .expressionAttributeNames(Map.of("#mvto", "moving_to", "#mvin", "move_in")));
            long due = System.currentTimeMillis() + 900_000;
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                    table,
                    List.of(WriteRequest.builder()
                            .putRequest(p -> p.item(Map.of(
                                    "pk", AttributeValue.fromS("#raw-garbage"),
                                    "sk", AttributeValue.fromS(due + "#b#" + blob),
                                    "name", AttributeValue.fromS(name),
                                    "blob", AttributeValue.fromS(blob),
                                    "drive", AttributeValue.fromS(pk),
                                    "due", AttributeValue.fromN(Long.toString(due)))))
                            .build()))));
        }

        private static Map<String, AttributeValue> key(String pk, String sk) {
            return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
        }
    }

    /**
     * The S3 and DynamoDB calls of one round, counted at the SDK boundary: each as its operation and
     * the request members it sets. The bench refuses to measure when the two sides' calls differ.
     */
    static final class Calls implements ExecutionInterceptor {
        private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean recording;

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (!recording) return;
            SdkRequest request = context.request();
            List<String> members = new ArrayList<>();
            for (SdkField<?> field : request.sdkFields()) {
                Object value = field.getValueOrDefault(request);
                if (value != null
                        && !(value instanceof SdkAutoConstructMap)
                        && !(value instanceof SdkAutoConstructList)) members.add(field.memberName());
            }
            recorded.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + members);
        }

        List<String> of(Stats.Work round) throws Exception {
            recorded.clear();
            recording = true;
            try {
                round.run();
            } finally {
                recording = false;
            }
            return List.copyOf(recorded);
        }
    }

    static String report(
            String started,
            String loadBefore,
            WarmUp warm,
            List<String> calls,
            int rounds,
            double[] apiRound,
            double[] rawRound,
            double[] apiJdkRound,
            double[] folded,
            double[] flat) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(
                "| warm round through the API ÷ the raw calls (both sides on the SDK's url-connection HTTP client) | **%.2f×** | %.1f ms | %.1f ms | %d pairs |",
                Stats.pairedRatio(apiRound, rawRound), Stats.median(apiRound), Stats.median(rawRound), rounds));
        rows.add(String.format(
                "| the same, the API through the JDK's HttpClient (the project's Java client's), same rounds | %.2f× | %.1f ms | %.1f ms | %d pairs |",
                Stats.pairedRatio(apiJdkRound, rawRound), Stats.median(apiJdkRound), Stats.median(rawRound), rounds));
        rows.add(String.format(
                "| folded page (1,500 one-file directories) ÷ flat page (1,000 names) | **%.2f×** | %.1f ms | %.1f ms | %d pairs |",
                Stats.pairedRatio(folded, flat), Stats.median(folded), Stats.median(flat), folded.length));
        return "# Ratios measured side by side\n\n"
                + "- started: " + started + "\n"
                + "- machine: " + Machine.describe() + "\n"
                + "- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                + "- command: `make bench-ratios` (RatioBench, in-memory local stack, A B A B, medians of pairwise ratios)\n"
                + String.format(
                        "- warm-up: %d A B pairs, until the JIT compiled for under 5%% of a window (last window: %.0f ms of %.0f ms)%n",
                        warm.rounds(), warm.lastWindowCompileMs(), warm.lastWindowMs())
                + "- calls per round, the same on both sides (checked at the SDK boundary): "
                + calls.stream().map(c -> c.substring(0, c.indexOf('['))).toList() + "\n\n"
                + "| ratio | median of pairs | A median | B median | n |\n|---|---:|---:|---:|---:|\n"
                + String.join("\n", rows) + "\n";
    }
}
