package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.uploads.Uploads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweeper against the real emulators, with time moved forward instead of waited for. */
class SweeperTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    @BeforeEach
    void freshDrive() {
        clock.reset();
        drive = Drive.of("sweep", "d" + DRIVES.incrementAndGet());
    }

    private String put(String name, String content) {
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

    private Sweeper.Report sweep() {
        return stack.app().sweeper().sweep();
    }

    private SweepQueue queue() {
        return new SweepQueue(stack.clients().dynamo(), stack.config().table());
    }

    @Test
    void garbageIsKeptWhileAPresignedUrlCouldReachItAndDeletedAfter() {
        String v1 = put("f.txt", "one");
        String v2 = put("f.txt", "two");
        sweep();
        assertThat(blobs.exists(v1))
                .as("younger than the presigned-URL lifetime")
                .isTrue();

        clock.advance(stack.config().presignTtl().plusSeconds(1));
        Sweeper.Report report = sweep();
        assertThat(report.blobsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.exists(v1)).isFalse();
        assertThat(blobs.exists(v2)).isTrue();
        assertThat(blobs.current(drive.partitionKey(), "f.txt")).isEqualTo(v2);
    }

    @Test
    void deletedFilesBytesGoAfterTheLifetime() {
        String blob = put("gone.txt", "bye");
        stack.app().files().deleteAll(drive, List.of(FileName.of("gone.txt")));
        assertThat(blobs.exists(blob)).as("not deleted under a reader").isTrue();
        clock.advance(stack.config().presignTtl().plusSeconds(1));
        sweep();
        assertThat(blobs.exists(blob)).isFalse();
    }

    @Test
    void aReferencedBlobIsNeverDeletedEvenWhenRecordedAsGarbage() {
        String blob = put("kept.txt", "precious");
        // What a write whose answer was lost leaves behind: its own blob recorded as garbage.
        queue().add(new SweepQueue.BlobCheck(blob, drive.partitionKey(), "kept.txt"), clock.instant());
        clock.advance(Duration.ofDays(3));
        Sweeper.Report report = sweep();
        assertThat(report.blobsKept()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.exists(blob)).isTrue();
        // ... and the orphan scan, with the blob far older than any write in flight, keeps it too.
        while (sweep().more()) {
            /* finish the scan */
        }
        assertThat(blobs.exists(blob)).isTrue();
    }

    @Test
    void orphansAreDeletedOnceNoWriteCanStillLand() {
        // Bytes written whose index write never happened: a crash between the two steps.
        BlobStore store = new BlobStore(
                stack.clients()::s3, stack.clients()::presigner, stack.config().bucket(), clock);
        String orphan = store.newKey(drive);
        store.put(orphan, drive, "never-indexed.txt", new byte[] {1, 2, 3});
        String live = put("live.txt", "stays");

        while (sweep().more()) {
            /* finish the scan */
        }
        assertThat(blobs.exists(orphan)).as("its write may still land").isTrue();

        clock.advance(InFlight.LIMIT);
        while (sweep().more()) {
            /* finish the scan: the orphan is found and queued */
        }
        assertThat(blobs.exists(orphan))
                .as("queued like any garbage: a presigned URL to it may still be out")
                .isTrue();
        clock.advance(stack.config().presignTtl());
        sweep();
        assertThat(blobs.exists(orphan))
                .as("minutes, not the 25 hours of before")
                .isFalse();
        assertThat(blobs.exists(live)).isTrue();
        blobs.assertNoOrphans();
    }

    @Test
    void expiredUploadSessionsAreEndedAndTheirMultipartUploadsAborted() {
        var session = stack.app()
                .uploads()
                .start(drive, FileName.of("abandoned.bin"), Optional.empty(), Uploads.Declared.NOTHING);
        stack.app().uploads().uploadPart(session, 1, new byte[] {9}, Optional.empty());
        assertThat(blobs.openMultipartUploads()).isGreaterThanOrEqualTo(1);

        clock.advance(stack.config().uploadTtl().plusMinutes(1));
        Sweeper.Report report = sweep();
        assertThat(report.sessionsExpired()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.openMultipartUploads()).isZero();
        assertThat(blobs.sessionItems(drive.partitionKey())).isZero();
        assertThat(blobs.exists(session.blob())).isFalse();
    }

    @Test
    void sweepingTwiceIsHarmless() {
        put("a.txt", "1");
        put("a.txt", "2");
        blobs.settle(clock);
        Sweeper.Report again = sweep();
        assertThat(again.blobsDeleted()).isZero();
        assertThat(again.orphansFound()).isZero();
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    @Test
    void aSweeperStoppedByItsBudgetLeavesTheRestForTheNextRun() {
        put("b.txt", "1");
        put("b.txt", "2");
        clock.advance(Duration.ofDays(1));
        Sweeper.Report stopped = stack.app().sweeper().sweep(Duration.ZERO);
        assertThat(stopped.more()).isTrue();
        blobs.settle(clock);
        blobs.assertNoOrphans();
    }
}
