package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.Precondition;
import dev.cloudfiles.store.Sweeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweeper against the real emulators, with time moved forward instead of waited for. */
class SweeperTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder().clock(clock).build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    @BeforeEach
    void freshDrive() {
        clock.reset();
        drive = Drive.of("sweep", "d" + DRIVES.incrementAndGet());
    }

    private String put(String name, String content) {
        return stack.app().files().put(drive, FileName.of(name), content.getBytes(StandardCharsets.UTF_8), "text/plain",
                Precondition.NONE).blob();
    }

    private Sweeper.Report sweep() {
        return stack.app().sweeper().sweep();
    }

    @Test
    void garbageIsKeptWhileAPresignedUrlCouldReachItAndDeletedAfter() {
        String v1 = put("f.txt", "one");
        String v2 = put("f.txt", "two");
        sweep();
        assertThat(blobs.exists(v1)).as("younger than the presigned-URL lifetime").isTrue();

        clock.advance(stack.config().presignTtl().plusSeconds(1));
        Sweeper.Report report = sweep();
        assertThat(report.garbageDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.exists(v1)).isFalse();
        assertThat(blobs.exists(v2)).isTrue();
        assertThat(blobs.current(drive.partitionKey(), "f.txt")).isEqualTo(v2);
    }

    @Test
    void deletedFilesBytesGoAfterTheLifetime() {
        String blob = put("gone.txt", "bye");
        stack.app().files().deleteAll(drive, java.util.List.of(FileName.of("gone.txt")));
        assertThat(blobs.exists(blob)).as("not deleted under a reader").isTrue();
        clock.advance(stack.config().presignTtl().plusSeconds(1));
        sweep();
        assertThat(blobs.exists(blob)).isFalse();
    }

    @Test
    void aReferencedBlobIsNeverDeletedEvenWhenRecordedAsGarbage() {
        String blob = put("kept.txt", "precious");
        // What a write whose answer was lost leaves behind: its own blob recorded as garbage.
        new dev.cloudfiles.store.GarbageLog(stack.clients().dynamo(), stack.config().table(), clock)
                .add(blob, drive.partitionKey(), "kept.txt", Optional.empty());
        clock.advance(Duration.ofDays(3));
        Sweeper.Report report = sweep();
        assertThat(report.garbageKept()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.exists(blob)).isTrue();
        // ... and the orphan scan, with the blob far older than the grace period, keeps it too.
        while (sweep().more()) { /* finish the scan */ }
        assertThat(blobs.exists(blob)).isTrue();
    }

    @Test
    void orphansOlderThanTheGracePeriodAreDeleted() {
        // Bytes written whose index write never happened: a crash between the two steps.
        String orphan = stack.app().files().blobs().newKey(drive);
        stack.app().files().blobs().put(orphan, drive, "never-indexed.txt", new byte[] {1, 2, 3});
        String live = put("live.txt", "stays");

        while (sweep().more()) { /* finish the scan */ }
        assertThat(blobs.exists(orphan)).as("within the grace period").isTrue();

        clock.advance(stack.config().uploadTtl().plus(Duration.ofHours(2)));
        while (sweep().more()) { /* finish the scan */ }
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(blobs.exists(live)).isTrue();
        blobs.assertNoOrphans();
    }

    @Test
    void expiredUploadSessionsAreAborted() {
        var session = stack.app().uploads().start(drive, FileName.of("abandoned.bin"), Optional.empty(), 0, 0);
        stack.app().uploads().uploadPart(session, 1, new byte[] {9}, Optional.empty());
        assertThat(blobs.openMultipartUploads()).isGreaterThanOrEqualTo(1);

        clock.advance(stack.config().uploadTtl().plusMinutes(1));
        Sweeper.Report report = sweep();
        assertThat(report.sessionsExpired()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.openMultipartUploads()).isZero();
        assertThat(blobs.exists(session.blob())).isFalse();
    }

    @Test
    void sweepingTwiceIsHarmless() {
        put("a.txt", "1");
        put("a.txt", "2");
        clock.advance(Duration.ofDays(2));
        while (sweep().more()) { /* drain */ }
        Sweeper.Report again = sweep();
        assertThat(again.garbageDeleted()).isZero();
        assertThat(again.orphansDeleted()).isZero();
        blobs.assertNoDanglingEntries(drive.partitionKey());
    }

    @Test
    void garbageAwaitingALiveUploadNeverBlocksTheGarbageBehindIt() {
        var session = stack.app().uploads().start(drive, FileName.of("pending.bin"), Optional.empty(), 0, 0);
        var log = new dev.cloudfiles.store.GarbageLog(stack.clients().dynamo(), stack.config().table(), clock);
        log.add(session.blob(), drive.partitionKey(), "pending.bin", Optional.of(session.id()));
        log.add(session.blob(), drive.partitionKey(), "pending.bin", Optional.of(session.id()));
        String replaced = put("later.txt", "v1");
        put("later.txt", "v2");
        clock.advance(stack.config().presignTtl().plusMinutes(1)); // the session (24 h) still lives

        // A sweeper that takes two entries a run: the two deferred ones come first.
        var sweeper = new Sweeper(stack.clients().s3(), stack.config().bucket(), stack.clients().dynamo(), stack.config().table(),
                new dev.cloudfiles.store.Multipart(stack.clients().s3(), stack.clients().presigner(), stack.config().bucket()),
                log, clock, stack.config().presignTtl(), stack.config().uploadTtl(), 2);
        assertThat(sweeper.sweep().garbageDeferred()).isEqualTo(2);
        sweeper.sweep();
        assertThat(blobs.exists(replaced)).as("the garbage behind the deferred entries").isFalse();
        assertThat(blobs.current(drive.partitionKey(), "later.txt")).isNotNull();
    }
}
