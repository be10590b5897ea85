package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.config.Config;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A garbage backlog ten times what the old sweeper could do in one run (1,000 a phase): it drains
 * in one run, across every shard, and the live files among the garbage survive.
 */
class SweeperBacklogTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    static final int BACKLOG = 10 * Config.DEFAULT_SWEEP_BATCH + 500;

    @Test
    void tenTimesTheOldCapacityDrainsInOneRunAndKeepsWhatIsReferenced() throws Exception {
        Drive drive = Drive.of("backlog", "d1");
        BlobStore blobs = new BlobStore(
                stack.clients()::s3, stack.clients()::presigner, stack.config().bucket(), clock);
        List<SweepQueue.BlobCheck> garbage = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SweepQueue.BlobCheck>> writes = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                String name = "old/" + i;
                writes.add(pool.submit(() -> {
                    String key = blobs.newKey(drive);
                    blobs.put(key, drive, name, new byte[] {1});
                    return new SweepQueue.BlobCheck(key, drive.partitionKey(), name);
                }));
            }
            for (Future<SweepQueue.BlobCheck> w : writes) garbage.add(w.get());
        } finally {
            pool.shutdown();
        }
        // Three live files whose own blobs are recorded as garbage too (lost answers): they stay.
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var file = stack.app()
                    .files()
                    .put(
                            drive,
                            FileName.of("live/" + i),
                            "kept".getBytes(StandardCharsets.UTF_8),
                            "text/plain",
                            Precondition.NONE);
            live.add(file.blob());
            garbage.add(new SweepQueue.BlobCheck(file.blob(), drive.partitionKey(), file.name()));
        }
        SweepQueue queue =
                new SweepQueue(stack.clients().dynamo(), stack.config().table());
        assertThat(queue.addAll(garbage, clock.instant())).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        Sweeper.Report report = stack.app().sweeper().sweep();
        assertThat(report.blobsDeleted()).isEqualTo(BACKLOG);
        assertThat(report.blobsKept()).isEqualTo(3);
        assertThat(report.failures()).isZero();
        assertThat(report.more()).isFalse();

        Blobs truth = new Blobs(stack);
        assertThat(truth.all()).containsExactlyInAnyOrderElementsOf(live);
        for (int shard = 0; shard < Tables.SWEEP_SHARDS; shard++) {
            assertThat(queue.due(shard, clock.instant().plus(Duration.ofDays(365)), 10))
                    .as("shard %d is empty", shard)
                    .isEmpty();
        }
    }
}
