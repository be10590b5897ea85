package dev.cloudfiles.bench;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.local.S3Emulator;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Large-file put and get of the Java client ({@code CloudDrive.put(name, Path)} and
 * {@code download(name, Path)}: presigned multipart upload, parallel ranged download) against
 * boto3's managed transfers ({@code upload_file} / {@code download_file}, 8 MiB chunks, 8 threads)
 * on the same S3 — the S3Proxy of a local stack with its filesystem store, as {@code make run}
 * has it — side by side in one run: per size and round, Java put, boto3 put, Java get, boto3 get
 * (A B A B), then Java get over one stream as it was before issue 14 ({@code downloadParallelism(1)}),
 * for the record. Every download is checked against its source's SHA-256 (not timed). Reported: the
 * median of the pairwise ratios Java ÷ boto3, and each side's median time.
 *
 * <pre>java -cp ... dev.cloudfiles.bench.TransferBench [--sizes-mib 512,1024] [--rounds 3]
 *     [--python python3] [--out bench/results/transfer.md]</pre>
 */
public final class TransferBench {
    private static final long MIB = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("sizes-mib", "rounds", "python", "out", "work"));
        long[] sizes = Arrays.stream(opt.getOrDefault("sizes-mib", "512,1024").split(","))
                .mapToLong(s -> Long.parseLong(s.trim()) * MIB)
                .toArray();
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        String python = opt.getOrDefault("python", "python3");
        Path out = Path.of(opt.getOrDefault("out", "bench/results/transfer.md"));
        Path work = Files.createTempDirectory(
                Path.of(opt.getOrDefault("work", System.getProperty("java.io.tmpdir"))), "transfer-bench");
        // the stack's request lines go to System.out (JsonLog): keep the report readable
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        String started = Machine.now();
        String loadBefore = Machine.loadAverage();
        List<String> rows = new ArrayList<>();
        List<String> cpuRows = new ArrayList<>();
        try (LocalStack stack =
                        LocalStack.builder().dataDir(work.resolve("stack")).start();
                Boto boto = new Boto(python, stack)) {
            String key = stack.createKey("bench", Set.of(), false).secret();
            CloudDriveConfig config = CloudDriveConfig.builder()
                    .endpoint(stack.gatewayUri())
                    .apiKey(key)
                    .drive("transfer")
                    .build();
            // what get was before issue 14: one presigned GET over one connection
            CloudDriveConfig oneStream =
                    config.toBuilder().downloadParallelism(1).build();
            try (CloudDrive drive = CloudDrive.create(config);
                    CloudDrive single = CloudDrive.create(oneStream)) {
                // warm-up, not reported: JIT of client, gateway, handlers and S3Proxy; boto3's pools
                Path warm = generate(work, 64 * MIB, 1);
                console.println("warming up (64 MiB, twice each way)");
                Side java = new Side("java", drive, boto, work);
                Side python3 = new Side("boto3", drive, boto, work);
                Side before = new Side("java", single, boto, work);
                for (int i = 0; i < 2; i++) {
                    java.put(warm, "warm");
                    python3.put(warm, "warm");
                    java.get("warm", warm);
                    python3.get("warm", warm);
                }
                Files.delete(warm);
                for (long size : sizes) {
                    Path source = generate(work, size, size);
                    double[][] t = new double[5][rounds];
                    double[][] jvmCpu = new double[5][rounds];
                    double[][] botoCpu = new double[2][rounds];
                    for (int r = 0; r < rounds; r++) {
                        String name = "bench-" + size / MIB + "-" + r;
                        t[0][r] = java.put(source, name);
                        jvmCpu[0][r] = lastJvmCpu;
                        t[1][r] = python3.put(source, name);
                        jvmCpu[1][r] = lastJvmCpu;
                        botoCpu[0][r] = boto.lastCpu;
                        t[2][r] = java.get(name, source);
                        jvmCpu[2][r] = lastJvmCpu;
                        t[3][r] = python3.get(name, source);
                        jvmCpu[3][r] = lastJvmCpu;
                        botoCpu[1][r] = boto.lastCpu;
                        t[4][r] = before.get(name, source);
                        jvmCpu[4][r] = lastJvmCpu;
                        java.delete(name);
                        python3.delete(name);
                        console.printf(
                                "%d MiB round %d: put java %.2f s, boto3 %.2f s; get java %.2f s, boto3 %.2f s,"
                                        + " java one stream %.2f s; load %s%n",
                                size / MIB, r + 1, t[0][r], t[1][r], t[2][r], t[3][r], t[4][r], Machine.loadAverage());
                    }
                    Files.delete(source);
                    rows.add(row("put", size, t[0], t[1]));
                    rows.add(row("get", size, t[2], t[3]));
                    rows.add(row("get, one stream (before issue 14)", size, t[4], t[3]));
                    cpuRows.add(cpuRow("put", size, jvmCpu[0], jvmCpu[1], botoCpu[0]));
                    cpuRows.add(cpuRow("get", size, jvmCpu[2], jvmCpu[3], botoCpu[1]));
                    cpuRows.add(String.format(
                            "| get, one stream | %d MiB | %.2f | | |", size / MIB, Stats.median(jvmCpu[4])));
                }
                String md = report(started, loadBefore, rounds, config, rows, cpuRows);
                console.print(md);
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, md);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path generate(Path work, long size, long seed) throws IOException {
        Path file = work.resolve("source-" + size + ".bin");
        try (InputStream in = new GeneratedContent(seed, size)) {
            Files.copy(in, file);
        }
        return file;
    }

    /** This JVM's CPU seconds during the last timed operation (the bench is single-threaded). */
    private static double lastJvmCpu;

    /** One side of the comparison: the Java client, or boto3 through its worker process. */
    private record Side(String which, CloudDrive drive, Boto boto, Path work) {
        double put(Path source, String name) throws Exception {
            double cpu = jvmCpuSeconds();
            double seconds;
            if (which.equals("java")) {
                long t0 = System.nanoTime();
                FileInfo stored = drive.put("java/" + name, source);
                seconds = (System.nanoTime() - t0) / 1e9;
                if (stored.size() != Files.size(source)) throw new IllegalStateException("stored " + stored.size());
            } else {
                seconds = boto.call("put " + source + " boto3/" + name);
            }
            lastJvmCpu = jvmCpuSeconds() - cpu;
            return seconds;
        }

        /** Downloads and checks the bytes against {@code source} (the check is not timed). */
        double get(String name, Path source) throws Exception {
            Path target = work.resolve(which + "-download.bin");
            double seconds;
            double cpu = jvmCpuSeconds();
            if (which.equals("java")) {
                long t0 = System.nanoTime();
                drive.download("java/" + name, target);
                seconds = (System.nanoTime() - t0) / 1e9;
            } else {
                seconds = boto.call("get boto3/" + name + " " + target);
            }
            lastJvmCpu = jvmCpuSeconds() - cpu;
            if (!sha256(target).equals(sha256(source))) throw new IllegalStateException(which + " got other bytes");
            Files.delete(target);
            return seconds;
        }

        void delete(String name) throws Exception {
            if (which.equals("java")) drive.delete("java/" + name);
            else boto.call("delete boto3/" + name);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return GeneratedContent.sha256(in);
        }
    }

    /** The boto3 worker (bench/scripts/boto3_transfer.py): one command a line, one answer a line. */
    private static final class Boto implements AutoCloseable {
        private final Process process;
        private final PrintWriter in;
        private final BufferedReader out;
        /** boto3's CPU seconds during the last command (all its threads). */
        double lastCpu;

        Boto(String python, LocalStack stack) throws IOException {
            Path script = Machine.repoRoot().resolve("bench/scripts/boto3_transfer.py");
            process = new ProcessBuilder(
                            python,
                            script.toString(),
                            stack.s3Uri().toString(),
                            S3Emulator.ACCESS_KEY,
                            S3Emulator.SECRET_KEY,
                            stack.config().bucket())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        double call(String command) throws IOException {
            in.println(command);
            String answer = out.readLine();
            if (answer == null || !answer.startsWith("ok ")) {
                throw new IllegalStateException("boto3 " + command + ": " + answer);
            }
            String[] figures = answer.substring(3).split(" ");
            lastCpu = Double.parseDouble(figures[1]);
            return Double.parseDouble(figures[0]);
        }

        @Override
        public void close() {
            in.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String row(String op, long size, double[] java, double[] boto) {
        double[] ratios = Stats.pairedRatios(java, boto);
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format(
                "| %s | %d MiB | **%.2f×** (%.2f–%.2f) | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %d |",
                op,
                size / MIB,
                Stats.median(ratios),
                sorted[0],
                sorted[sorted.length - 1],
                Stats.median(java),
                size / MIB / Stats.median(java),
                Stats.median(boto),
                size / MIB / Stats.median(boto),
                java.length);
    }

    private static String report(
            String started,
            String loadBefore,
            int rounds,
            CloudDriveConfig config,
            List<String> rows,
            List<String> cpuRows) {
        return "# Large transfers: the Java client against boto3, side by side\n\n"
                + "- started: " + started + "\n"
                + "- machine: " + Machine.describe() + "\n"
                + "- code: " + Machine.tree() + "\n"
                + "- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                + "- target: one local stack (S3Proxy, filesystem store under the temp folder; dynalite; the gateway)"
                + " in the benchmark's JVM; boto3 " + "in its own Python process against the same S3Proxy\n"
                + "- Java: `CloudDrive.put(name, Path)` (presigned multipart, "
                + config.transfer().uploadParallelism()
                + " parts at once) and `download(name, Path)` (ranges of "
                + config.transfer().downloadPartSize() / MIB
                + " MiB, " + config.transfer().downloadParallelism() + " at once), default configuration\n"
                + "- boto3: `upload_file` / `download_file`, TransferConfig 8 MiB chunks, 8 threads;"
                + " checksums when required only\n"
                + "- command: `make bench-transfer` (TransferBench; per size and round: Java put, boto3 put, Java get,"
                + " boto3 get, Java get over one stream; " + rounds + " rounds after a 64 MiB warm-up)\n\n"
                + "| op | size | Java ÷ boto3, median of pairs (min–max) | Java median | boto3 median | rounds |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + String.join("\n", rows) + "\n\n"
                + "Where the CPU went, median CPU seconds per operation: the benchmark's JVM (S3Proxy, gateway and"
                + " handlers, and for Java's operations the client too) and boto3's Python process.\n\n"
                + "| op | size | JVM during Java's op (client + S3Proxy + API) | JVM during boto3's op (S3Proxy)"
                + " | boto3's process |\n|---|---:|---:|---:|---:|\n"
                + String.join("\n", cpuRows) + "\n";
    }

    private static String cpuRow(String op, long size, double[] javaJvm, double[] botoJvm, double[] botoProcess) {
        return String.format(
                "| %s | %d MiB | %.2f | %.2f | %.2f |",
                op, size / MIB, Stats.median(javaJvm), Stats.median(botoJvm), Stats.median(botoProcess));
    }

    /** This JVM's CPU time so far, all threads. */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }
}
