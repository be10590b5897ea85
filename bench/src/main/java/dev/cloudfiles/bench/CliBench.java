package dev.cloudfiles.bench;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.local.S3Emulator;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Issue 20 item 14: the {@code cloudfiles} CLI as whole processes against the tools beside it, on
 * one local stack, side by side (each round runs every variant once, in an order that rotates per
 * round): {@code cloudfiles ls} of a folder of 100 files against {@code aws s3 ls} of 100 objects on
 * the stack's S3, and {@code cloudfiles put}/{@code get} of a large file against a boto3 process
 * doing one {@code upload_file}/{@code download_file} (bench/scripts/boto3_transfer.py, 8 threads).
 * Each start-up lever is a variant of its own (the archive, C1 only, {@code -Xshare:off}, JDK 25),
 * and the parts in flight of a transfer are measured through {@link CliWith}. Reported: per
 * variant, the median of its pairwise ratios to the yardstick of the same round, and its median.
 *
 * <pre>java -cp ... dev.cloudfiles.bench.CliBench [--ls-rounds 7] [--transfer-rounds 3]
 *     [--size-mib 512] [--python python3] [--aws aws] [--jdk25 /usr/lib/jvm/temurin-25-jdk-amd64]
 *     [--out bench/results/cli.md]</pre>
 */
public final class CliBench {
    private static final long MIB = 1024 * 1024;

