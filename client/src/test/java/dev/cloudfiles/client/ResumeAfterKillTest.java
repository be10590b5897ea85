package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof: {@code kill -9} of the {@code cloudfiles} CLI (a JVM of its own,
 * {@link ResumeCliMain}) in the middle of a 300 MiB put, then {@code put --resume}, stores a
 * byte-identical file, and no part reaches S3 twice. Every request of both processes goes through
 * a proxy ({@link FaultProxy}) that counts the part PUTs it forwards to S3 by part number. The
 * kill comes at a known point, without sleeps: the proxy lets parts 1..K through and holds every
 * later part (never forwarding it); the test kills the process once S3 has answered parts 1..K
 * and a later part is held.
 */
class ResumeAfterKillTest {
    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 300 * MIB;
    private static final long SEED = 20261129L;
    /** Parts S3 receives before the kill (of 38: the server picks 8 MiB parts for 300 MiB). */
    private static final int K = 12;

    private static final Pattern PART = Pattern.compile("[?&]partNumber=(\\d+)");

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path tmp;

    @Test
    void aKilledPutResumesByteIdenticalAndNoPartReachesS3Twice() throws Exception {
        Path file = tmp.resolve("big.bin");
        try (InputStream in = new GeneratedContent(SEED, SIZE)) {
            Files.copy(in, file);
        }
        Map<String, String> env = Map.of(
                "CLOUD_FILES_URL", stack.gatewayUri().toString(),
                "CLOUD_FILES_KEY", stack.newKeySecret(),
                "CLOUD_FILES_DRIVE", "resume",
                "CLOUD_FILES_STATE_DIR", tmp.resolve("state").toString());
        int parts = (int) ((SIZE + 8 * MIB - 1) / (8 * MIB));

        try (FaultProxy proxy = new FaultProxy()) {
            Map<Integer, AtomicInteger> reachedS3 = new ConcurrentHashMap<>();
            CountDownLatch firstK = new CountDownLatch(K);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            proxy.onForwarded((request, status) -> {
                int part = partNumber(request);
                if (part == 0) return;
                reachedS3.computeIfAbsent(part, p -> new AtomicInteger()).incrementAndGet();
                if (part <= K && status == 200) firstK.countDown();
            });
            proxy.rule(request -> {
                if (partNumber(request) <= K) return null;
                held.countDown();
                try {
                    release.await(); // until the client is dead; never forwarded
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FaultProxy.Fault.of(503);
            });

            Process put = cli(proxy, env, "put", file.toString(), "big.bin");
            assertThat(firstK.await(3, TimeUnit.MINUTES))
                    .as("S3 answered parts 1..%d", K)
                    .isTrue();
            assertThat(held.await(3, TimeUnit.MINUTES))
                    .as("a later part is held")
                    .isTrue();
            put.destroyForcibly(); // SIGKILL: no abort, no cleanup
            assertThat(put.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(put.exitValue()).isEqualTo(137);
            release.countDown();
            proxy.rule(request -> null);

            Map<Integer, Integer> beforeResume = snapshot(reachedS3);
            assertThat(beforeResume.keySet()).allMatch(p -> p <= K);
            try (CloudDrive drive =
                    CloudDrive.create(env.get("CLOUD_FILES_URL"), env.get("CLOUD_FILES_KEY"), "resume")) {
                assertThat(drive.uploads())
                        .as("the killed put left its upload open")
                        .singleElement()
                        .satisfies(u -> assertThat(u.name()).isEqualTo("big.bin"));
            }

            Process resume = cli(proxy, env, "put", "--resume", file.toString(), "big.bin");
            String output = new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(resume.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(resume.exitValue()).as(output).isZero();
            assertThat(output).contains("big.bin (" + SIZE + " bytes");

            Map<Integer, Integer> total = snapshot(reachedS3);
            List<Integer> sentByResume = new ArrayList<>();
            total.forEach((part, n) -> {
                if (n > beforeResume.getOrDefault(part, 0)) sentByResume.add(part);
            });
            assertThat(total.keySet()).as("every part reached S3").hasSize(parts);
            assertThat(total.values()).as("no part reached S3 twice").allMatch(n -> n == 1);
            assertThat(sentByResume.stream().sorted().toList())
                    .as("the resume sent exactly the parts S3 lacked")
                    .isEqualTo(IntStream.rangeClosed(K + 1, parts).boxed().toList());

            try (CloudDrive drive =
                            CloudDrive.create(env.get("CLOUD_FILES_URL"), env.get("CLOUD_FILES_KEY"), "resume");
                    StreamingBody body = drive.get("big.bin");
                    InputStream in = body.asInputStream()) {
                assertThat(GeneratedContent.sha256(in)).isEqualTo(GeneratedContent.sha256(SEED, SIZE));
                assertThat(drive.uploads()).isEmpty();
            }
            try (var left = Files.list(tmp.resolve("state"))) {
                assertThat(left.toList())
                        .as("the state is gone once the upload is committed")
                        .isEmpty();
            }
        }
    }

    private static int partNumber(FaultProxy.Seen request) {
        if (!request.method().equals("PUT") || request.uri().getRawQuery() == null) return 0;
        Matcher m = PART.matcher("?" + request.uri().getRawQuery());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Map<Integer, Integer> snapshot(Map<Integer, AtomicInteger> counts) {
        Map<Integer, Integer> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static Process cli(FaultProxy proxy, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                ResumeCliMain.class.getName(),
                Integer.toString(proxy.port())));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (!args[1].equals("--resume")) builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }
}
