package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.uploads.Uploads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * DynamoDB down while S3 is up: every put fails after writing its bytes, and the garbage record
 * fails with it. The blobs must not wait for the orphan scan's slow pass (once 25 hours): a recheck
 * marker in S3 brings them to the sweeper's next run after their write is over. A failed upload
 * start leaves no S3 multipart upload behind.
 */
class OutageTest {
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(faults))
            .build();

    private final Blobs blobs = new Blobs(stack);
    private final Drive drive = Drive.of("outage", "d1");

    @AfterEach
    void clear() {
        faults.clear();
    }

    @Test
    void putsFailedByADynamoDbOutageLeaveNothingOnceTheirWritesAreOver() {
        List<String> before = blobs.all();
        long unrecorded = stack.app().garbage().unrecorded();
        faults.fail(r -> r instanceof DynamoDbRequest, When.BEFORE_SENDING);
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThatThrownBy(() -> stack.app()
                            .files()
                            .put(
                                    drive,
                                    FileName.of("f" + n),
                                    "bytes".getBytes(StandardCharsets.UTF_8),
                                    "text/plain",
                                    Precondition.NONE))
                    .isNotNull();
        }
        assertThatThrownBy(() -> stack.app()
                        .uploads()
                        .start(drive, FileName.of("big"), Optional.empty(), Uploads.Declared.NOTHING))
                .isNotNull();
        faults.clear();
        assertThat(stack.app().garbage().unrecorded())
                .as("each failed record counted")
                .isEqualTo(unrecorded + 3);
        assertThat(blobs.openMultipartUploads())
                .as("the failed start aborted its S3 upload")
                .isZero();
        assertThat(blobs.all()).as("three blobs and their markers").hasSize(before.size() + 6);

        Sweeper.Report early = stack.app().sweeper().sweep();
        assertThat(early.rechecked())
                .as("the markers are read at once, into the queue")
                .isEqualTo(3);
        assertThat(early.blobsDeleted()).as("their writes may still land").isZero();
        assertThat(blobs.all()).as("the blobs, not their markers").hasSize(before.size() + 3);

        clock.advance(InFlight.LIMIT.plus(stack.config().presignTtl()));
        Sweeper.Report report = stack.app().sweeper().sweep();
        assertThat(report.blobsDeleted()).isEqualTo(3);
        assertThat(blobs.all()).containsExactlyInAnyOrderElementsOf(before);
    }
}
