package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.TooLateException;
import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.uploads.UploadSession;
import dev.cloudfiles.store.uploads.Uploads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Commit, abort and expiry of one upload at the same moment, made deterministic by holding one
 * instance's SDK call at the boundary while the others run. Whatever the interleaving: exactly one
 * of them wins, the losers change nothing, every listed file reads back its acknowledged bytes, and
 * the settled sweeper deletes every unreferenced blob and nothing else.
 */
class UploadRacesTest {
    static final Pause pause = new Pause();
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(pause, faults))
            .build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private static final byte[] OLD = "the old version".getBytes(StandardCharsets.UTF_8);
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    @BeforeEach
    void setUp() {
        clock.reset();
        drive = Drive.of("race", "r" + DRIVES.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private Uploads uploads() {
        return stack.app().uploads();
    }

    private byte[] read(String name) throws IOException {
        return blobs.read(drive, name);
    }

    /** An upload of {@code content} to {@code name}, one part, declared size, not yet committed. */
    private UploadSession uploaded(String name, byte[] content) {
        UploadSession session = uploads()
                .start(
                        drive,
                        FileName.of(name),
                        Optional.empty(),
                        new Uploads.Declared(Optional.of((long) content.length), false));
        uploads().uploadPart(session, 1, content, Optional.empty());
        return session;
    }

    private CompletableFuture<FileRecord> commitInBackground(UploadSession session) {
        return CompletableFuture.supplyAsync(
                () -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"));
    }

    private void assertSettledAndWhole(String name, byte[] expected) throws IOException {
        blobs.settle(clock);
        assertThat(read(name)).as("%s reads back its acknowledged bytes", name).isEqualTo(expected);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        assertThat(blobs.openMultipartUploads()).isZero();
        assertThat(blobs.sessionItems(drive.partitionKey())).isZero();
    }

    /** The first finding: a commit retried after a 412, slow, while the upload is aborted and expires. */
    @Test
    void aSlowRetriedCommitCannotPointTheIndexAtBytesTheSweeperDeleted() throws Exception {
        stack.app().files().put(drive, FileName.of("x.bin"), OLD, "application/octet-stream", Precondition.NONE);
        UploadSession session = uploaded("x.bin", new byte[] {1, 2, 3});
        assertThatThrownBy(
                        () -> uploads().commit(drive, session, new Precondition.IfAbsent(), "application/octet-stream"))
                .isInstanceOf(PreconditionFailedException.class);

        // The retry assembles nothing new (S3 already holds the blob) and stops right after reading it.
        pause.at(r -> r instanceof HeadObjectRequest h && h.key().equals(session.blob()), Pause.At.AFTER_SUCCESS);
        CompletableFuture<FileRecord> slow = commitInBackground(session);
        pause.awaitReached();

        assertThatThrownBy(() -> uploads().abort(drive, session))
                .isInstanceOfSatisfying(
                        UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.BUSY));
        // Meanwhile the upload expires and the sweeper runs to completion, long after the claim died.
        clock.advance(stack.config().uploadTtl().plus(InFlight.LIMIT));
        Sweeper.Report report = stack.app().sweeper().sweep();
        assertThat(report.sessionsExpired()).isEqualTo(1);
        blobs.settle(clock);
        assertThat(blobs.exists(session.blob()))
                .as("the unreferenced blob is gone")
                .isFalse();

        pause.release();
        // It finds its claim taken (the session ended) or its deadline passed: either way it writes nothing.
        assertThatThrownBy(slow::get)
                .satisfies(
                        e -> assertThat(e.getCause()).isInstanceOfAny(TooLateException.class, UploadException.class));
        assertThat(read("x.bin")).as("the previous version is whole").isEqualTo(OLD);
        assertSettledAndWhole("x.bin", OLD);
    }

    @Test
    void abortAndExpiryWaitForALiveCommitWhichThenLands() throws Exception {
        stack.app().files().put(drive, FileName.of("y.bin"), OLD, "application/octet-stream", Precondition.NONE);
        byte[] fresh = "the new version".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("y.bin", fresh);
        clock.advance(stack.config().uploadTtl().minus(Duration.ofMinutes(1)));

        pause.at(CompleteMultipartUploadRequest.class::isInstance, Pause.At.BEFORE_SENDING);
        CompletableFuture<FileRecord> committing = commitInBackground(session);
        pause.awaitReached();

        clock.advance(Duration.ofMinutes(2)); // past the session's expiry, within the commit's claim
        Sweeper.Report report = stack.app().sweeper().sweep();
        assertThat(report.deferred()).as("expiry waits for the commit").isEqualTo(1);
        assertThat(report.sessionsExpired()).isZero();
        assertThatThrownBy(() -> uploads().abort(drive, session))
                .isInstanceOfSatisfying(
                        UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.BUSY));
        assertThatThrownBy(() -> uploads().commit(drive, session, Precondition.NONE, "x"))
                .isInstanceOfSatisfying(
                        UploadException.class,
                        e -> assertThat(e.kind()).isIn(UploadException.Kind.BUSY, UploadException.Kind.NOT_FOUND));

        pause.release();
        assertThat(committing.get().size()).isEqualTo(fresh.length);
        assertThat(read("y.bin")).isEqualTo(fresh);
        assertSettledAndWhole("y.bin", fresh);
    }

    @Test
    void anAbortThatWinsLeavesACommitNothingToCommit() throws Exception {
        stack.app().files().put(drive, FileName.of("z.bin"), OLD, "application/octet-stream", Precondition.NONE);
        UploadSession session = uploaded("z.bin", new byte[] {4, 5, 6});
        uploads().abort(drive, session);
        assertThatThrownBy(() -> uploads().commit(drive, session, Precondition.NONE, "x"))
                .isInstanceOfSatisfying(
                        UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.NOT_FOUND));
        assertSettledAndWhole("z.bin", OLD);
    }

    /** The third finding, as it was found: one abort and two commits let go at once, six times. */
    @Test
    void anAbortAndTwoCommitsAtOnceHaveExactlyOneWinnerAndNeverAnEmptyFile() throws Exception {
        byte[] big = new byte[(int) Uploads.MIN_PART_BYTES + 1024];
        Arrays.fill(big, (byte) 7);
        for (int trial = 0; trial < 6; trial++) {
            String name = "t" + trial + ".bin";
            stack.app().files().put(drive, FileName.of(name), OLD, "application/octet-stream", Precondition.NONE);
            UploadSession session = uploaded(name, big);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> contenders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                boolean abort = i == 0;
                contenders.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        if (abort) uploads().abort(drive, session);
                        else uploads().commit(drive, session, Precondition.NONE, "application/octet-stream");
                        return true;
                    } catch (UploadException lost) {
                        assertThat(lost.kind())
                                .isIn(
                                        UploadException.Kind.BUSY,
                                        UploadException.Kind.NOT_FOUND,
                                        UploadException.Kind.COMMITTED);
                        return false;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (CompletableFuture<Boolean> c : contenders) {
                try {
                    if (c.get()) winners++;
                } catch (ExecutionException e) {
                    throw new AssertionError("a contender failed unexpectedly", e.getCause());
                }
            }
            boolean abortWon = contenders.get(0).get();
            assertThat(winners)
                    .as("trial %d: exactly one of abort, commit, commit wins", trial)
                    .isEqualTo(1);
            assertThat(read(name)).as("trial %d", trial).isEqualTo(abortWon ? OLD : big);
        }
        blobs.settle(clock);
        for (int trial = 0; trial < 6; trial++)
            assertThat(read("t" + trial + ".bin")).isIn(OLD, big);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        assertThat(blobs.openMultipartUploads()).isZero();
    }

    /** S3 reports some CompleteMultipartUpload failures in a 200: a 503 to retry, never a 500. */
    @Test
    void anErrorInsideA200CompletionIsA503AndTheRetryCommits() throws Exception {
        String key = stack.createKey("race", Set.of(), false).secret();
        String base = stack.gatewayUri() + "/v1/race/" + drive.name().value();
        HttpClient http = HttpClient.newHttpClient();
        var start = http.send(
                HttpRequest.newBuilder(URI.create(base + "/uploads?name=c.txt&size=5"))
                        .header("X-Api-Key", key)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(202);
        String id = start.body().replaceAll(".*\"upload_id\":\"([^\"]+)\".*", "$1");
        var part = http.send(
                HttpRequest.newBuilder(URI.create(base + "/uploads/" + id + "/parts?name=c.txt&part=1"))
                        .header("X-Api-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(part.statusCode()).isEqualTo(200);

        faults.fail(CompleteMultipartUploadRequest.class, When.ERROR_IN_200);
        HttpRequest commit = HttpRequest.newBuilder(URI.create(base + "/uploads/" + id + "?name=c.txt"))
                .header("X-Api-Key", key)
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        var failed = http.send(commit, HttpResponse.BodyHandlers.ofString());
        assertThat(faults.injected()).isPositive();
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).isPresent();
        assertThat(failed.body()).contains("errors");
        faults.clear();

        var retried = http.send(commit, HttpResponse.BodyHandlers.ofString());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(read("c.txt")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertSettledAndWhole("c.txt", "hello".getBytes(StandardCharsets.UTF_8));
    }
}
