package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What DynamoDB leaves unprocessed in a batch is sent again after an exponential, fully jittered
 * back-off ({@link BatchRetry}), by every batch call. dynalite never throttles, so the
 * {@link FaultInjector} holds items back from it at the SDK boundary and reports them unprocessed.
 * The delays are what the injected sleeper recorded (jitter fixed at one half), not a clock's.
 */
class UnprocessedBatchTest {
    static final MutableClock clock = new MutableClock();
    static final FaultInjector faults = new FaultInjector();
    static final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    static final BatchRetry RETRY =
            new BatchRetry(6, Duration.ofMillis(50), Duration.ofSeconds(1), slept::add, () -> 0.5);

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(faults))
            .batchRetry(RETRY)
            .build();

    private static final AtomicInteger RUNS = new AtomicInteger();
    private final Blobs blobs = new Blobs(stack);
    private String run;

    @BeforeEach
    void fresh() {
        faults.clear();
        slept.clear();
        clock.reset();
        run = "r" + RUNS.incrementAndGet();
    }

    private static List<Duration> millis(long... values) {
        List<Duration> durations = new ArrayList<>();
        for (long v : values) durations.add(Duration.ofMillis(v));
        return durations;
    }

    @Test
    void garbageRecordsHeldBackAreWrittenAfterBackingOff() {
        SweepQueue queue =
                new SweepQueue(stack.clients().dynamo(), stack.config().table(), RETRY);
        List<SweepQueue.BlobCheck> checks = new ArrayList<>();
        for (int i = 0; i < 30; i++) checks.add(new SweepQueue.BlobCheck(run + "-blob-" + i, "drive", "name"));
        Instant due = clock.instant();

        faults.leaveUnprocessed(3, 10);
        assertThat(queue.addAll(checks, due)).as("nothing left unwritten").isEmpty();
        // The first batch of 25: 10 held back, then those 10 twice more; the batch of 5 goes through.
        assertThat(faults.heldBack()).isEqualTo(30);
        assertThat(slept).containsExactlyElementsOf(millis(25, 50, 100));

        faults.clear();
        Set<String> queued = new HashSet<>();
        for (int shard = 0; shard < Tables.SWEEP_SHARDS; shard++) {
            for (SweepQueue.Entry e : queue.due(shard, due, 1_000)) {
                if (e.work() instanceof SweepQueue.BlobCheck b && b.blob().startsWith(run + "-")) queued.add(b.blob());
            }
        }
        assertThat(queued).hasSize(30);
    }

    @Test
    void batchReadsAskAgainForTheKeysHeldBack() {
        var dynamo = stack.clients().dynamo();
        String table = stack.config().table();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            var key = Items.key("#unprocessed#" + run, "k" + i);
            dynamo.putItem(b -> b.tableName(table).item(key));
            keys.add(key);
        }

        faults.leaveUnprocessed(2, 20);
        var found = Items.batchGet(dynamo, RETRY, table, keys);
        assertThat(found)
                .extracting(item -> Items.string(item, "sk"))
                .hasSize(30)
                .doesNotHaveDuplicates();
        assertThat(faults.heldBack()).isEqualTo(40);
        assertThat(slept).containsExactlyElementsOf(millis(25, 50));
    }

    /** Every call keeps keys back: six calls, five growing delays, then a failure that says so. */
    @Test
    void aReadStillIncompleteAfterEveryRetryIsAClearTryAgain() {
        var keys = List.of(Items.key("#unprocessed#" + run, "a"), Items.key("#unprocessed#" + run, "b"));
        faults.leaveUnprocessed(1_000, 100);
        assertThatThrownBy(() -> Items.batchGet(
                        stack.clients().dynamo(), RETRY, stack.config().table(), keys))
                .isInstanceOf(BatchRetry.IncompleteException.class)
                .hasMessageContaining("after 6 attempts")
                .satisfies(e -> {
                    // Through the API: the documented 503 with Retry-After, never a 500 with the SDK's text.
                    var answer = ApiFunction.failure((RuntimeException) e, "req");
                    assertThat(answer.status()).isEqualTo(503);
                    assertThat(answer.headers()).containsEntry("Retry-After", "1");
                    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                            .contains("try again")
                            .doesNotContain("DynamoDB")
                            .doesNotContain("unprocessed");
                });
        assertThat(faults.heldBack()).isEqualTo(12);
        assertThat(slept).containsExactlyElementsOf(millis(25, 50, 100, 200, 400));
    }

    /** The sweeper's reads exhausted: that shard counts a failure and deletes nothing; the next run does. */
    @Test
    void aSweepWhoseReadsStayIncompleteKeepsTheBlobForTheNextRun() {
        Drive drive = Drive.of("unprocessed", run);
        String old = put(drive, "f.txt", "one");
        put(drive, "f.txt", "two");
        clock.advance(stack.config().presignTtl().plusSeconds(1));

        faults.leaveUnprocessed(1_000_000, 100);
        Sweeper.Report failed = stack.app().sweeper().sweep();
        assertThat(faults.heldBack()).isPositive();
        assertThat(failed.failures()).isPositive();
        assertThat(blobs.exists(old)).as("never deleted on an incomplete read").isTrue();
        assertThat(slept).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));

        faults.clear();
        stack.app().sweeper().sweep();
        assertThat(blobs.exists(old)).isFalse();
    }

    /**
     * A put that replaces a version records the old blob as garbage with a batch write; when every
     * retry leaves it unprocessed the put still answers 201 and the blob gets a recheck marker.
     */
    @Test
    void aGarbageRecordStillUnwrittenLeavesAMarkerAndThePutSucceeds() throws Exception {
        String project = "unprocessed";
        String key = stack.createKey(project, Set.of(), false).secret();
        URI put = URI.create(stack.gatewayUri() + "/v1/" + project + "/" + run + "/files?name=a.txt");
        assertThat(send(put, key, "one").statusCode()).isEqualTo(201);
        long unrecorded = stack.app().garbage().unrecorded();

        faults.leaveUnprocessed(1_000, 25);
        HttpResponse<String> replaced = send(put, key, "two");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(201);
        assertThat(faults.heldBack()).isEqualTo(6);
        assertThat(slept).containsExactlyElementsOf(millis(25, 50, 100, 200, 400));
        assertThat(stack.app().garbage().unrecorded()).isEqualTo(unrecorded + 1);
    }

    private String put(Drive drive, String name, String content) {
        return stack.app()
                .files()
                .put(
                        drive,
                        FileName.of(name),
                        content.getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        Precondition.NONE)
                .blob();
    }

    private static HttpResponse<String> send(URI uri, String key, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("X-Api-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