    /** One way to run a command: its name, the command line and the environment it adds. */
    private record Variant(String name, List<String> command, Map<String, String> env) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(
                args, Set.of("ls-rounds", "transfer-rounds", "size-mib", "python", "aws", "jdk25", "out", "work"));
        int lsRounds = Integer.parseInt(opt.getOrDefault("ls-rounds", "7"));
        int transferRounds = Integer.parseInt(opt.getOrDefault("transfer-rounds", "3"));
        long size = Long.parseLong(opt.getOrDefault("size-mib", "512")) * MIB;
        String python = opt.getOrDefault("python", "python3");
        String aws = opt.getOrDefault("aws", "aws");
        Path jdk25 = Path.of(opt.getOrDefault("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/cli.md"));
        Path work = Files.createTempDirectory(
                Path.of(opt.getOrDefault("work", System.getProperty("java.io.tmpdir"))), "cli-bench");
        Path root = Machine.repoRoot();
        Path cli = root.resolve("bin/cloudfiles");
        Path jar = cliJar(root);
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        String started = Machine.now();
        String loadBefore = Machine.loadAverage();
        try (LocalStack stack =
                LocalStack.builder().dataDir(work.resolve("stack")).start()) {
            String key = stack.createKey("bench", Set.of(), false).secret();
            String bucket = stack.config().bucket();
            Map<String, String> env = new HashMap<>();
            env.put("CLOUD_FILES_URL", stack.gatewayUri().toString());
            env.put("CLOUD_FILES_KEY", key);
            env.put("CLOUD_FILES_DRIVE", "cli");
            env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
            env.put("CLOUD_FILES_STATE_DIR", work.resolve("state").toString());
            env.put("AWS_ACCESS_KEY_ID", S3Emulator.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", S3Emulator.SECRET_KEY);
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
            try (CloudDrive drive = CloudDrive.create(CloudDriveConfig.builder()
                    .endpoint(stack.gatewayUri())
                    .apiKey(key)
                    .drive("cli")
                    .build())) {
                for (int i = 0; i < 100; i++) {
                    byte[] body = ("file " + i + "\n").getBytes(StandardCharsets.UTF_8);
                    drive.put(String.format("ls100/f%03d.txt", i), body);
                    String s3Key = String.format("aws-ls/f%03d.txt", i);
                    stack.clients().s3().putObject(b -> b.bucket(bucket).key(s3Key), RequestBody.fromBytes(body));
                }
            }
            String java25 = jdk25.resolve("bin/java").toString();
            List<String> cf = List.of(cli.toString(), "ls", "ls100/");
            List<Variant> ls = new ArrayList<>();
            ls.add(new Variant(
                    "aws s3 ls",
                    List.of(aws, "--endpoint-url", stack.s3Uri().toString(), "s3", "ls", "s3://" + bucket + "/aws-ls/"),
                    Map.of()));
            // bin/cloudfiles as shipped: the archive, and C1 only for ls; each variant takes one lever away
            String c2 = "-XX:TieredStopAtLevel=4";
            ls.add(new Variant("cloudfiles ls (bin/cloudfiles: archive, C1 only)", cf, Map.of()));
            ls.add(new Variant(
                    "cloudfiles ls, no archive, C2 (before)",
                    cf,
                    Map.of("CLOUD_FILES_CDS", "off", "CLOUD_FILES_JAVA_OPTS", c2)));
            ls.add(new Variant("cloudfiles ls, archive, C2", cf, Map.of("CLOUD_FILES_JAVA_OPTS", c2)));
            ls.add(new Variant("cloudfiles ls, no archive, C1 only", cf, Map.of("CLOUD_FILES_CDS", "off")));
            ls.add(new Variant(
                    "cloudfiles ls, no archive, C1 only, -Xshare:off (not even the JDK's archive)",
                    cf,
                    Map.of("CLOUD_FILES_CDS", "off", "CLOUD_FILES_JAVA_OPTS", "-Xshare:off")));
            ls.add(new Variant(
                    "cloudfiles ls, archive, C1 only, -XX:+UseSerialGC",
                    cf,
                    Map.of("CLOUD_FILES_JAVA_OPTS", "-XX:+UseSerialGC")));
            if (Files.isExecutable(Path.of(java25))) {
                ls.add(new Variant("cloudfiles ls, JDK 25, archive, C1 only", cf, Map.of("JAVA", java25)));
                ls.add(new Variant(
                        "cloudfiles ls, JDK 25, no archive, C1 only",
                        cf,
                        Map.of("JAVA", java25, "CLOUD_FILES_CDS", "off")));
            }
            console.println("first runs (they write the archives, not timed)");
            for (Variant v : ls) run(v, env, work, 100);
            double[][] lsTimes = rounds(ls, env, work, lsRounds, 100, console);

            Path source = work.resolve("source.bin");
            try (InputStream in = new GeneratedContent(size, size)) {
                Files.copy(in, source);
            }
            String sha = sha256(source);
            Path script = root.resolve("bench/scripts/boto3_transfer.py");
            List<String> boto = List.of(
                    python,
                    script.toString(),
                    stack.s3Uri().toString(),
                    S3Emulator.ACCESS_KEY,
                    S3Emulator.SECRET_KEY,
                    bucket);
            String with = "bench/target/classes:" + jar;
            Path target = work.resolve("download.bin");
            List<Variant> puts = List.of(
                    new Variant("boto3 upload_file (process)", boto, Map.of("STDIN", "put " + source + " boto3/big")),
                    new Variant(
                            "cloudfiles put (bin/cloudfiles: archive, C2)",
                            List.of(cli.toString(), "put", source.toString(), "big"),
                            Map.of()),
                    new Variant(
                            "cloudfiles put, archive, C1 only",
                            List.of(cli.toString(), "put", source.toString(), "big1"),
                            Map.of("CLOUD_FILES_JAVA_OPTS", "-XX:TieredStopAtLevel=1")),
                    new Variant(
                            "cloudfiles put, 4 parts at once (CliWith)",
                            List.of(
                                    "java",
                                    "-cp",
                                    with,
                                    CliWith.class.getName(),
                                    "4",
                                    "8",
                                    "put",
                                    source.toString(),
                                    "big4"),
                            Map.of()),
                    new Variant(
                            "cloudfiles put, 4 parts at once, no resume state (CliWith)",
                            List.of(
                                    "java",
                                    "-cp",
                                    with,
                                    CliWith.class.getName(),
                                    "4",
                                    "8",
                                    "put",
                                    source.toString(),
                                    "big4s"),
                            Map.of("CLI_WITH_STATE", "off")),
                    new Variant(
                            "cloudfiles put, 8 parts at once (CliWith)",
                            List.of(
                                    "java",
                                    "-cp",
                                    with,
                                    CliWith.class.getName(),
                                    "8",
                                    "8",
                                    "put",
                                    source.toString(),
                                    "big8"),
                            Map.of()));
            List<Variant> gets = List.of(
                    new Variant("boto3 download_file (process)", boto, Map.of("STDIN", "get boto3/big " + target)),
                    new Variant(
                            "cloudfiles get (bin/cloudfiles: archive, C1 only)",
                            List.of(cli.toString(), "get", "big", target.toString()),
                            Map.of()),
                    new Variant(
                            "cloudfiles get, archive, C2",
                            List.of(cli.toString(), "get", "big", target.toString()),
                            Map.of("CLOUD_FILES_JAVA_OPTS", c2)),
                    new Variant(
                            "cloudfiles get, 4 ranges at once (CliWith)",
                            List.of(
                                    "java",
                                    "-cp",
                                    with,
                                    CliWith.class.getName(),
                                    "4",
                                    "4",
                                    "get",
                                    "big",
                                    target.toString()),
                            Map.of()),
                    new Variant(
                            "cloudfiles get, 8 ranges at once (CliWith)",
                            List.of(
                                    "java",
                                    "-cp",
                                    with,
                                    CliWith.class.getName(),
                                    "4",
                                    "8",
                                    "get",
                                    "big",
                                    target.toString()),
                            Map.of()));
            double[][] putTimes = new double[puts.size()][transferRounds];
            double[][] getTimes = new double[gets.size()][transferRounds];
            for (Variant v : puts) run(v, env, work, -1); // every name exists before the timed rounds
            for (int r = 0; r < transferRounds; r++) {
                for (int k = 0; k < puts.size(); k++) {
                    int i = (k + r) % puts.size();
                    putTimes[i][r] = run(puts.get(i), env, work, -1);
                }
                for (int k = 0; k < gets.size(); k++) {
                    int i = (k + r) % gets.size();
                    getTimes[i][r] = run(gets.get(i), env, work, -1);
                    if (!sha256(target).equals(sha))
                        throw new IllegalStateException(gets.get(i).name() + ": other bytes");
                    Files.delete(target);
                }
                console.printf(
                        "%d MiB round %d: put %s; get %s; load %s%n",
                        size / MIB,
                        r + 1,
                        Arrays.toString(column(putTimes, r)),
                        Arrays.toString(column(getTimes, r)),
                        Machine.loadAverage());
            }
            String md = "# The cloudfiles CLI against the tools beside it, whole processes side by side\n\n"
                    + "- started: " + started + "\n"
                    + "- machine: " + Machine.describe() + "\n"
                    + "- code: " + Machine.tree() + "\n"
                    + "- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                    + "- target: one local stack (S3Proxy with its filesystem store, dynalite, the gateway) in the"
                    + " benchmark's JVM; every command a process of its own, timed from start to exit\n"
                    + "- command: `make bench-cli` (CliBench; each round runs every variant once, the order rotating"
                    + " per round; the first run of each variant, which writes its archive, is not timed)\n\n"
                    + "## `ls` of a folder of 100 files, against `aws s3 ls` of 100 objects (" + lsRounds
                    + " rounds)\n\n"
                    + table(ls, lsTimes, "ms", 1e3)
                    + "\n## put of " + size / MIB + " MiB, against one boto3 `upload_file` in a process of its own ("
                    + transferRounds + " rounds)\n\n"
                    + table(puts, putTimes, "s", 1)
                    + "\n## get of " + size / MIB
                    + " MiB, against one boto3 `download_file` in a process of its own\n\n"
                    + table(gets, getTimes, "s", 1);
            console.print(md);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double[][] rounds(
            List<Variant> variants, Map<String, String> env, Path work, int rounds, int lines, PrintStream console)
            throws Exception {
        double[][] t = new double[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < variants.size(); k++) {
                int i = (k + r) % variants.size();
                t[i][r] = run(variants.get(i), env, work, lines);
            }
            console.printf("ls round %d: %s; load %s%n", r + 1, Arrays.toString(column(t, r)), Machine.loadAverage());
        }
        return t;
    }

    private static double[] column(double[][] t, int r) {
        double[] c = new double[t.length];
        for (int i = 0; i < t.length; i++) c[i] = Math.round(t[i][r] * 1000) / 1000.0;
        return c;
    }

    /** Runs one variant to its end: its seconds; it must exit 0 (and print {@code lines} lines, if not -1). */
    private static double run(Variant v, Map<String, String> env, Path work, int lines) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(v.command()).directory(Machine.repoRoot().toFile());
        pb.environment().putAll(env);
        v.env().forEach((k, val) -> {
            if (!k.equals("STDIN")) pb.environment().put(k, val);
        });
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            String stdin = v.env().get("STDIN");
            if (stdin != null) in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String printed = Files.readString(stdout);
        if (code != 0
                || printed.startsWith("error")
                || !Files.readString(stderr).isEmpty()) {
            throw new IllegalStateException(v.name() + " exited " + code + ": " + printed + Files.readString(stderr));
        }
        if (lines >= 0 && printed.lines().count() != lines) {
            throw new IllegalStateException(
                    v.name() + " printed " + printed.lines().count() + " lines: " + printed);
        }
        return seconds;
    }

    private static String table(List<Variant> variants, double[][] t, String unit, double scale) {
        StringBuilder s = new StringBuilder("| variant | ÷ " + variants.get(0).name()
                + ", median of pairs (min–max) | median | min–max |\n|---|---:|---:|---:|\n");
        for (int i = 0; i < variants.size(); i++) {
            double[] ratios = Stats.pairedRatios(t[i], t[0]);
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            double[] times = t[i].clone();
            Arrays.sort(times);
            s.append(String.format(
                    "| %s | **%.2f×** (%.2f–%.2f) | %.2f %s | %.2f–%.2f %s |%n",
                    variants.get(i).name(),
                    Stats.median(ratios),
                    sorted[0],
                    sorted[sorted.length - 1],
                    Stats.median(t[i]) * scale,
                    unit,
                    times[0] * scale,
                    times[times.length - 1] * scale,
                    unit));
        }
        return s.toString();
    }

    private static Path cliJar(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("client/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("cloudfiles-client-.*-cli\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CLI jar: run make cli"));
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return GeneratedContent.sha256(in);
        }
    }
}
