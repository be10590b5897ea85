package dev.cloudfiles.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.log.Metrics;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.DriveName;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.names.ProjectId;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.sweep.Sweeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweeper's one line per run: a valid EMF document whose Backlog is what was due and left. */
class SweepLineTest {
    @RegisterExtension
    @Order(1)
    static final CapturedLines lines = new CapturedLines();

    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    @Order(2)
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    private static final Drive DRIVE = new Drive(new ProjectId("sweepobs"), new DriveName("d"));

    private void overwrite(String name) {
        for (String content : new String[] {"one", "two"}) {
            stack.app()
                    .files()
                    .put(
                            DRIVE,
                            FileName.of(name),
                            content.getBytes(StandardCharsets.UTF_8),
                            "text/plain",
                            Precondition.NONE);
        }
    }

    @Test
    void theBacklogCountsWhatIsDueAndTheRunsLineReportsIt() {
        SweepQueue queue =
                new SweepQueue(stack.clients().dynamo(), stack.config().table());
        overwrite("a.txt");
        overwrite("b.txt"); // two replaced blobs, due once the presigned-URL lifetime has passed
        assertThat(queue.countDue(clock.instant(), 100)).as("not due yet").isZero();
        clock.advance(stack.config().presignTtl().plus(Duration.ofMinutes(1)));
        assertThat(queue.countDue(clock.instant(), 100)).isEqualTo(2);
        assertThat(queue.countDue(clock.instant(), 1))
                .as("counted up to the cap per shard")
                .isBetween(1L, 2L);

        Sweeper.Report report = stack.app().sweeper().sweep();
        assertThat(report.blobsDeleted()).isEqualTo(2);
        assertThat(report.backlog()).as("nothing due is left").isZero();

        report.logLine().with("function", "test").write();
        JsonNode line =
                CapturedLines.parse(lines.containing("\"message\":\"sweep\"").get(0));
        assertThat(EmfValidator.violations(line)).isEmpty();
        assertThat(line.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Dimensions")
                        .toString())
                .isEqualTo("[[]]");
        assertThat(line.get(Metrics.BLOBS_DELETED).asInt()).isEqualTo(2);
        assertThat(line.get(Metrics.BACKLOG).asInt()).isZero();
        for (String metric : new String[] {
            Metrics.BLOBS_KEPT,
            Metrics.SESSIONS_EXPIRED,
            Metrics.DEFERRED,
            Metrics.FAILURES,
            Metrics.RECHECKED,
            Metrics.ORPHANS_FOUND
        }) {
            assertThat(line.get(metric).isNumber()).as(metric).isTrue();
        }
    }

    @Test
    void aWarningIsJsonWithoutTheMetricEnvelope() {
        JsonLog.warn("test warning", "p/d/blob", new IllegalStateException("boom"));
        JsonNode line = CapturedLines.parse(lines.containing("test warning").get(0));
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("blob").asText()).isEqualTo("p/d/blob");
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(line.has("_aws")).isFalse();
    }
}
