package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A move is atomic for every reader and writer, whatever runs at the same moment and wherever it
 * crashes: the mover is held at the SDK boundary after each of its steps (or crashed there) while
 * others read over HTTP — exactly one of {@code from} and {@code to} shows the moved bytes, never
 * both, never neither — and write; afterwards the settled sweeper (time moved on) has deleted every
 * unreferenced blob and nothing that a name points at.
 */
class MoveAtomicityTest {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

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
    private static final String MOVED = "the bytes that move";
    private static final String OLD_TARGET = "the target's old bytes";

    private final Blobs blobs = new Blobs(stack);
    private String key;
    private Drive drive;

    /** The mover's steps, in order, each one SDK call. */
    enum Step {
        QUEUE_CHECK(r -> r instanceof PutItemRequest p
                && p.item().get("pk").s().startsWith("#sweep#")
                && p.item().containsKey("move_id")),
        BEGIN(r -> r instanceof UpdateItemRequest u
                && u.key().get("pk").s().startsWith(Tables.MOVED_PREFIX)
                && u.updateExpression().startsWith("ADD")),
        MARK_SOURCE(r -> r instanceof UpdateItemRequest u
                && u.key().get("sk").s().equals(FROM)
                && u.updateExpression().startsWith("SET #mvto")),
        COMMIT(r -> r instanceof UpdateItemRequest u
                && u.key().get("sk").s().equals(TO)
                && u.updateExpression().contains("#mvin = :m")),
        DELETE_SOURCE(
                r -> r instanceof DeleteItemRequest d && d.key().get("sk").s().equals(FROM)),
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
        key = stack.createKey("mv", Set.of(), false).secret();
        drive = Drive.of("mv", "m" + DRIVES.incrementAndGet());
        assertThat(put(FROM, MOVED).statusCode()).isEqualTo(201);
        assertThat(put(TO, OLD_TARGET).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String body, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create(stack.gatewayUri() + "/v1/mv/" + drive.name().value() + pathAndQuery))
                .header("X-Api-Key", key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> put(String name, String content) throws Exception {
        return call("POST", "/files?name=" + q(name), content);
    }

    private HttpResponse<String> get(String name) throws Exception {
        return call("GET", "/files/download?name=" + q(name), null);
    }

    private HttpResponse<String> move() throws Exception {
        return call(
                "POST", "/files/move", new String(Json.write(Map.of("from", FROM, "to", TO)), StandardCharsets.UTF_8));
    }

    private CompletableFuture<HttpResponse<String>> moveInBackground() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return move();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> listed() throws Exception {
        return listed("");
    }

    private List<String> listed(String query) throws Exception {
        List<String> names = new ArrayList<>();
        JsonNode body = JSON.readTree(call("GET", "/files" + query, null).body());
        body.get("names").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** What a reader sees of a name: its bytes, or null for a 404 (GET and HEAD agree). */
    private String seen(String name) throws Exception {
        var got = get(name);
        var head = call("HEAD", "/files/download?name=" + q(name), null);
        assertThat(head.statusCode()).as("HEAD and GET of %s agree", name).isEqualTo(got.statusCode());
        if (got.statusCode() == 404) return null;
        assertThat(got.statusCode()).as("GET %s: %s", name, got.body()).isEqualTo(200);
        return got.body();
    }

    /** Exactly one of the two names shows the moved bytes, through GET, HEAD and the listing. */
    private void assertExactlyOneHoldsTheMovedBytes(boolean committed) throws Exception {
        String from = seen(FROM);
        String to = seen(TO);
        List<String> listed = listed();
        if (committed) {
            assertThat(from).as("the source after the commit").isNull();
            assertThat(to).isEqualTo(MOVED);
            assertThat(listed).containsExactly(TO);
            assertThat(listed("?recursive=false")).as("folded").containsExactly("archive/");
        } else {
            assertThat(from).isEqualTo(MOVED);
            assertThat(to).as("the target before the commit").isEqualTo(OLD_TARGET);
            assertThat(listed).containsExactly(TO, FROM);
            assertThat(listed("?recursive=false")).as("folded").containsExactly("archive/", "docs/");
        }
    }

    /** The sweeper with time moved on, to the end: then nothing is left over and nothing listed is lost. */
    private void assertSettled(Map<String, String> expected) throws Exception {
        blobs.settle(clock);
        for (var e : expected.entrySet()) {
            assertThat(
                            blobs.read(drive, e.getKey()) == null
                                    ? null
                                    : new String(blobs.read(drive, e.getKey()), StandardCharsets.UTF_8))
                    .as("%s reads back its acknowledged bytes", e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertThat(listed())
                .containsExactlyInAnyOrderElementsOf(expected.entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .map(Map.Entry::getKey)
                        .toList());
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        blobs.assertMovesSettled(drive.partitionKey());
    }

    private static Map<String, String> state(String from, String to) {
        Map<String, String> m = new HashMap<>();
        m.put(FROM, from);
        m.put(TO, to);
        return m;
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void readersSeeExactlyOneNameAtEveryStep(Step step) throws Exception {
        pause.at(step.call, Pause.At.AFTER_SUCCESS);
        var moving = moveInBackground();
        pause.awaitReached();
        assertExactlyOneHoldsTheMovedBytes(step.committed());
        // and a sweeper run meanwhile, a day later (the move's own check included), deletes nothing
        // anyone can read
        clock.advance(Duration.ofDays(1));
        stack.app().sweeper().sweep();
        assertExactlyOneHoldsTheMovedBytes(step.committed());
        pause.release();
        if (step.committed()) {
            assertThat(moving.get().statusCode()).as(moving.get().body()).isEqualTo(200);
            assertExactlyOneHoldsTheMovedBytes(true);
            assertSettled(state(null, MOVED));
        } else {
            // Held past its deadline before it committed: it never will, and says so; nothing moved.
            assertThat(moving.get().statusCode()).as(moving.get().body()).isEqualTo(503);
            assertExactlyOneHoldsTheMovedBytes(false);
            assertSettled(state(MOVED, OLD_TARGET));
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aCrashAfterAnyStepLeavesOneWholeFileAndTheSweeperSettlesIt(Step step) throws Exception {
        faults.fail(step.call, When.AFTER_SUCCESS);
        var answer = move();
        assertThat(faults.injected()).as("the fault fired").isPositive();
        faults.clear();
        // A crash up to the commit fails the move (503); after it, the move has happened (200) and
        // what is left of it is tidied up by others.
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(step.compareTo(Step.COMMIT) > 0 ? 200 : 503);
        assertExactlyOneHoldsTheMovedBytes(step.committed());
        // Sent again at once: before the commit the source is busy (its move may still commit);
        // after it, the source is gone.
        var again = move();
        if (step == Step.QUEUE_CHECK || step == Step.BEGIN) {
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200); // nothing was marked yet
            assertSettled(state(null, MOVED));
            return;
        }
        assertThat(again.statusCode()).as(again.body()).isEqualTo(step.committed() ? 404 : 409);
        assertExactlyOneHoldsTheMovedBytes(step.committed());
        // Once the move can no longer commit, anyone may settle it: here, the sweeper's check.
        clock.advance(InFlight.LIMIT.plusSeconds(1));
        stack.app().sweeper().sweep();
        assertExactlyOneHoldsTheMovedBytes(step.committed());
        if (!step.committed()) {
            assertThat(move().statusCode())
                    .as("the move, once rolled back, can be sent again")
                    .isEqualTo(200);
        }
        assertSettled(state(null, MOVED));
    }

    @Test
    void aWriterOfTheSourceDuringAnUncommittedMoveIsToldToRetryAndLosesNothing() throws Exception {
        pause.at(Step.MARK_SOURCE.call, Pause.At.AFTER_SUCCESS);
        var moving = moveInBackground();
        pause.awaitReached();
        var put = put(FROM, "a newer source");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(409);
        assertThat(put.body()).contains("\"code\":\"file_busy\"");
        var delete = call("DELETE", "/files", "{\"names\":[\"" + FROM + "\"]}");
        assertThat(delete.body()).contains("\"failed\":{\"" + FROM + "\":");
        assertExactlyOneHoldsTheMovedBytes(false);
        pause.release();
        assertThat(moving.get().statusCode()).isEqualTo(200);
        assertThat(put(FROM, "a newer source").statusCode()).isEqualTo(201);
        assertSettled(state("a newer source", MOVED));
    }

    @Test
    void aCommitWhoseAnswerWasLostIsStillA200AfterAnotherWriterFinishedTheMove() throws Exception {
        // If-None-Match: * needs an absent target; the commit lands, its answer is a 500, and the
        // SDK's retry is held while a writer of the source rolls the move forward (its marks go).
        call("DELETE", "/files", "{\"names\":[\"" + TO + "\"]}");
        AtomicInteger commits = new AtomicInteger();
        faults.failOnce(Step.COMMIT.call, When.APPLIED_THEN_500);
        pause.at(r -> Step.COMMIT.call.test(r) && commits.incrementAndGet() == 2, Pause.At.BEFORE_SENDING);
        var moving = CompletableFuture.supplyAsync(() -> {
            try {
                return call(
                        "POST",
                        "/files/move",
                        new String(Json.write(Map.of("from", FROM, "to", TO)), StandardCharsets.UTF_8),
                        "If-None-Match",
                        "*");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        pause.awaitReached();
        assertThat(put(FROM, "a new source").statusCode()).isEqualTo(201);
        pause.release();

        var answer = moving.get();
        assertThat(faults.injected()).isEqualTo(1);
        assertThat(answer.statusCode())
                .as("the move happened: %s", answer.body())
                .isEqualTo(200);
        assertThat(seen(TO)).isEqualTo(MOVED);
        assertThat(seen(FROM)).isEqualTo("a new source");
        assertSettled(state("a new source", MOVED));
    }

    @Test
    void aPutOfTheTargetAfterTheCommitWinsAndTheSourceStaysGone() throws Exception {
        pause.at(Step.COMMIT.call, Pause.At.AFTER_SUCCESS);
        var moving = moveInBackground();
        pause.awaitReached();
        assertThat(put(TO, "written over the moved file").statusCode()).isEqualTo(201);
        assertThat(seen(FROM)).as("the source stays gone").isNull();
        assertThat(seen(TO)).isEqualTo("written over the moved file");
        // A put of the source meets the hidden entry: it finishes the move, then writes.
        assertThat(put(FROM, "a new source").statusCode()).isEqualTo(201);
        pause.release();
        assertThat(moving.get().statusCode()).isEqualTo(200);
        assertThat(seen(FROM)).isEqualTo("a new source");
        assertSettled(state("a new source", "written over the moved file"));
    }

    @Test
    void aDeleteOfTheTargetAfterTheCommitTakesBothAway() throws Exception {
        pause.at(Step.COMMIT.call, Pause.At.AFTER_SUCCESS);
        var moving = moveInBackground();
        pause.awaitReached();
        var delete = call("DELETE", "/files", "{\"names\":[\"" + TO + "\"]}");
        assertThat(delete.body()).contains("\"deleted\":[\"" + TO + "\"]");
        assertThat(seen(FROM)).isNull();
        assertThat(seen(TO)).isNull();
        pause.release();
        assertThat(moving.get().statusCode()).isEqualTo(200);
        assertSettled(state(null, null));
    }

    @Test
    void aMoveOfTheTargetWhileItsOwnMoveIsUnfinishedChainsCorrectly() throws Exception {
        pause.at(Step.DELETE_SOURCE.call, Pause.At.BEFORE_SENDING);
        var moving = moveInBackground();
        pause.awaitReached();
        var onward = call("POST", "/files/move", "{\"from\":\"" + TO + "\",\"to\":\"third.txt\"}");
        assertThat(onward.statusCode()).as(onward.body()).isEqualTo(200);
        assertThat(seen(FROM)).isNull();
        assertThat(seen(TO)).isNull();
        assertThat(seen("third.txt")).isEqualTo(MOVED);
        pause.release();
        assertThat(moving.get().statusCode()).isEqualTo(200);
        Map<String, String> expected = state(null, null);
        expected.put("third.txt", MOVED);
        assertSettled(expected);
    }

    @Test
    void aReaderOfAMarkedSourcePaysOneReadOfTheTarget() throws Exception {
        pause.at(Step.MARK_SOURCE.call, Pause.At.AFTER_SUCCESS);
        var moving = moveInBackground();
        pause.awaitReached();
        AtomicInteger reads = new AtomicInteger();
        // a rule that never fires, only counts the index reads it is shown
        faults.fail(
                r -> r instanceof GetItemRequest g
                        && g.key().get("pk").s().equals(drive.partitionKey())
                        && reads.incrementAndGet() < 0,
                When.BEFORE_SENDING);
        assertThat(seen(FROM)).isEqualTo(MOVED);
        faults.clear();
        assertThat(reads.get())
                .as("GET and HEAD: the source's entry and its target's, each")
                .isEqualTo(4);
        pause.release();
        assertThat(moving.get().statusCode()).isEqualTo(200);
    }

    /** The blob the index entry {@code name} points at. */
    private String blobOf(String name) {
        return blobs.current(drive.partitionKey(), name);
    }

    @Test
    void aGarbageCheckUnderTheOldNameKeepsTheMovedBlob() throws Exception {
        String blob = blobOf(FROM);
        assertThat(move().statusCode()).isEqualTo(200);
        // a check of the blob under the name it was written for (as a lost answer or a recheck makes)
        stack.app().garbage().record(List.of(new SweepQueue.BlobCheck(blob, drive.partitionKey(), FROM)));
        clock.advance(Duration.ofDays(1));
        var report = stack.app().sweeper().sweep();
        assertThat(report.blobsKept()).isPositive();
        assertThat(blobs.exists(blob)).isTrue();
        assertSettled(state(null, MOVED));
    }

    @Test
    void aMoveBetweenTheSweepersReadsMakesItLookAgainInsteadOfDeleting() throws Exception {
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
        // meanwhile the blob moves away from the name the sweeper is about to read
        clock.reset();
        assertThat(move().statusCode()).isEqualTo(200);
        pause.release();
        var report = sweeping.get();
        assertThat(report.deferred())
                .as("a move began between its reads: look again later")
                .isPositive();
        assertThat(blobs.exists(blob)).as("the moved blob is not deleted").isTrue();
        assertThat(seen(TO)).isEqualTo(MOVED);
        assertSettled(state(null, MOVED));
    }
}
