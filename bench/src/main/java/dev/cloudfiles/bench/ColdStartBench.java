package dev.cloudfiles.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.local.runtime.LocalLambda;
import dev.cloudfiles.local.runtime.RuntimeApiEmulator;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cold start of the API handlers as a Lambda container pays it: for each handler, N fresh JVMs
 * each running the real Lambda runtime interface client (RIC) against a Runtime API emulator,
 * the function configured for an in-memory local stack started here. Per process:
 * <ul>
 *   <li>init: process start → the runtime's first {@code /next} poll (JVM boot, RIC, handler
 *       class loaded and constructed: SDK clients, configuration);</li>
 *   <li>first invocation: event queued → response posted (the lazy work: first SDK calls,
 *       first JSON mapping, first TLS-less HTTP connections to the emulators);</li>
 *   <li>warm: the next {@code --warm} invocations in the same process, p50.</li>
 * </ul>
 * The child's class path is the function's own (the functions jar and its runtime jars, as in
 * the deployment package) plus the RIC's jars, as Lambda's java21 runtime provides them.
 *
 * <pre>
 * java -cp ... dev.cloudfiles.bench.ColdStartBench [--runs 5] [--warm 20] [--out bench/results/coldstart.md]
 *      [--function-lib bench/target/function]
 * </pre>
 */
