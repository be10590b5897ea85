package dev.cloudfiles.bench;

import dev.cloudfiles.local.LocalStack;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which {@code MemorySize} costs least: each API function run as {@link ColdStartBench} runs it
 * (the real runtime client, a fresh JVM, a real first invocation and warm ones), but inside a
 * cgroup whose CPU quota is the share Lambda gives that memory size (1,769 MB = one vCPU-second
 * per second; AWS Lambda › Configure memory), with the two vCPUs Lambda shows below 3,008 MB.
 * Sizes are interleaved per round (A B A B) so load on the shared machine hits a round, not a size.
 * Cost = billed milliseconds × GB × the arm64 price, plus the request price.
 *
 * <p>Needs root and the cgroup v1 {@code cpu} controller at /sys/fs/cgroup/cpu (Linux); it says so
 * and stops otherwise. Not part of {@code make test}.
 *
 * <pre>
 * java -cp ... dev.cloudfiles.bench.MemorySizeBench [--sizes 512,1024,1769,2048] [--runs 3] [--warm 40]
 *      [--only PutFileFunction,GetFileFunction] [--out bench/results/memory-size.md]
 * </pre>
 */
public final class MemorySizeBench {

    /** arm64 duration price, USD per GB-second (us-east-1, first pricing tier), and per request. */
    static final double PRICE_GB_SECOND = 0.0000133334;

    static final double PRICE_REQUEST = 0.0000002;

    /** Lambda: 1,769 MB of memory buys one vCPU-second of CPU per second. */
    static final double MB_PER_VCPU = 1769;

    private static final Path CGROUP_CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_US = 100_000;

    record Size(int mb, Path cgroup) {
        long quotaUs() {
            return Math.round(PERIOD_US * mb / MB_PER_VCPU);
        }

        /** The runtime's {@code java}, started by a shell that first moves itself into the cgroup. */
        List<String> launcher() {
            return List.of("/bin/sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
        }
    }

