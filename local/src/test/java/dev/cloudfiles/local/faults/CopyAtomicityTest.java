package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Tables;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A copy is metadata-only: the target points at the source's blob, and the sweeper deletes that blob
 * only once no name points at it — whatever runs at the same moment and wherever the copier crashes.
 * The copier is held at the SDK boundary after each of its steps (or crashed there) while others
 * read, delete, overwrite and sweep; afterwards the settled sweeper has deleted every unreferenced
 * blob and nothing that a name points at ({@link Blobs}).
 */
class CopyAtomicityTest {
    static final Pause pause = new Pause();
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(pause, faults))
            .build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private static final String FROM = "docs/from.txt";
    private static final String TO = "archive/to.txt";
    private static final String COPIED = "the bytes that are copied";
    private static final String OLD_TARGET = "the target's old bytes";

    private final Blobs blobs = new Blobs(stack);
    private String key;
    private Drive drive;

    /** The index reads of the source: the copy's first read of it, then its second, after the begin. */
    private static final AtomicInteger sourceReads = new AtomicInteger();

    /** The copier's steps, in order, each one SDK call. */
    enum Step {
        QUEUE_CHECK(r -> r instanceof PutItemRequest p
                && p.item().get("pk").s().startsWith("#sweep#")
                && p.item().containsKey("move_id")),
        BEGIN(r -> r instanceof UpdateItemRequest u
                && u.key().get("pk").s().startsWith(Tables.MOVED_PREFIX)
                && u.updateExpression().startsWith("ADD")),
        SOURCE_AGAIN(r -> r instanceof GetItemRequest g
                && g.key().get("sk").s().equals(FROM)
                && sourceReads.incrementAndGet() == 2),
        COMMIT(r -> r instanceof UpdateItemRequest u
                && u.key().get("sk").s().equals(TO)
                && u.updateExpression().contains("#mvin = :m")),
        CLEAR_TARGET(r -> r instanceof UpdateItemRequest u
                && u.key().get("sk").s().equals(TO)
                && u.updateExpression().startsWith("REMOVE")),
        END(r -> r instanceof UpdateItemRequest u
                && u.key().get("pk").s().startsWith(Tables.MOVED_PREFIX)
                && u.updateExpression().startsWith("DELETE"));

        final Predicate<SdkRequest> call;

        Step(Predicate<SdkRequest> call) {
            this.call = call;
        }

        boolean committed() {
            return compareTo(COMMIT) >= 0;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        clock.reset();
        key = stack.createKey("cp", Set.of(), false).secret();
        drive = Drive.of("cp", "c" + DRIVES.incrementAndGet());
        assertThat(put(FROM, COPIED).statusCode()).isEqualTo(201);
        assertThat(put(TO, OLD_TARGET).statusCode()).isEqualTo(201);
        sourceReads.set(0);
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String body) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create(stack.gatewayUri() + "/v1/cp/" + drive.name().value() + pathAndQuery))
                .header("X-Api-Key", key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> put(String name, String content) throws Exception {
        return call("POST", "/files?name=" + q(name), content);
    }

    private HttpResponse<String> delete(String name) throws Exception {
        var r = call(
                "DELETE", "/files", new String(Json.write(Map.of("names", List.of(name))), StandardCharsets.UTF_8));
        assertThat(r.body()).as("DELETE %s", name).contains("\"deleted\":[\"" + name + "\"]");
        return r;
    }

    private HttpResponse<String> op(String route, String from, String to) throws Exception {
        return call(
                "POST",
                "/files/" + route,
                new String(Json.write(Map.of("from", from, "to", to)), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> copy() throws Exception {
        return op("copy", FROM, TO);
    }

    private CompletableFuture<HttpResponse<String>> copyInBackground() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return copy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What a reader sees of a name over HTTP: its bytes, or null for a 404. */
    private String seen(String name) throws Exception {
        var got = call("GET", "/files/download?name=" + q(name), null);
        if (got.statusCode() == 404) return null;
        assertThat(got.statusCode()).as("GET %s: %s", name, got.body()).isEqualTo(200);
        return got.body();
    }

    /** The source always reads back whole; the target shows its old bytes until the commit, the copy's after. */
    private void assertBothRead(boolean committed) throws Exception {
        assertThat(seen(FROM)).isEqualTo(COPIED);
        assertThat(seen(TO)).isEqualTo(committed ? COPIED : OLD_TARGET);
    }

    /** The sweeper with time moved on, to the end: nothing left over, nothing a name points at lost. */
    private void assertSettled(Map<String, String> expected) throws Exception {
        blobs.settle(clock);
        for (var e : expected.entrySet()) {
            byte[] read = blobs.read(drive, e.getKey());
            assertThat(read == null ? null : new String(read, StandardCharsets.UTF_8))
                    .as("%s reads back its acknowledged bytes", e.getKey())
                    .isEqualTo(e.getValue());
        }
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        blobs.assertMovesSettled(drive.partitionKey());
    }

    private static Map<String, String> state(String... namesAndContents) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < namesAndContents.length; i += 2) m.put(namesAndContents[i], namesAndContents[i + 1]);
        return m;
    }

    private String blobOf(String name) {
        return blobs.current(drive.partitionKey(), name);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void readersSeeBothNamesWholeAtEveryStep(Step step) throws Exception {
        pause.at(step.call, Pause.At.AFTER_SUCCESS);
        var copying = copyInBackground();
        pause.awaitReached();
        assertBothRead(step.committed());
        // a sweeper run meanwhile, a day later (the copy's own check included), deletes nothing anyone reads
        clock.advance(Duration.ofDays(1));
        stack.app().sweeper().sweep();
        assertBothRead(step.committed());
        pause.release();
        if (step.committed()) {
            assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(201);
            assertSettled(state(FROM, COPIED, TO, COPIED));
        } else {
            // Held past its deadline before it committed: it never will, and says so; nothing copied.
            assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(503);
            assertBothRead(false);
            assertSettled(state(FROM, COPIED, TO, OLD_TARGET));
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aCrashAfterAnyStepLeavesBothNamesWholeAndTheSweeperSettlesIt(Step step) throws Exception {
        faults.fail(step.call, When.AFTER_SUCCESS);
        var answer = copy();
        assertThat(faults.injected()).as("the fault fired").isPositive();
        faults.clear();
        // Up to the commit the copy fails (503); after it, it has happened (201), the rest is tidied up.
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(step.compareTo(Step.COMMIT) > 0 ? 201 : 503);
        assertBothRead(step.committed());
        // Nothing of a copy keeps its names busy: sent again at once, it works.
        var again = copy();
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertBothRead(true);
        clock.advance(InFlight.LIMIT.plusSeconds(1));
        stack.app().sweeper().sweep();
        assertBothRead(true);
        assertSettled(state(FROM, COPIED, TO, COPIED));
    }

    @Test
    void aSourceDeletedAndSweptBeforeTheCopyBeganIsNotCopied() throws Exception {
        String blob = blobOf(FROM);
        // The copy has read the source and is about to begin; meanwhile the source goes, and its
        // blob with it: nothing else points at it yet.
        pause.at(Step.QUEUE_CHECK.call, Pause.At.BEFORE_SENDING);
        var copying = copyInBackground();
        pause.awaitReached();
        delete(FROM);
        clock.advance(Duration.ofDays(1));
        stack.app().sweeper().sweep();
        assertThat(blobs.exists(blob)).as("the deleted source's blob is swept").isFalse();
        clock.reset();
        pause.release();
        // Its second read of the source, after the begin, finds it gone: the copy answers 404, and
        // the target never points at the deleted blob.
        assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(404);
        assertThat(seen(TO)).isEqualTo(OLD_TARGET);
        assertSettled(state(FROM, null, TO, OLD_TARGET));
    }

    @Test
    void aSourceDeletedWhileTheCopyIsInFlightKeepsItsBlobForTheCopy() throws Exception {
        String blob = blobOf(FROM);
        // A check of the blob is due now (an earlier copy of it deleted, a recheck marker, ...)
        stack.app().garbage().record(List.of(new SweepQueue.BlobCheck(blob, drive.partitionKey(), FROM)));
        clock.advance(Duration.ofDays(1));
        pause.at(Step.SOURCE_AGAIN.call, Pause.At.AFTER_SUCCESS);
        var copying = copyInBackground();
        pause.awaitReached();
        delete(FROM);
        var report = stack.app().sweeper().sweep();
        assertThat(report.deferred())
                .as("a copy of the blob is in flight: look again later")
                .isPositive();
        assertThat(blobs.exists(blob)).isTrue();
        pause.release();
        assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(201);
        assertThat(seen(TO)).isEqualTo(COPIED);
        assertThat(blobOf(TO)).isEqualTo(blob);
        assertSettled(state(FROM, null, TO, COPIED));
        assertThat(blobs.exists(blob)).isTrue();
    }

    @Test
    void aCopyBetweenTheSweepersReadsMakesItLookAgainInsteadOfDeleting() throws Exception {
        String blob = blobOf(FROM);
        stack.app().garbage().record(List.of(new SweepQueue.BlobCheck(blob, drive.partitionKey(), FROM)));
        clock.advance(Duration.ofDays(1));
        // The sweeper has read the blob's moved-names item (none) and is about to read the entry of FROM
        pause.at(
                r -> r instanceof BatchGetItemRequest b
                        && b.requestItems().values().stream()
                                .flatMap(k -> k.keys().stream())
                                .anyMatch(k -> k.get("pk").s().equals(drive.partitionKey())),
                Pause.At.BEFORE_SENDING);
        var sweeping = CompletableFuture.supplyAsync(() -> stack.app().sweeper().sweep());
        pause.awaitReached();
        // meanwhile the blob is copied to a name the sweeper does not know of, and the source goes
        assertThat(copy().statusCode()).isEqualTo(201);
        delete(FROM);
        pause.release();
        var report = sweeping.get();
        assertThat(report.deferred()).as("a copy began between its reads").isPositive();
        assertThat(blobs.exists(blob)).as("the copied blob is not deleted").isTrue();
        assertThat(seen(TO)).isEqualTo(COPIED);
        assertSettled(state(FROM, null, TO, COPIED));
    }

    @Test
    void aSourceOverwrittenDuringTheCopyKeepsTheCopiedVersion() throws Exception {
        pause.at(Step.SOURCE_AGAIN.call, Pause.At.AFTER_SUCCESS);
        var copying = copyInBackground();
        pause.awaitReached();
        assertThat(put(FROM, "a newer source").statusCode()).isEqualTo(201);
        pause.release();
        assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(201);
        assertSettled(state(FROM, "a newer source", TO, COPIED));
    }

    @Test
    void aMoveOfTheSourceWhileTheCopyIsInFlightLeavesBothNamesWithTheBytes() throws Exception {
        pause.at(Step.SOURCE_AGAIN.call, Pause.At.AFTER_SUCCESS);
        var copying = copyInBackground();
        pause.awaitReached();
        assertThat(op("move", FROM, "moved/away.txt").statusCode()).isEqualTo(200);
        pause.release();
        assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(201);
        assertSettled(state(FROM, null, TO, COPIED, "moved/away.txt", COPIED));
    }

    @Test
    void aDeleteOrMoveOfTheTargetRightAfterTheCommitFinishesItsMarkAndKeepsTheBlobForTheSource() throws Exception {
        String blob = blobOf(FROM);
        pause.at(Step.COMMIT.call, Pause.At.AFTER_SUCCESS);
        var copying = copyInBackground();
        pause.awaitReached();
        assertThat(op("move", TO, "onward.txt").statusCode()).isEqualTo(200);
        delete("onward.txt");
        pause.release();
        assertThat(copying.get().statusCode()).as(copying.get().body()).isEqualTo(201);
        assertSettled(state(FROM, COPIED, TO, null, "onward.txt", null));
        assertThat(blobs.exists(blob)).isTrue();
    }

    @Test
    void theBlobLivesUntilTheLastOfItsNamesGoesInWhateverOrder() throws Exception {
        String blob = blobOf(FROM);
        assertThat(copy().statusCode()).isEqualTo(201);
        assertThat(op("copy", TO, "c/third.txt").statusCode()).isEqualTo(201);
        assertThat(op("move", FROM, "m/fourth.txt").statusCode()).isEqualTo(200);
        assertThat(put(TO, "the copy overwritten").statusCode()).isEqualTo(201);
        assertSettled(state(FROM, null, TO, "the copy overwritten", "c/third.txt", COPIED, "m/fourth.txt", COPIED));
        assertThat(blobs.exists(blob)).isTrue();

        assertThat(op("move", "c/third.txt", FROM).statusCode()).isEqualTo(200);
        delete("m/fourth.txt");
        assertSettled(state(FROM, COPIED, "c/third.txt", null, "m/fourth.txt", null));
        assertThat(blobs.exists(blob)).isTrue();

        delete(FROM);
        assertSettled(state(FROM, null, TO, "the copy overwritten"));
        assertThat(blobs.exists(blob)).as("no name points at it any more").isFalse();
    }
}
