package dev.cloudfiles.store.table;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * The one policy for what a DynamoDB batch call leaves unprocessed ({@code UnprocessedItems} of
 * BatchWriteItem, {@code UnprocessedKeys} of BatchGetItem). DynamoDB's API reference for both:
 * "If you retry the batch operation immediately, the underlying read or write requests can still
 * fail due to throttling on the individual tables. [...] we strongly recommend that you use an
 * exponential backoff algorithm." So the rest is sent again after a delay drawn uniformly from
 * [0, min(cap, base × 2^(retry−1))) ("full jitter", AWS Architecture Blog, "Exponential Backoff
 * and Jitter"), at most {@code attempts} calls in all. The SDK's own retries (throttling errors,
 * 5xx) happen inside each call; this is about a call that succeeded with a part left over.
 *
 * <p>With the defaults, the sleeps of one batch add up to at most 50+100+200+400+800 ms = 1.55 s,
 * well inside an API function's 29 s. The sleeper and the random source are the tests' seams.
 */
public final class BatchRetry {
    /** Waits; a test's records the delay instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    public static final int DEFAULT_ATTEMPTS = 6;
    public static final Duration DEFAULT_BASE = Duration.ofMillis(50);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(1);

    /** Real sleeps, real randomness: what the functions use. */
    public static final BatchRetry DEFAULT = new BatchRetry(
            DEFAULT_ATTEMPTS,
            DEFAULT_BASE,
            DEFAULT_CAP,
            delay -> Thread.sleep(delay.toMillis()),
            () -> ThreadLocalRandom.current().nextDouble());

    private final int attempts;
    private final Duration base;
    private final Duration cap;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /** @param random values in [0, 1): the jitter's source */
    public BatchRetry(int attempts, Duration base, Duration cap, Sleeper sleeper, DoubleSupplier random) {
        if (attempts < 1) throw new IllegalArgumentException("at least one attempt");
        this.attempts = attempts;
        this.base = base;
        this.cap = cap;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The same policy with another sleeper (a test's, which records instead of waiting). */
    public BatchRetry withSleeper(Sleeper other) {
        return new BatchRetry(attempts, base, cap, other, random);
    }

    public int attempts() {
        return attempts;
    }

    /** The most the delay before retry {@code retry} (1 = the first) can be: min(cap, base × 2^(retry−1)). */
    public Duration ceiling(int retry) {
        int doublings = Math.min(retry - 1, 30);
        Duration grown = base.multipliedBy(1L << doublings);
        return grown.compareTo(cap) < 0 ? grown : cap;
    }

    /** The delay before retry {@code retry}: uniform in [0, {@link #ceiling}). */
    Duration delay(int retry) {
        return Duration.ofNanos((long) (ceiling(retry).toNanos() * random.getAsDouble()));
    }

    /**
     * Sends {@code request}, then what each answer left unprocessed, until nothing is left or the
     * attempts are spent; returns what is left (empty when all went through). {@code call} sends
     * one batch and returns its unprocessed part (null or empty for none). An interrupted sleep
     * ends the retries at once, with the rest left.
     */
    public <V> Map<String, V> run(Map<String, V> request, UnaryOperator<Map<String, V>> call) {
        Map<String, V> pending = request;
        for (int attempt = 1; ; attempt++) {
            pending = call.apply(pending);
            if (pending == null || pending.isEmpty()) return Map.of();
            if (attempt == attempts) return pending;
            try {
                sleeper.sleep(delay(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return pending;
            }
        }
    }

    /** What a batch read could not finish: DynamoDB kept some keys unprocessed through every retry. */
    public static final class IncompleteException extends RuntimeException {
        public IncompleteException(int attempts) {
            super("DynamoDB left keys unprocessed after " + attempts + " attempts with back-off");
        }
    }
}