    private MemorySizeBench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as ColdStartBench: no Nagle in the emulator
        Map<String, String> opt = Args.parse(args, Set.of("sizes", "runs", "warm", "only", "out", "function-lib"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        int warm = Integer.parseInt(opt.getOrDefault("warm", "40"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/memory-size.md"));
        Set<String> only =
                Set.of(opt.getOrDefault("only", "PutFileFunction,GetFileFunction,ListFilesFunction,DeleteFilesFunction")
                        .split(","));
        Path root = Machine.repoRoot();
        String classPath = ColdStartBench.childClassPath(root, opt.get("function-lib"));
        if (!Files.isWritable(CGROUP_CPU)) {
            System.err.println("needs root and the cgroup v1 cpu controller at " + CGROUP_CPU + "; not here");
            System.exit(2);
        }
        List<Size> sizes = new ArrayList<>();
        for (String s : opt.getOrDefault("sizes", "512,1024,1769,2048").split(",")) {
            int mb = Integer.parseInt(s.trim());
            if (mb < 128 || mb > 3008)
                throw new IllegalArgumentException("sizes 128..3008 MB (two vCPUs, as on Lambda): " + mb);
            Size size = new Size(mb, CGROUP_CPU.resolve("cloudfiles-bench-" + mb));
            Files.createDirectories(size.cgroup());
            Files.writeString(size.cgroup().resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(size.cgroup().resolve("cpu.cfs_quota_us"), Long.toString(size.quotaUs()));
            sizes.add(size);
        }
        List<ColdStartBench.Fn> functions = ColdStartBench.FUNCTIONS.stream()
                .filter(f -> only.contains(f.logicalId()))
                .toList();

        String tree = Machine.tree();
        String loadBefore = Machine.loadAverage();
        String started = Machine.now();
        Map<String, List<ColdStartBench.Run>> results = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.builder().start()) {
            String key = stack.createKey("dev", Set.of(), false).secret();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 30; i++) ColdStartBench.fixtures(http, stack.gatewayUri(), key);
            for (int r = 0; r < runs; r++) {
                for (ColdStartBench.Fn fn : functions) {
                    String event = Files.readString(root.resolve("events").resolve(fn.eventFile()))
                            .replace("dev_REPLACE_WITH_YOUR_KEY", key);
                    for (Size size : sizes) {
                        Map<String, String> env = new HashMap<>(stack.config().environment());
                        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(size.mb()));
                        ColdStartBench.fixtures(http, stack.gatewayUri(), key);
                        // Lambda shows the function two vCPUs at these sizes; without this the JVM
                        // would read the quota and size its thread pools for one.
                        ColdStartBench.Run run;
                        try {
                            run = ColdStartBench.once(
                                    fn, event, env, classPath, warm, "-XX:ActiveProcessorCount=2", size.launcher());
                        } catch (IllegalStateException e) {
                            // One process failing (the local emulators under heavy load) costs its cell
                            // one sample, counted in the report, not the whole run.
                            failures.merge(fn.logicalId() + "@" + size.mb(), 1, Integer::sum);
                            System.err.printf(
                                    "round %d %s at %d MB failed: %s%n",
                                    r + 1,
                                    fn.logicalId(),
                                    size.mb(),
                                    e.getMessage().lines().findFirst().orElse(""));
                            continue;
                        }
                        results.computeIfAbsent(fn.logicalId() + "@" + size.mb(), k -> new ArrayList<>())
                                .add(run);
                        System.err.printf(
                                "round %d %s at %d MB: cold %.0f ms, warm p50 %.1f ms%n",
                                r + 1, fn.logicalId(), size.mb(), run.coldNanos() / 1e6, run.warmP50Nanos() / 1e6);
                    }
                }
            }
        } finally {
            for (Size size : sizes) Files.deleteIfExists(size.cgroup());
        }
        String md = report(
                started,
                tree,
                loadBefore,
                Machine.loadAverage(),
                args,
                runs,
                warm,
                functions,
                sizes,
                results,
                failures);
        System.out.println(md);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    /** USD for one invocation of {@code millis} at {@code mb}: duration billed per started millisecond. */
    static double cost(double millis, int mb) {
        return Math.ceil(millis) / 1000.0 * (mb / 1024.0) * PRICE_GB_SECOND;
    }

    private static String report(
            String started,
            String tree,
            String loadBefore,
            String loadAfter,
            String[] args,
            int runs,
            int warm,
            List<ColdStartBench.Fn> functions,
            List<Size> sizes,
            Map<String, List<ColdStartBench.Run>> results,
            Map<String, Integer> failures) {
        StringBuilder md = new StringBuilder("## MemorySize: duration and cost per size\n\n");
        md.append("- when: ")
                .append(started)
                .append(" (UTC); code: ")
                .append(tree)
                .append('\n');
        md.append("- machine: ").append(Machine.describe()).append('\n');
        md.append("- load average before: ")
                .append(loadBefore)
                .append(", after: ")
                .append(loadAfter)
                .append('\n');
        md.append("- command: `java -cp … dev.cloudfiles.bench.MemorySizeBench")
                .append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (`make bench-memory`)\n");
        md.append("- each cell: ")
                .append(runs)
                .append(" fresh runtime processes (one per round; sizes interleaved A B A B), each in a cgroup v1 with"
                        + " `cpu.cfs_quota_us` = 100,000 µs × MB ÷ 1,769 per 100 ms period, `-XX:ActiveProcessorCount=2`;"
                        + " cold = init + first invocation, warm = p50 of the next ")
                .append(warm)
                .append(" invocations; median over the rounds, ms\n");
        md.append("- cost: arm64, $")
                .append(PRICE_GB_SECOND)
                .append(
                        " per GB-s, billed per started ms, + $0.20 per million requests; a warm million and one cold start"
                                + " (init is billed since 1 Aug 2025). With SnapStart the cold start is a restore plus the first"
                                + " invocation, not this init.\n\n");
        md.append("| function | MB | CPU share | init, ms | first invocation, ms | warm p50, ms | $ per million warm"
                + " | $ per 1,000 cold starts | $ per million, 1 % cold |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ColdStartBench.Fn fn : functions) {
            for (Size size : sizes) {
                List<ColdStartBench.Run> list = results.get(fn.logicalId() + "@" + size.mb());
                if (list == null) continue;
                double init = ColdStartBench.median(list, ColdStartBench.Run::initNanos) / 1e6;
                double first = ColdStartBench.median(list, ColdStartBench.Run::firstNanos) / 1e6;
                double warmMs = ColdStartBench.median(list, ColdStartBench.Run::warmP50Nanos) / 1e6;
                double warmCost = cost(warmMs, size.mb()) + PRICE_REQUEST;
                double coldCost = cost(init + first, size.mb()) + PRICE_REQUEST;
                md.append(String.format(
                        "| %s | %d | %.2f vCPU | %.0f | %.0f | %.1f | %.2f | %.4f | %.2f |%n",
                        fn.logicalId(),
                        size.mb(),
                        size.mb() / MB_PER_VCPU,
                        init,
                        first,
                        warmMs,
                        1e6 * warmCost,
                        1e3 * coldCost,
                        1e6 * (0.99 * warmCost + 0.01 * coldCost)));
            }
        }
        failures.forEach((cell, n) -> md.append("\n- failed processes, ")
                .append(cell)
                .append(": ")
                .append(n)
                .append(" (not in the medians)"));
        md.append(
                "\n\nThe local stack answers from the same machine, so a warm request here is almost all CPU; on AWS each one"
                        + " also waits for S3 and DynamoDB, which a larger size does not shorten but does bill.\n");
        return md.toString();
    }
}
