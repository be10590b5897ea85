package dev.cloudfiles.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.cli.CloudFilesCli;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code cloudfiles put} says when a large put fails, and what it leaves in the state folder:
 * a resume hint only when an upload was opened and recorded, and never a lock file.
 */
class InterruptedPutCliTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path tmp;

    private Path state;
    private Path file;
    private FaultProxy proxy;
    private Map<String, String> env;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void open() throws Exception {
        state = tmp.resolve("state");
        file = tmp.resolve("big.bin");
        Files.write(file, new byte[9 * 1024 * 1024]);
        proxy = new FaultProxy();
        env = new HashMap<>(Map.of(
                CloudDriveConfig.ENV_URL, stack.gatewayUri().toString(),
                CloudDriveConfig.ENV_KEY, stack.newKeySecret(),
                CloudDriveConfig.ENV_DRIVE, "interrupted",
                CloudDriveConfig.ENV_STATE_DIR, state.toString()));
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    /** The CLI, its requests through the fault proxy, or (with {@code direct}) straight to the URL. */
    private Result run(boolean direct, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CloudFilesCli(
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        false)
                .configure(b -> {
                    b.backoffBase(Duration.ofMillis(5))
                            .maxBackoff(Duration.ofMillis(20))
                            .maxAttempts(1);
                    if (!direct) b.proxy(proxy.selector());
                })
                .run(args);
        return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private List<String> stateFolder() throws Exception {
        if (!Files.isDirectory(state)) return List.of();
        try (Stream<Path> files = Files.list(state)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aPutThatNeverReachedTheServerDoesNotOfferAResume() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        env.put(CloudDriveConfig.ENV_URL, "http://127.0.0.1:" + closed);
        Result r = run(true, "put", file.toString(), "big.bin");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .contains("cannot connect to http://127.0.0.1:" + closed)
                .containsIgnoringCase("no upload was started, so there is nothing to resume")
                .doesNotContain("--resume")
                .doesNotContain("kept open");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(stateFolder()).as("nothing recorded, no lock file left").isEmpty();
    }

    @Test
    void anUploadCutOffMidwaySaysHowToResumeAndLeavesOnlyItsState() throws Exception {
        proxy.rule(request -> request.method().equals("PUT")
                        && String.valueOf(request.uri().getRawQuery()).contains("partNumber=")
                ? FaultProxy.Fault.of(503)
                : null);
        Result cut = run(false, "put", file.toString(), "big.bin");
        assertThat(cut.code()).as(cut.err()).isEqualTo(1);
        assertThat(cut.err())
                .contains("the upload is kept open for a day")
                .contains("'cloudfiles put --resume " + file + " big.bin'");
        assertThat(stateFolder()).singleElement().satisfies(n -> assertThat(n).endsWith(".json"));

        proxy.rule(request -> null);
        Result resumed = run(false, "put", "--resume", file.toString(), "big.bin");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).startsWith("big.bin (" + Files.size(file) + " bytes");
        assertThat(stateFolder()).as("done: neither state nor lock file").isEmpty();
    }

    @Test
    void aFailedPutThatWillNotPassLeavesNothing() throws Exception {
        run(false, "put", file.toString(), "big.bin");
        Result refused = run(false, "put", "--if-absent", file.toString(), "big.bin");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("412").doesNotContain("--resume");
        assertThat(stateFolder()).isEmpty();
    }

    /**
     * Lock files are deleted when released, and that never lets two holders in: threads locking
     * and releasing one slot as fast as they can are never two at once (each works through a
     * channel of its own, as two processes do).
     */
    @Test
    void deletingLockFilesNeverLetsTwoHoldTheSameSlot() throws Exception {
        UploadStates states = new UploadStates(state);
        UploadStates.Slot slot = states.slot("http://drive", "big.bin", file.toRealPath());
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(() -> {
                    for (int i = 0; i < 1500; i++) {
                        var lock = states.tryLock(slot);
                        if (lock.isEmpty()) continue;
                        try {
                            held.incrementAndGet();
                            if (holders.incrementAndGet() > 1) overlaps.incrementAndGet();
                            holders.decrementAndGet();
                        } finally {
                            lock.get().close();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(workers)) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(held.get()).isPositive();
        assertThat(overlaps.get()).as("times two threads held the slot at once").isZero();
        assertThat(stateFolder()).as("every lock file removed").isEmpty();
    }
}
