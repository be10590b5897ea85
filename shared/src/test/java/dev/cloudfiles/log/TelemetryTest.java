package dev.cloudfiles.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work a request hands to a pool (the delete pool, the sweeper's) counts into that request's line. */
class TelemetryTest {
    /** One thread, like a pool thread that serves every request in turn. */
    private final ExecutorService pool = Telemetry.carriedBy(Executors.newSingleThreadExecutor());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        Telemetry.detach();
    }

    @Test
    void aTaskOnACarriedPoolCountsIntoTheRequestThatSubmittedIt() throws Exception {
        LogLine first = LogLine.info("first");
        Telemetry.attach(first);
        pool.submit(() -> Telemetry.count("deleted", 2)).get();
        LogLine second = LogLine.info("second");
        Telemetry.attach(second);
        pool.submit(() -> Telemetry.count("deleted", 5)).get();

        assertThat(first.metricValue("deleted")).isEqualTo(2);
        assertThat(second.metricValue("deleted")).isEqualTo(5);
    }

    @Test
    void thePoolThreadKeepsNoRequestsLineAfterItsTask() throws Exception {
        LogLine request = LogLine.info("request");
        Telemetry.attach(request);
        pool.submit(() -> Telemetry.count("deleted", 1)).get();
        Telemetry.detach();
        // Submitted outside any request: counts nowhere, least of all into the last request's line.
        pool.submit(() -> Telemetry.count("deleted", 7)).get();

        assertThat(request.metricValue("deleted")).isEqualTo(1);
    }

    @Test
    void anUncarriedPoolLosesTheCountWhichIsWhyThePoolsAreCarried() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            LogLine request = LogLine.info("request");
            Telemetry.attach(request);
            plain.submit(() -> Telemetry.count("deleted", 3)).get();

            assertThat(request.metricValue("deleted")).isNaN();
        } finally {
            plain.shutdownNow();
        }
    }
}
