package dev.cloudfiles.store.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy alone: bounded attempts, exponential ceilings, full jitter below them. */
class BatchRetryTest {
    private final List<Duration> slept = new ArrayList<>();

    private BatchRetry policy(double jitter) {
        return new BatchRetry(5, Duration.ofMillis(100), Duration.ofMillis(500), slept::add, () -> jitter);
    }

    @Test
    void theCeilingDoublesUpToTheCap() {
        BatchRetry retry = policy(0.5);
        assertThat(List.of(retry.ceiling(1), retry.ceiling(2), retry.ceiling(3), retry.ceiling(4), retry.ceiling(40)))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(500),
                        Duration.ofMillis(500));
    }

    @Test
    void eachDelayIsTheJittersShareOfItsCeiling() {
        BatchRetry retry = policy(0.25);
        AtomicInteger calls = new AtomicInteger();
        Map<String, String> left =
                retry.run(Map.of("t", "all"), pending -> calls.incrementAndGet() < 4 ? pending : null);
        assertThat(left).isEmpty();
        assertThat(calls).hasValue(4);
        assertThat(slept).containsExactly(Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void attemptsAreBoundedAndWhatIsLeftIsReturned() {
        AtomicInteger calls = new AtomicInteger();
        Map<String, String> left = policy(0.999).run(Map.of("t", "stuck"), pending -> {
            calls.incrementAndGet();
            return pending;
        });
        assertThat(left).containsEntry("t", "stuck");
        assertThat(calls).hasValue(5);
        assertThat(slept).hasSize(4); // none after the last attempt
        for (int retry = 1; retry <= 4; retry++) {
            assertThat(slept.get(retry - 1)).isLessThan(policy(0).ceiling(retry));
        }
    }

    @Test
    void nothingLeftMeansNoSleep() {
        assertThat(policy(0.5).run(Map.of("t", "x"), pending -> Map.of())).isEmpty();
        assertThat(slept).isEmpty();
    }

    @Test
    void anInterruptedSleepStopsTheRetriesAndKeepsTheFlag() {
        BatchRetry retry = new BatchRetry(
                5,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                delay -> {
                    throw new InterruptedException();
                },
                () -> 0.5);
        AtomicInteger calls = new AtomicInteger();
        try {
            Map<String, String> left = retry.run(Map.of("t", "x"), pending -> {
                calls.incrementAndGet();
                return pending;
            });
            assertThat(left).containsEntry("t", "x");
            assertThat(calls).hasValue(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
