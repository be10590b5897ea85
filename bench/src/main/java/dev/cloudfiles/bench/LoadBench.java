package dev.cloudfiles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Load benchmark of the HTTP API: fixed numbers of puts, inline gets, list pages, folded
 * listings and delete-many requests at concurrency 1 and 8 (each phase also bounded in time),
 * then one large presigned upload and 302 download. Runs against an in-memory local stack that
 * it starts in this JVM (default), or against a running {@code make run} ({@code --url}, {@code
 * --key}). Prints a Markdown table and writes it to {@code --out}.
 *
 * <pre>
 * java -cp ... dev.cloudfiles.bench.LoadBench [--url http://127.0.0.1:3000 --key KEY --project dev]
 *      [--concurrency 1,8] [--delete-concurrency 1] [--scale 1.0] [--large-mib 256] [--phase-seconds 15]
 *      [--out bench/results/load.md]
 * </pre>
 */
public final class LoadBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    /** SDK calls the handlers make, by service, counted in the embedded stack only. */
    static final Map<String, LongAdder> BACKEND_CALLS = new ConcurrentHashMap<>();
    /** Time spent in those calls (SDK call start → response unmarshalled), by service, in nanoseconds. */
    static final Map<String, LongAdder> BACKEND_NANOS = new ConcurrentHashMap<>();
    /** Items DynamoDB Query calls read (ScannedCount): what a query costs in read capacity. */
    static final LongAdder ITEMS_READ = new LongAdder();

    private static final ExecutionAttribute<Long> CALL_START = new ExecutionAttribute<>("bench-call-start");

    static final class CountingInterceptor implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            BACKEND_CALLS
                    .computeIfAbsent(service(attributes), s -> new LongAdder())
                    .increment();
            attributes.putAttribute(CALL_START, System.nanoTime());
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            done(attributes);
            if (context.response() instanceof QueryResponse q && q.scannedCount() != null) {
                ITEMS_READ.add(q.scannedCount());
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            done(attributes);
        }

        private static void done(ExecutionAttributes attributes) {
            Long start = attributes.getAttribute(CALL_START);
            if (start != null) {
                BACKEND_NANOS
                        .computeIfAbsent(service(attributes), s -> new LongAdder())
                        .add(System.nanoTime() - start);
            }
        }

        private static String service(ExecutionAttributes attributes) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            return service == null ? "?" : service;
        }
    }

    /** One measured phase. */
    record Row(
            String operation,
            int concurrency,
            long count,
            int planned,
            long bytesPerOp,
            double seconds,
            Histogram latencyMicros,
            String backendPerOp) {}

    interface Op {
        void run(int i) throws Exception;
    }

    private final HttpClient http;
    private final URI api;
    private final String key;
    private final String project;
    private final Duration phaseLimit;
    private final boolean countBackend;
    private String listingDrive;

    LoadBench(URI api, String key, String project, Duration phaseLimit, boolean countBackend) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.api = api;
        this.key = key;
        this.project = project;
        this.phaseLimit = phaseLimit;
        this.countBackend = countBackend;
    }

    /** The code measured (commit, dirty or not), taken when the run starts. */
    private static String tree = "unknown";

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(
                args,
                Set.of(
                        "url",
                        "key",
                        "project",
                        "concurrency",
                        "scale",
                        "large-mib",
                        "phase-seconds",
                        "out",
                        "delete-concurrency"));
        int[] levels = Arrays.stream(opt.getOrDefault("concurrency", "1,8").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        Set<Integer> deleteLevels = new HashSet<>();
        for (String s : opt.getOrDefault("delete-concurrency", "1").split(","))
            deleteLevels.add(Integer.parseInt(s.trim()));
        double scale = Double.parseDouble(opt.getOrDefault("scale", "1"));
        long largeMiB = Long.parseLong(opt.getOrDefault("large-mib", "256"));
        Duration phaseLimit = Duration.ofSeconds(Long.parseLong(opt.getOrDefault("phase-seconds", "15")));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/load.md"));

        tree = Machine.tree();
        String loadBefore = Machine.loadAverage();
        String started = Machine.now();
        LocalStack stack = null;
        try {
            URI api;
            String key;
            String project;
            String mode;
            if (opt.containsKey("url")) {
                api = URI.create(opt.get("url"));
                key = opt.get("key");
                if (key == null) throw new IllegalArgumentException("--url needs --key");
                project = opt.getOrDefault("project", "dev");
                mode = "a running stack at " + api;
            } else {
                stack = LocalStack.builder()
                        .interceptors(List.of(new CountingInterceptor()))
                        .start();
                api = stack.gatewayUri();
                project = "bench";
                key = stack.createKey(project, Set.of(), false).secret();
                mode = "an in-memory local stack (S3Proxy transient store + dynalite in memory) started in the"
                        + " benchmark's own JVM: load generator, gateway, handlers and S3Proxy share the cores,"
                        + " dynalite is a child Node.js process";
            }
            LoadBench bench = new LoadBench(api, key, project, phaseLimit, stack != null);
            List<Row> rows = bench.runAll(levels, deleteLevels, scale);
            String large = largeMiB > 0 ? bench.large(largeMiB) : "";
            String md = report(mode, started, loadBefore, Machine.loadAverage(), args, rows, large, scale);
            System.out.println(md);
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, md);
            System.err.println("wrote " + out.toAbsolutePath());
        } finally {
            if (stack != null) stack.close();
        }
    }

    // ---------------------------------------------------------------- the phases

    List<Row> runAll(int[] levels, Set<Integer> deleteLevels, double scale) throws Exception {
        int kib1 = n(200, scale), kib64 = n(100, scale), mib1 = n(20, scale);
        int page100 = n(100, scale), page1000 = n(20, scale), folded = n(5, scale), walks = n(5, scale);
        int dirs = 40;
        int perDir = Math.max(2, (int) Math.round(50 * scale));
        int listingNames = dirs * perDir;
        byte[] oneKiB = PositionalContent.bytes(1024),
                sixtyFourKiB = PositionalContent.bytes(64 * 1024),
                oneMiB = PositionalContent.bytes(1 << 20);

        // Warm-up (not reported): JIT of the client, gateway, handlers and emulators.
        phase("warm-up", 2, n(100, scale), 0, i -> put("warmup", "w/" + (i % 50), oneKiB));
        phase("warm-up", 2, n(100, scale), 0, i -> get("warmup", "w/" + (i % 50), oneKiB.length));

        // The listing drive: 2,000 names, 40 directories of 50 files each ("d042/f07"). Not 5,000:
        // filling it goes through the API at ~100 puts/s on this machine (dynalite-bound).
        List<String> listing = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            for (int f = 0; f < perDir; f++) listing.add(String.format("d%03d/f%02d", d, f));
        }
        // Named by its size: a running stack (--url) keeps drives between runs of other scales.
        listingDrive = "listing-" + listing.size();
        System.err.printf("setup: %,d names in drive '%s'%n", listing.size(), listingDrive);
        phase("setup", 8, listing.size(), 0, i -> setupPut(listingDrive, listing.get(i), new byte[] {(byte) i}));

        List<Row> rows = new ArrayList<>();
        for (int c : levels) {
            String drive = "load-c" + c;
            rows.add(phase("put 1 KiB", c, kib1, oneKiB.length, i -> put(drive, "k1/" + i, oneKiB)));
            rows.add(phase("put 64 KiB", c, kib64, sixtyFourKiB.length, i -> put(drive, "k64/" + i, sixtyFourKiB)));
            rows.add(phase("put 1 MiB", c, mib1, oneMiB.length, i -> put(drive, "m1/" + i, oneMiB)));
            rows.add(phase("get 1 KiB (inline)", c, kib1, oneKiB.length, i -> get(drive, "k1/" + i, oneKiB.length)));
            rows.add(phase(
                    "get 64 KiB (inline)",
                    c,
                    kib64,
                    sixtyFourKiB.length,
                    i -> get(drive, "k64/" + i, sixtyFourKiB.length)));
            rows.add(phase("get 1 MiB (inline)", c, mib1, oneMiB.length, i -> get(drive, "m1/" + i, oneMiB.length)));
            String of = String.format("%,d", listingNames);
            rows.add(phase("list page, limit 100 (drive of " + of + ")", c, page100, 0, i -> page(listing, i, 100)));
            rows.add(phase("list page, limit 1000 (drive of " + of + ")", c, page1000, 0, i -> page(listing, i, 1000)));
            rows.add(phase(
                    "list folded: " + dirs + " dirs × " + perDir + " names → " + dirs + " entries",
                    c,
                    folded,
                    0,
                    i -> folded(dirs)));
            rows.add(phase("list all " + of + " flat (pages of 1000)", c, walks, 0, i -> walk(listingNames)));

            // delete-many: each op deletes 1,000 names of its own (put first, not measured).
            if (!deleteLevels.contains(c)) continue;
            int deletes = Math.max(c, n(2, scale));
            String delDrive = "delete-c" + c;
            System.err.printf("setup: %,d names to delete at concurrency %d%n", deletes * 1000, c);
            phase(
                    "setup",
                    8,
                    deletes * 1000,
                    0,
                    i -> setupPut(delDrive, "del/" + (i / 1000) + "/" + (i % 1000), new byte[] {1}));
            rows.add(phase(
                    "delete-many, 1,000 names", c, deletes, 0, i -> deleteMany(delDrive, "del/" + i + "/", 1000)));
        }
        return rows;
    }

    private static int n(int count, double scale) {
        return Math.max(1, (int) Math.round(count * scale));
    }

    /** Runs ops 0..count-1 on {@code concurrency} threads, each op timed; stops early at the phase limit. */
    Row phase(String name, int concurrency, int count, long bytesPerOp, Op op) throws Exception {
        Map<String, Long> before = backendSnapshot();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        // Setup is not measured and must complete; measured phases stop at the phase limit.
        long deadline = start + (name.equals("setup") ? Duration.ofMinutes(10) : phaseLimit).toNanos();
        try {
            List<Future<Histogram>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    Histogram h = new Histogram(3_600_000_000L, 3);
                    int i;
                    while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        op.run(i);
                        h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                    }
                    return h;
                }));
            }
            Histogram all = new Histogram(3_600_000_000L, 3);
            for (Future<Histogram> f : workers) all.add(f.get());
            double seconds = (System.nanoTime() - start) / 1e9;
            Row row = new Row(
                    name,
                    concurrency,
                    all.getTotalCount(),
                    count,
                    bytesPerOp,
                    seconds,
                    all,
                    backendPerOp(before, all.getTotalCount()));
            if (!name.equals("setup") && !name.equals("warm-up")) System.err.println(line(row));
            else System.err.printf("%s: %,d ops in %.1f s%n", name, all.getTotalCount(), seconds);
            return row;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Long> backendSnapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        BACKEND_CALLS.forEach((k, v) -> m.put("calls " + k, v.sum()));
        BACKEND_NANOS.forEach((k, v) -> m.put("nanos " + k, v.sum()));
        m.put("items read", ITEMS_READ.sum());
        return m;
    }

    /** "calls · ms" per op for DynamoDB and for S3, from the interceptor's counters. */
    private String backendPerOp(Map<String, Long> before, long ops) {
        if (!countBackend || ops == 0) return "n/a";
        Map<String, Long> now = backendSnapshot();
        double[] ddb = new double[2], s3 = new double[2];
        now.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0L);
            double[] into =
                    k.toLowerCase().contains("dynamo") ? ddb : k.toLowerCase().contains("s3") ? s3 : null;
            if (into == null) return;
            if (k.startsWith("calls ")) into[0] += d;
            else into[1] += d / 1e6;
        });
        double items = (now.get("items read") - before.getOrDefault("items read", 0L)) / (double) ops;
        return String.format("%.1f · %.1f ms / %.1f · %.1f ms", ddb[0] / ops, ddb[1] / ops, s3[0] / ops, s3[1] / ops)
                + (items > 0 ? String.format(" · %,.0f items queried", items) : "");
    }

    // ---------------------------------------------------------------- the operations

    private URI uri(String drive, String pathAndQuery) {
        return api.resolve("/v1/" + project + "/" + drive + pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("X-Api-Key", key);
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, int... expected)
            throws IOException, InterruptedException {
        HttpResponse<T> res = http.send(req, handler);
        for (int s : expected) if (res.statusCode() == s) return res;
        Object body = res.body();
        if (body instanceof byte[] b) body = new String(b, 0, Math.min(b.length, 500), StandardCharsets.UTF_8);
        throw new IllegalStateException(req.method() + " " + req.uri() + " → " + res.statusCode() + " " + body);
    }

    /** Fixture puts (not measured): a 503 (an emulator refusing under load) is retried, and counted. */
    void setupPut(String drive, String name, byte[] content) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                put(drive, name, content);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5 || !e.getMessage().contains(" → 503 ")) throw e;
                SETUP_RETRIES.increment();
                Thread.sleep(100L * attempt);
            }
        }
    }

    static final LongAdder SETUP_RETRIES = new LongAdder();

    void put(String drive, String name, byte[] content) throws Exception {
        send(
                request(uri(drive, "/files?name=" + enc(name)))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                200,
                201);
    }

    void get(String drive, String name, int size) throws Exception {
        byte[] body = send(
                        request(uri(drive, "/files/download?name=" + enc(name)))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        200)
                .body();
        if (body.length != size)
            throw new IllegalStateException(name + ": " + body.length + " bytes, expected " + size);
    }

    private JsonNode list(String query) throws Exception {
        return JSON.readTree(send(
                        request(uri(listingDrive, "/files?" + query)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        200)
                .body());
    }

    /** One page of {@code limit} names, starting at a different place each time. */
    void page(List<String> listing, int i, int limit) throws Exception {
        int first = (int) ((long) i * limit % listing.size());
        String query = "limit=" + limit + (first == 0 ? "" : "&last=" + enc(listing.get(first - 1)));
        int got = list(query).path("names").size();
        int want = Math.min(limit, listing.size() - first);
        if (got != want) throw new IllegalStateException("page at " + first + ": " + got + " names, expected " + want);
    }

    void folded(int dirs) throws Exception {
        JsonNode page = list("recursive=false&limit=1000");
        if (page.path("names").size() != dirs || page.has("paging")) {
            throw new IllegalStateException(
                    "folded listing: " + page.path("names").size() + " entries, expected " + dirs);
        }
    }

    void walk(int total) throws Exception {
        int seen = 0;
        String last = null;
        do {
            JsonNode page = list("limit=1000" + (last == null ? "" : "&last=" + enc(last)));
            seen += page.path("names").size();
            last = page.path("paging").path("last").asText(null);
        } while (last != null);
        if (seen != total) throw new IllegalStateException("walk: " + seen + " names, expected " + total);
    }

    void deleteMany(String drive, String prefix, int count) throws Exception {
        StringBuilder body = new StringBuilder("{\"names\":[");
        for (int k = 0; k < count; k++)
            body.append(k == 0 ? "" : ",").append('"').append(prefix).append(k).append('"');
        body.append("]}");
        JsonNode res = JSON.readTree(send(
                        request(uri(drive, "/files"))
                                .header("Content-Type", "application/json")
                                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        200)
                .body());
        if (res.path("deleted").size() != count || res.path("failed").size() != 0) {
            throw new IllegalStateException("delete-many: " + res.toString().substring(0, 300));
        }
    }

    // ---------------------------------------------------------------- the large file

    /** A presigned multipart upload of generated content, then a 302 download, both streamed. */
    String large(long mib) throws Exception {
        long size = mib << 20;
        String name = "big-" + System.nanoTime() + ".bin";
        String drive = "large";
        System.err.printf("large file: %d MiB presigned upload%n", mib);

        long t0 = System.nanoTime();
        JsonNode upload = JSON.readTree(send(
                        request(uri(drive, "/uploads?name=" + enc(name) + "&presigned=true&size=" + size))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        200,
                        201,
                        202)
                .body());
        String uploadId = upload.path("upload_id").asText();
        long partSize = upload.path("part_size").asLong();
        int parts = upload.path("parts").size();
        for (JsonNode p : upload.path("parts")) {
            int k = p.path("part").asInt();
            long from = (k - 1) * partSize;
            long len = Math.min(partSize, size - from);
            HttpRequest put = HttpRequest.newBuilder(URI.create(p.path("url").asText()))
                    .timeout(Duration.ofMinutes(5))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> PositionalContent.stream(from, len)), len))
                    .build();
            send(put, HttpResponse.BodyHandlers.ofString(), 200);
        }
        JsonNode committed = JSON.readTree(send(
                        request(uri(drive, "/uploads/" + enc(uploadId) + "?name=" + enc(name)))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        200,
                        201)
                .body());
        double up = (System.nanoTime() - t0) / 1e9;
        if (committed.path("size").asLong() != size) throw new IllegalStateException("commit: " + committed);

        long t1 = System.nanoTime();
        HttpResponse<byte[]> redirect = send(
                request(uri(drive, "/files/download?name=" + enc(name))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                302);
        double redirectMs = (System.nanoTime() - t1) / 1e6;
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        HttpResponse<InputStream> s3 = send(
                HttpRequest.newBuilder(location)
                        .timeout(Duration.ofMinutes(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream(),
                200);
        long read = 0;
        byte[] buf = new byte[256 * 1024], want = new byte[buf.length];
        try (InputStream in = s3.body()) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                PositionalContent.fill(read, want, 0, n);
                if (Arrays.mismatch(buf, 0, n, want, 0, n) >= 0)
                    throw new IllegalStateException("download differs near byte " + read);
                read += n;
            }
        }
        double down = (System.nanoTime() - t1) / 1e9;
        if (read != size) throw new IllegalStateException("download: " + read + " bytes, expected " + size);
        send(
                request(uri(drive, "/files"))
                        .header("Content-Type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"names\":[\"" + name + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                200);

        String md = "| direction | size | parts | time | MiB/s |\n|---|---:|---:|---:|---:|\n"
                + String.format(
                        "| presigned multipart upload (start + %d sequential part PUTs to S3 + commit) | %d MiB | %d × %d MiB | %.2f s | %.1f |%n",
                        parts, mib, parts, partSize >> 20, up, mib / up)
                + String.format(
                        "| download: GET → 302 (%.0f ms) → presigned S3 GET, streamed and verified | %d MiB | — | %.2f s | %.1f |%n",
                        redirectMs, mib, down, mib / down);
        System.err.print(md);
        return md;
    }

    // ---------------------------------------------------------------- the report

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String line(Row r) {
        Histogram h = r.latencyMicros();
        double opsPerSecond = r.count() / r.seconds();
        String mibs = r.bytesPerOp() == 0 ? "—" : String.format("%.1f", opsPerSecond * r.bytesPerOp() / MIB);
        String count =
                r.count() < r.planned() ? r.count() + " of " + r.planned() + " (time limit)" : Long.toString(r.count());
        return String.format(
                "| %s | %d | %s | %.1f | %s | %.1f | %.1f | %.1f | %.1f | %s |",
                r.operation(),
                r.concurrency(),
                count,
                opsPerSecond,
                mibs,
                ms(h, 50),
                ms(h, 90),
                ms(h, 99),
                h.getMaxValue() / 1000.0,
                r.backendPerOp());
    }

    static String report(
            String mode,
            String started,
            String loadBefore,
            String loadAfter,
            String[] args,
            List<Row> rows,
            String large,
            double scale) {
        StringBuilder md = new StringBuilder();
        md.append("## Load benchmark\n\n");
        md.append("- when: ").append(started).append(" (UTC)\n");
        md.append("- machine: ").append(Machine.describe()).append('\n');
        md.append("- code: ").append(tree).append('\n');
        md.append("- load average (1/5/15 min) before: ")
                .append(loadBefore)
                .append(", after: ")
                .append(loadAfter)
                .append('\n');
        md.append("- target: ").append(mode).append('\n');
        md.append("- command: `java ")
                .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append(" -cp … dev.cloudfiles.bench.LoadBench")
                .append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (what `make bench` runs)\n");
        if (scale != 1)
            md.append("- **scaled run** (`--scale ").append(scale).append("`): counts are not the standard ones\n");
        md.append(
                "- latency: client-side, request sent → whole response read, over loopback HTTP/1.1 (JDK HttpClient, keep-alive);"
                        + " percentiles from an HdrHistogram of every op (µs resolution, 3 significant digits)\n");
        md.append(
                "- backend per op: the DynamoDB and S3 SDK calls the handlers made per operation and the time spent in them"
                        + " (calls · ms, from an SDK interceptor in the handlers' clients; SDK call start → response parsed,"
                        + " so it includes queueing in the emulators at concurrency 8); \"items queried\" = the Query"
                        + " calls' ScannedCount per op, the items DynamoDB reads (and bills) for it\n\n");
        md.append(
                "| operation | conc. | ops | ops/s | MiB/s | p50 ms | p90 ms | p99 ms | max ms | backend per op: DynamoDB / S3 (calls · ms) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) md.append(line(r)).append('\n');
        if (SETUP_RETRIES.sum() > 0) {
            md.append("\nFixture puts retried after a 503: ")
                    .append(SETUP_RETRIES.sum())
                    .append('\n');
        }
        if (!large.isEmpty()) md.append("\n### Large file, presigned\n\n").append(large);
        return md.toString();
    }
}
