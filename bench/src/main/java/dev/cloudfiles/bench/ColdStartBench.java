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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

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

    /** A function of template.yaml, the event it is invoked with (events/), and the status it must answer (0: not HTTP). */
    record Fn(String logicalId, String handler, String eventFile, int status, String note) {
        Fn withLib(String suffix) {
            return new Fn(logicalId + suffix, handler, eventFile, status, note);
        }
    }

    /** The yardstick every ratio is taken to: a hello-world payload-2.0 handler on the events POJOs (bench/). */
    static final Fn HELLO = new Fn(
            "HelloWorld (events POJOs)",
            "dev.cloudfiles.bench.hello.HelloEventsHandler::handleRequest",
            "get.json",
            200,
            "baseline of the ratios; bench only");

    static final List<Fn> FUNCTIONS = List.of(
            new Fn("PutFileFunction", "dev.cloudfiles.functions.WriteFilesHandler::handleRequest", "put.json", 201, ""),
            new Fn("GetFileFunction", "dev.cloudfiles.functions.GetFileHandler::handleRequest", "get.json", 200, ""),
            new Fn(
                    "ListFilesFunction",
                    "dev.cloudfiles.functions.ListFilesHandler::handleRequest",
                    "list.json",
                    200,
                    ""),
            new Fn(
                    "DeleteFilesFunction",
                    "dev.cloudfiles.functions.DeleteFilesHandler::handleRequest",
                    "delete-many.json",
                    200,
                    "warm calls delete names already gone"),
            new Fn(
                    "RouteNotFoundFunction",
                    "dev.cloudfiles.functions.RouteNotFoundHandler::handleRequest",
                    "route-not-found.json",
                    404,
                    "touches no AWS service"),
            new Fn(
                    "SweeperFunction",
                    "dev.cloudfiles.functions.SweeperHandler::handleRequest",
                    "sweep.json",
                    0,
                    "scheduled, not HTTP: answers its report; warm calls sweep again"),
            new Fn(
                    "HelloWorld (stream + Jackson)",
                    "dev.cloudfiles.bench.hello.HelloStreamHandler::handleRequest",
                    "get.json",
                    200,
                    "experiment: RequestStreamHandler, Jackson streaming; bench only"));

    /** One process: times, its peak resident set (VmHWM, KiB) and, with --class-log, the classes it loaded (-1 if not counted). */
    record Run(long initNanos, long firstNanos, long warmP50Nanos, long warmMaxNanos, long peakRssKib, int classes) {
        long coldNanos() {
            return initNanos + firstNanos;
        }
    }

    /** The code measured (commit, dirty or not), taken when the run starts. */
    private static String tree = "unknown";

    public static void main(String[] args) throws Exception {
        // The Runtime API emulator is a JDK HttpServer, which leaves Nagle's algorithm on: with
        // the runtime client's delayed ACKs that costs ~40-100 ms per invocation, an artefact of
        // the emulator (Lambda's Runtime API has no such delay). Read once, before any server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> opt = Args.parse(
                args,
                Set.of(
                        "runs",
                        "warm",
                        "out",
                        "function-lib",
                        "function-lib-b",
                        "only",
                        "class-log",
                        "jvm-opts",
                        "jvm-opts-b"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int warm = Integer.parseInt(opt.getOrDefault("warm", "20"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/coldstart.md"));
        Path root = Machine.repoRoot();
        String childClassPath = childClassPath(root, opt.get("function-lib"));
        // --function-lib-b DIR: every API function runs a second time per round from another build
        // (A B A B in one run): how a change of ours moves the figures, on the same load.
        String childClassPathB =
                opt.containsKey("function-lib-b") ? childClassPath(root, opt.get("function-lib-b")) : null;
        classLog = opt.containsKey("class-log") ? Path.of(opt.get("class-log")).toAbsolutePath() : null;
        if (classLog != null) Files.createDirectories(classLog);
        jvmOpts = opt.getOrDefault("jvm-opts", "");
        // --jvm-opts-b OPTS: the [B] runs add these JVM options ({fn}: the function's logical id),
        // e.g. a class-data-sharing archive per function, measured against the same build without.
        String jvmOptsB = opt.get("jvm-opts-b");
        Set<String> only = opt.containsKey("only") ? Set.of(opt.get("only").split(",")) : null;

        List<Fn> functions = new ArrayList<>();
        Map<Fn, String> classPaths = new HashMap<>();
        Map<Fn, String> options = new HashMap<>();
        functions.add(HELLO);
        classPaths.put(HELLO, childClassPath);
        options.put(HELLO, jvmOpts);
        for (Fn fn : FUNCTIONS) {
            if (only != null && !only.contains(fn.logicalId())) continue;
            functions.add(fn);
            classPaths.put(fn, childClassPath);
            options.put(fn, jvmOpts);
            if ((childClassPathB != null || jvmOptsB != null) && fn.logicalId().endsWith("Function")) {
                Fn b = fn.withLib(" [B]");
                functions.add(b);
                classPaths.put(b, childClassPathB != null ? childClassPathB : childClassPath);
                options.put(
                        b,
                        jvmOptsB == null ? jvmOpts : (jvmOpts + " " + jvmOptsB.replace("{fn}", fn.logicalId())).trim());
            }
        }

        tree = Machine.tree();
        String loadBefore = Machine.loadAverage();
        String started = Machine.now();
        Map<Fn, List<Run>> results = new LinkedHashMap<>();
        functions.forEach(fn -> results.put(fn, new ArrayList<>()));
        try (LocalStack stack = LocalStack.builder().start()) {
            String key = stack.createKey("dev", Set.of(), false).secret();
            Map<String, String> env = new HashMap<>(stack.config().environment());
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm the stack (this JVM) so that its own JIT does not count against the function.
            for (int i = 0; i < 30; i++) fixtures(http, stack.gatewayUri(), key);

            // Rounds outside, functions inside: each round runs hello-world and every function once,
            // one after another, so a burst of load on the shared machine hits a round, not a function.
            for (int r = 0; r < runs; r++) {
                for (Fn fn : functions) {
                    String event = Files.readString(root.resolve("events").resolve(fn.eventFile()))
                            .replace(KEY_PLACEHOLDER, key);
                    fixtures(http, stack.gatewayUri(), key);
                    Run last = once(fn, event, env, classPaths.get(fn), warm, options.get(fn), List.of());
                    results.get(fn).add(last);
                    System.err.printf(
                            "round %d %s: init %.0f ms, first %.0f ms, warm p50 %.1f ms, peak RSS %d MiB, classes %d%n",
                            r + 1,
                            fn.logicalId(),
                            last.initNanos() / 1e6,
                            last.firstNanos() / 1e6,
                            last.warmP50Nanos() / 1e6,
                            last.peakRssKib() / 1024,
                            last.classes());
                }
            }
        }
        String md = report(started, loadBefore, Machine.loadAverage(), args, runs, warm, results);
        System.out.println(md);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    private static Path classLog;
    private static String jvmOpts = "";

    /**
     * One fresh runtime process: init, the first invocation, {@code warm} more; its peak RSS.
     * {@code launcher} wraps its {@code java} command (MemorySizeBench: a CPU-quota cgroup).
     */
    static Run once(
            Fn fn,
            String event,
            Map<String, String> functionEnv,
            String classPath,
            int warm,
            String jvmOptions,
            List<String> launcher)
            throws IOException {
        Map<String, String> env = new HashMap<>(functionEnv);
        Path log = null;
        String tool = jvmOptions;
        if (classLog != null) {
            log = Files.createTempFile(classLog, fn.logicalId().replaceAll("[^A-Za-z0-9]+", "_") + "-", ".log");
            tool = (tool + " -Xlog:class+load=info:file=" + log + ":uptime,tags").trim();
        }
        // The launcher clears the developer's JAVA_TOOL_OPTIONS; the function's environment is applied after.
        if (!tool.isEmpty()) env.put("JAVA_TOOL_OPTIONS", tool);
        String name = fn.logicalId().replaceAll("[^A-Za-z0-9]+", "");
        try (LocalLambda lambda = LocalLambda.start(name, fn.handler(), env, classPath, launcher)) {
            long polled = lambda.awaitInitDone(INIT_TIMEOUT)
                    .orElseThrow(() -> new IllegalStateException(
                            fn.logicalId() + ": no /next poll within " + INIT_TIMEOUT + "\n" + lambda.log()));
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
            long rss = peakRssKib(fn.handler());
            int classes = log == null
                    ? -1
                    : (int) Files.readAllLines(log).stream()
                            .filter(l -> l.contains("class,load"))
                            .count();
            return new Run(
                    init, first, warm == 0 ? 0 : times[(warm - 1) / 2], warm == 0 ? 0 : times[warm - 1], rss, classes);
        }
    }

    /**
     * The peak resident set of the runtime process running {@code handler}: VmHWM from
     * /proc/PID/status (what Lambda's "Max Memory Used" approximates), read before it is stopped.
     */
    static long peakRssKib(String handler) {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> Arrays.asList(a).contains(handler))
                        .orElse(false))
                .mapToLong(p -> {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    } catch (IOException | RuntimeException e) {
                        // not Linux, or gone
                    }
                    return -1;
                })
                .max()
                .orElse(-1);
    }

    static void check(Fn fn, LocalLambda lambda, RuntimeApiEmulator.Result result) {
        int status = -1;
        if (!result.isError()) {
            try {
                status = JSON.readTree(result.body()).path("statusCode").asInt();
            } catch (IOException e) {
                // status stays -1
            }
        }
        boolean ok = fn.status() == 0 // not an HTTP function: any answer that is not an error
                ? !result.isError()
                : status == fn.status() || fn.status() == 201 && status == 200;
        if (result.isError() || !ok) {
            throw new IllegalStateException(fn.logicalId() + ": " + result + "\n--- runtime log ---\n" + lambda.log());
        }
    }

    /** The files events/get.json and events/delete-many.json name, put through the gateway. */
    static void fixtures(HttpClient http, URI gateway, String key) throws Exception {
        for (String name : List.of("notes/hello.txt", "images/pixel.png")) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/v1/dev/docs/files?name=" + name))
                            .header("X-Api-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString("fixture " + name))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2)
                throw new IllegalStateException("fixture " + name + ": " + res.statusCode() + " " + res.body());
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
            if (file.startsWith("aws-lambda-java-runtime-interface-client-")
                    || file.startsWith("aws-lambda-java-serialization-")
                    || file.startsWith("utils-lite-")) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) throw new IllegalStateException("the runtime interface client is not on the class path");
        Path lib = functionLib != null ? Path.of(functionLib) : root.resolve("bench/target/function");
        List<String> jars;
        try (var files = Files.list(lib)) {
            jars = files.filter(f -> f.toString().endsWith(".jar"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("no " + lib + ": build first (make bench does)", e);
        }
        if (jars.stream().noneMatch(j -> j.contains("cloudfiles-functions"))) {
            throw new IllegalStateException(lib + " holds no cloudfiles-functions jar (make bench copies it)");
        }
        entries.addAll(jars);
        // Last: the hello-world handlers (bench/, never deployed), and the events POJOs that only
        // HelloEventsHandler uses (no function's artifact has them; a "before" build's lib may).
        entries.add(root.resolve("bench/target/classes").toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().startsWith("aws-lambda-java-events-")) entries.add(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static long median(List<Run> runs, ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return v[(v.length - 1) / 2];
    }

    /** Per round, run ÷ the baseline's run of the same round; median (min–max). */
    private static String ratio(List<Run> runs, List<Run> baseline, ToLongFunction<Run> f) {
        int n = Math.min(runs.size(), baseline.size());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (double) f.applyAsLong(runs.get(i)) / f.applyAsLong(baseline.get(i));
        Arrays.sort(v);
        return n == 0 ? "—" : String.format("%.2f× (%.2f–%.2f)", v[(n - 1) / 2], v[0], v[n - 1]);
    }

    private static String stat(List<Run> runs, ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return String.format("%.0f (%.0f–%.0f)", ms(v[(v.length - 1) / 2]), ms(v[0]), ms(v[v.length - 1]));
    }

    static String report(
            String started,
            String loadBefore,
            String loadAfter,
            String[] args,
            int runs,
            int warm,
            Map<Fn, List<Run>> results) {
        StringBuilder md = new StringBuilder("## Cold-start benchmark\n\n");
        md.append("- when: ").append(started).append(" (UTC)\n");
        md.append("- machine: ").append(Machine.describe()).append('\n');
        md.append("- code: ").append(tree).append('\n');
        md.append("- load average (1/5/15 min) before: ")
                .append(loadBefore)
                .append(", after: ")
                .append(loadAfter)
                .append('\n');
        md.append("- command: `java -cp … dev.cloudfiles.bench.ColdStartBench")
                .append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (what `make bench` runs)\n");
        md.append(
                        "- each run: a fresh JVM (`java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m -XX:MaxRAM=768m`:"
                                + " it sizes its heap for the function's 768 MB, as in a Lambda sandbox,"
                                + " the RIC 2.10.1 main class `AWSLambda` with the handler string), the function's environment pointed at an"
                                + " in-memory local stack in the benchmark's JVM; the Runtime API emulator with TCP_NODELAY"
                                + " (`-Dsun.net.httpserver.nodelay=true`, else Nagle adds ~100 ms per invocation); ")
                .append(runs)
                .append(" rounds, each running hello-world and every function once, one after another (A B A B)"
                        + (jvmOpts.isEmpty() ? "" : "; extra JVM options `" + jvmOpts + "`")
                        + (classLog == null
                                ? ""
                                : "; classes counted with `-Xlog:class+load` (which itself slows the run)")
                        + "\n");
        md.append("- peak RSS = VmHWM of the runtime process after init, the first and the warm invocations\n");
        md.append(
                        "- init = process start → first `/next` poll; first = first invocation (event queued → response posted);"
                                + " warm p50 = median of the next ")
                .append(warm)
                .append(" invocations of the same process"
                        + " (then the median over the runs). Figures: median (min–max) over the runs, in ms\n\n");
        List<Run> hello = results.get(HELLO);
        boolean counted = results.values().stream().flatMap(List::stream).anyMatch(r -> r.classes() >= 0);
        md.append(
                        "| function | cold (init + first), ratio to hello-world | peak RSS, ratio to hello-world | init | first invocation"
                                + " | init + first | warm p50 | warm max | peak RSS MiB |")
                .append(counted ? " classes loaded |" : "")
                .append(" note |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
                .append(counted ? "---:|" : "")
                .append("---|\n");
        results.forEach((fn, list) -> {
            md.append("| ")
                    .append(fn.logicalId())
                    .append(" | ")
                    .append(ratio(list, hello, Run::coldNanos))
                    .append(" | ")
                    .append(ratio(list, hello, Run::peakRssKib))
                    .append(" | ")
                    .append(stat(list, Run::initNanos))
                    .append(" | ")
                    .append(stat(list, Run::firstNanos))
                    .append(" | ")
                    .append(stat(list, Run::coldNanos))
                    .append(" | ")
                    .append(String.format("%.1f", ms(median(list, Run::warmP50Nanos))))
                    .append(" | ")
                    .append(String.format(
                            "%.0f",
                            ms(list.stream().mapToLong(Run::warmMaxNanos).max().orElse(0))))
                    .append(" | ")
                    .append(String.format("%.0f", median(list, Run::peakRssKib) / 1024.0));
            if (counted) md.append(" | ").append(median(list, Run::classes));
            md.append(" | ").append(fn.note()).append(" |\n");
        });
        md.append(
                "\nRatios: per round, the function's figure ÷ hello-world's of the same round; median (min–max) over the rounds.\n");
        return md.toString();
    }
}
