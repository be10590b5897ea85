package dev.cloudfiles.store.table;

import java.time.Duration;
import java.time.Instant;

/**
 * The longest time a write may still land in the index after it began, enforced in code rather than
 * trusted to a Lambda timeout (the local stack has none). An inline put checks it against the time in
 * its blob's key, a commit against the time it claimed its upload; the last index write starts no
 * later than {@link #LIMIT} minus {@link #SAFETY}, and that one call is cut off well within
 * {@link #SAFETY}. So the sweeper knows: once {@link #LIMIT} has passed, a write that has not landed
 * never will — an unreferenced blob that old is garbage, and a claim that old is dead.
 */
public final class InFlight {
    public static final Duration LIMIT = Duration.ofMinutes(5);
    /** Room for the final index write (its API call timeout is {@link #INDEX_WRITE_TIMEOUT}) and clock skew. */
    public static final Duration SAFETY = Duration.ofMinutes(2);

    public static final Duration INDEX_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private InFlight() {}

    /** Whether a write that began at {@code began} may still point the index at its blob at {@code now}. */
    public static boolean mayStillWrite(Instant began, Instant now) {
        return now.isBefore(began.plus(LIMIT).minus(SAFETY));
    }

    /** Whether anything that began at {@code began} is certainly over by {@code now}. */
    public static boolean isOver(Instant began, Instant now) {
        return !now.isBefore(began.plus(LIMIT));
    }
}