public final class ColdStartBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PLACEHOLDER = "dev_REPLACE_WITH_YOUR_KEY";
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    /** A function of template.yaml, the event it is invoked with (events/), and the status it must answer. */
    record Fn(String logicalId, String handler, String eventFile, int status, String note) {}

    static final List<Fn> FUNCTIONS = List.of(
            new Fn("PutFileFunction", "dev.cloudfiles.functions.PutFileHandler::handleRequest", "put.json", 201, ""),
            new Fn("GetFileFunction", "dev.cloudfiles.functions.GetFileHandler::handleRequest", "get.json", 200, ""),
            new Fn("ListFilesFunction", "dev.cloudfiles.functions.ListFilesHandler::handleRequest", "list.json", 200, ""),
            new Fn("DeleteFilesFunction", "dev.cloudfiles.functions.DeleteFilesHandler::handleRequest", "delete-many.json", 200,
                    "warm calls delete names already gone"),
            new Fn("RouteNotFoundFunction", "dev.cloudfiles.functions.RouteNotFoundHandler::handleRequest",
                    "route-not-found.json", 404, "baseline: touches no AWS service"));

    record Run(long initNanos, long firstNanos, long warmP50Nanos, long warmMaxNanos) {}

    /** The code measured (commit, dirty or not), taken when the run starts. */
    private static String tree = "unknown";

    public static void main(String[] args) throws Exception {
        // The Runtime API emulator is a JDK HttpServer, which leaves Nagle's algorithm on: with
        // the runtime client's delayed ACKs that costs ~40-100 ms per invocation, an artefact of
        // the emulator (Lambda's Runtime API has no such delay). Read once, before any server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> opt = Args.parse(args, Set.of("runs", "warm", "out", "function-lib"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int warm = Integer.parseInt(opt.getOrDefault("warm", "20"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/coldstart.md"));
        Path root = Machine.repoRoot();
        String childClassPath = childClassPath(root, opt.get("function-lib"));

        tree = Machine.tree();
        String loadBefore = Machine.loadAverage();
        String started = Machine.now();
        Map<Fn, List<Run>> results = new java.util.LinkedHashMap<>();
        try (LocalStack stack = LocalStack.builder().start()) {
            String key = stack.createKey("dev", Set.of(), false).secret();
            Map<String, String> env = new HashMap<>(stack.config().environment());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm the stack (this JVM) so that its own JIT does not count against the function.
            for (int i = 0; i < 30; i++) fixtures(http, stack.gatewayUri(), key);

            for (Fn fn : FUNCTIONS) {
                String event = Files.readString(root.resolve("events").resolve(fn.eventFile())).replace(KEY_PLACEHOLDER, key);
                List<Run> list = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    fixtures(http, stack.gatewayUri(), key);
                    list.add(once(fn, event, env, childClassPath, warm));
                    Run last = list.get(list.size() - 1);
                    System.err.printf("%s run %d: init %.0f ms, first %.0f ms, warm p50 %.1f ms%n", fn.logicalId(), r + 1,
                            last.initNanos() / 1e6, last.firstNanos() / 1e6, last.warmP50Nanos() / 1e6);
                }
                results.put(fn, list);
            }
        }
        String md = report(started, loadBefore, Machine.loadAverage(), args, runs, warm, results);
        System.out.println(md);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    private static Run once(Fn fn, String event, Map<String, String> env, String classPath, int warm) {
        try (LocalLambda lambda = LocalLambda.start(fn.logicalId(), fn.handler(), env, classPath)) {
            long polled = lambda.awaitInitDone(INIT_TIMEOUT).orElseThrow(() ->
                    new IllegalStateException(fn.logicalId() + ": no /next poll within " + INIT_TIMEOUT + "\n" + lambda.log()));
            long init = polled - lambda.startedNanos();
            long t0 = System.nanoTime();
            check(fn, lambda, lambda.invoke(event));
            long first = System.nanoTime() - t0;
            long[] times = new long[warm];
            for (int i = 0; i < warm; i++) {
                long t = System.nanoTime();
                check(fn, lambda, lambda.invoke(event));
                times[i] = System.nanoTime() - t;
            }
            Arrays.sort(times);
            return new Run(init, first, warm == 0 ? 0 : times[(warm - 1) / 2], warm == 0 ? 0 : times[warm - 1]);
        }
    }

    private static void check(Fn fn, LocalLambda lambda, RuntimeApiEmulator.Result result) {
        int status = -1;
        if (!result.isError()) {
            try {
                status = JSON.readTree(result.body()).path("statusCode").asInt();
            } catch (IOException e) {
                // status stays -1
            }
        }
        if (result.isError() || status != fn.status() && !(fn.status() == 201 && status == 200)) {
            throw new IllegalStateException(fn.logicalId() + ": " + result + "\n--- runtime log ---\n" + lambda.log());
        }
    }

    /** The files events/get.json and events/delete-many.json name, put through the gateway. */
    private static void fixtures(HttpClient http, URI gateway, String key) throws Exception {
        for (String name : List.of("notes/hello.txt", "images/pixel.png")) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(gateway.resolve("/v1/dev/docs/files?name=" + name))
                    .header("X-Api-Key", key).POST(HttpRequest.BodyPublishers.ofString("fixture " + name)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) throw new IllegalStateException("fixture " + name + ": " + res.statusCode() + " " + res.body());
        }
    }


    /**
     * The RIC's jars (from this JVM's class path: bench depends on the RIC) first, as Lambda's
     * runtime puts its own before the function's; then every jar of {@code functionLib}: the
     * functions module's jar and its runtime dependencies, as in the deployment package
     * ({@code make bench} copies them to bench/target/function).
     */
    static String childClassPath(Path root, String functionLib) throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(e).getFileName().toString();
            if (file.startsWith("aws-lambda-java-runtime-interface-client-") || file.startsWith("aws-lambda-java-serialization-")
                    || file.startsWith("utils-lite-")) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) throw new IllegalStateException("the runtime interface client is not on the class path");
        Path lib = functionLib != null ? Path.of(functionLib) : root.resolve("bench/target/function");
        List<String> jars;
        try (var files = Files.list(lib)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("no " + lib + ": build first (make bench does)", e);
        }
        if (jars.stream().noneMatch(j -> j.contains("cloudfiles-functions"))) {
            throw new IllegalStateException(lib + " holds no cloudfiles-functions jar (make bench copies it)");
        }
        entries.addAll(jars);
        return String.join(File.pathSeparator, entries);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String stat(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return String.format("%.0f (%.0f–%.0f)", ms(v[(v.length - 1) / 2]), ms(v[0]), ms(v[v.length - 1]));
    }

    static String report(String started, String loadBefore, String loadAfter, String[] args, int runs, int warm,
                         Map<Fn, List<Run>> results) {
        StringBuilder md = new StringBuilder("## Cold-start benchmark\n\n");
        md.append("- when: ").append(started).append(" (UTC)\n");
        md.append("- machine: ").append(Machine.describe()).append('\n');
        md.append("- code: ").append(tree).append('\n');
        md.append("- load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
        md.append("- command: `java -cp … dev.cloudfiles.bench.ColdStartBench").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (what `make bench` runs)\n");
        md.append("- each run: a fresh JVM (`java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m`,"
                + " the RIC 2.10.1 main class `AWSLambda` with the handler string), the function's environment pointed at an"
                + " in-memory local stack in the benchmark's JVM; the Runtime API emulator with TCP_NODELAY"
                + " (`-Dsun.net.httpserver.nodelay=true`, else Nagle adds ~100 ms per invocation); ").append(runs).append(" runs per handler, one after another\n");
        md.append("- init = process start → first `/next` poll; first = first invocation (event queued → response posted);"
                + " warm p50 = median of the next ").append(warm).append(" invocations of the same process"
                + " (then the median over the runs). Figures: median (min–max) over the runs, in ms\n\n");
        md.append("| function | init | first invocation | init + first | warm p50 | warm max | note |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        results.forEach((fn, list) -> md.append("| ").append(fn.logicalId())
                .append(" | ").append(stat(list, Run::initNanos))
                .append(" | ").append(stat(list, Run::firstNanos))
                .append(" | ").append(stat(list, r -> r.initNanos() + r.firstNanos()))
                .append(" | ").append(String.format("%.1f", ms(list.stream().mapToLong(Run::warmP50Nanos).sorted()
                        .toArray()[(list.size() - 1) / 2])))
                .append(" | ").append(String.format("%.0f", ms(list.stream().mapToLong(Run::warmMaxNanos).max().orElse(0))))
                .append(" | ").append(fn.note()).append(" |\n"));
        return md.toString();
    }
}
