package dev.cloudfiles.store.garbage;

import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.log.Metrics;
import dev.cloudfiles.log.Telemetry;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.table.InFlight;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands blobs that may no longer belong to a file to the sweeper, never silently: each goes into
 * the {@link SweepQueue}, due once no presigned URL handed out for it can still be used. When the
 * table cannot take the record (an outage), the blob gets a recheck marker in S3 instead, which the
 * sweeper reads on its next run; only when both fail is it left to the orphan scan. Each such
 * failure is counted (also as the request's {@code GarbageRecordFailures} metric) and logged.
 */
public final class Garbage {
    private final SweepQueue queue;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration age;
    private final AtomicLong unrecorded = new AtomicLong();
    private final AtomicLong orphaned = new AtomicLong();

    /** @param age how long a blob is kept after it stopped belonging to a file: the presigned-URL lifetime */
    public Garbage(SweepQueue queue, BlobStore blobs, Clock clock, Duration age) {
        this.queue = queue;
        this.blobs = blobs;
        this.clock = clock;
        this.age = age;
    }

    /** Records blobs that stopped belonging to a file now (a replaced or deleted version). */
    public void record(List<SweepQueue.BlobCheck> checks) {
        record(checks, clock.instant().plus(keep()));
    }

    /** Records blobs to be looked at again {@code after} from now (a move of them was in flight). */
    @Internal
    public void recordLater(List<SweepQueue.BlobCheck> checks, Duration after) {
        record(checks, clock.instant().plus(after));
    }

    /**
     * How long garbage is kept: the presigned-URL lifetime, and never less than a write may still be
     * in flight ({@link InFlight#LIMIT}) — a write retried after a lost answer could otherwise point
     * the index at a blob the sweeper already took (with a presigned lifetime of seconds).
     */
    private Duration keep() {
        return age.compareTo(InFlight.LIMIT) > 0 ? age : InFlight.LIMIT;
    }

    /**
     * Records a blob whose own write began at {@code began} and failed, perhaps only on the way back:
     * it is looked at only once that write can no longer land ({@link InFlight}).
     */
    public void recordFailedWrite(SweepQueue.BlobCheck check, Instant began) {
        Instant due = clock.instant().plus(keep());
        Instant over = began.plus(InFlight.LIMIT);
        record(List.of(check), due.isAfter(over) ? due : over);
    }

    private void record(List<SweepQueue.BlobCheck> checks, Instant due) {
        if (checks.isEmpty()) return;
        List<SweepQueue.BlobCheck> unwritten;
        RuntimeException cause = null;
        try {
            unwritten = queue.addAll(checks, due);
        } catch (RuntimeException e) {
            unwritten = checks;
            cause = e;
        }
        if (unwritten.isEmpty()) return;
        unrecorded.addAndGet(unwritten.size());
        Telemetry.count(Metrics.GARBAGE_RECORD_FAILURES, unwritten.size());
        for (SweepQueue.BlobCheck check : unwritten) {
            String blob = check.blob();
            try {
                blobs.markForRecheck(blob);
                JsonLog.warn("garbage record failed; left a recheck marker for the sweeper", blob, cause);
            } catch (RuntimeException e) {
                orphaned.incrementAndGet();
                JsonLog.warn("garbage record and recheck marker failed; the orphan scan will find the blob", blob, e);
            }
        }
    }

    /** Blobs whose garbage record failed since start (a recheck marker was tried instead). */
    public long unrecorded() {
        return unrecorded.get();
    }

    /** Blobs whose garbage record and recheck marker both failed: left to the orphan scan. */
    public long orphaned() {
        return orphaned.get();
    }
}
