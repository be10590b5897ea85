package dev.cloudfiles.store.sweep;

import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.log.LogLine;
import dev.cloudfiles.log.Metrics;
import dev.cloudfiles.log.Telemetry;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.garbage.Garbage;
import dev.cloudfiles.store.garbage.OrphanCursor;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileIndex;
import dev.cloudfiles.store.moves.MovedNames;
import dev.cloudfiles.store.moves.Moves;
import dev.cloudfiles.store.moves.References;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Tables;
import dev.cloudfiles.store.uploads.UploadSessions;
import dev.cloudfiles.store.uploads.Uploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deletes what no file needs any more, idempotently, and keeps going while there is work and time:
 * <ol>
 * <li>the {@link SweepQueue}'s due work, every shard in parallel, in batches: a garbage blob is
 *     deleted unless the index points at it (one batched read, one multi-object delete); an expired
 *     upload session is ended unless a live commit holds it;</li>
 * <li>recheck markers, left where a garbage record could not be written;</li>
 * <li>orphans: one page of the bucket per run, resuming where the last stopped — blobs no entry
 *     points at and no write can still claim (see {@link #orphan}), left by a crash between
 *     writing bytes and recording them.</li>
 * </ol>
 * Nothing is deleted that the index points at, read strongly consistent after every write that
 * could point at it is over.
 */
public final class Sweeper {
    /**
     * What one run did. {@code more} says it stopped for time, with work left for the next run;
     * {@code backlog} is what was due and still queued when it ended (-1: it could not be counted).
     */
    public record Report(
            int blobsDeleted,
            int blobsKept,
            int sessionsExpired,
            int deferred,
            int failures,
            int rechecked,
            int objectsScanned,
            int orphansFound,
            boolean more,
            long backlog) {

        /** The run's one log line: an EMF document of namespace CloudFiles, no dimensions. */
        public LogLine logLine() {
            LogLine line = failures > 0 ? LogLine.warn("sweep") : LogLine.info("sweep");
            line.with("objects_scanned", objectsScanned)
                    .with("more", more)
                    .dimensions()
                    .metric(Metrics.BLOBS_DELETED, LogLine.Unit.COUNT, blobsDeleted)
                    .metric(Metrics.BLOBS_KEPT, LogLine.Unit.COUNT, blobsKept)
                    .metric(Metrics.SESSIONS_EXPIRED, LogLine.Unit.COUNT, sessionsExpired)
                    .metric(Metrics.DEFERRED, LogLine.Unit.COUNT, deferred)
                    .metric(Metrics.FAILURES, LogLine.Unit.COUNT, failures)
                    .metric(Metrics.RECHECKED, LogLine.Unit.COUNT, rechecked)
                    .metric(Metrics.ORPHANS_FOUND, LogLine.Unit.COUNT, orphansFound);
            if (backlog >= 0) line.metric(Metrics.BACKLOG, LogLine.Unit.COUNT, backlog);
            return line;
        }
    }

    /** The backlog is counted up to this many items per shard (32 shards: up to 320,000). */
    static final int BACKLOG_CAP_PER_SHARD = 10_000;

    private final SweepQueue queue;
    private final UploadSessions sessions;
    private final Uploads uploads;
    private final BlobStore blobs;
    private final Garbage garbage;
    private final OrphanCursor cursor;
    private final References references;
    private final MovedNames moved;
    private final Moves moves;
    private final Clock clock;
    private final int batch;
    private final int threads;

    public Sweeper(
            SweepQueue queue,
            FileIndex index,
            UploadSessions sessions,
            Uploads uploads,
            BlobStore blobs,
            Garbage garbage,
            OrphanCursor cursor,
            MovedNames moved,
            Moves moves,
            Clock clock,
            int batch,
            int threads) {
        this.references = new References(index, moved);
        this.moved = moved;
        this.moves = moves;
        this.queue = queue;
        this.sessions = sessions;
        this.uploads = uploads;
        this.blobs = blobs;
        this.garbage = garbage;
        this.cursor = cursor;
        this.clock = clock;
        this.batch = batch;
        this.threads = threads;
    }

    /** Runs until everything due is done (and one page of the orphan scan). */
    public Report sweep() {
        return sweep(Duration.ofDays(1));
    }

    /** Runs until everything due is done or {@code budget} is spent; what is left, the next run does. */
    public Report sweep(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally tally = new Tally();
        Instant now = clock.instant();
        drainQueue(now, deadline, tally);
        try {
            recheckMarked(now, tally);
            if (System.nanoTime() < deadline) scanForOrphans(now, tally);
            else tally.more.set(1);
        } catch (RuntimeException e) {
            // A throttled or incomplete read (BatchRetry.IncompleteException): nothing was deleted
            // on it, the orphan scan's cursor did not move, and the next run does this again.
            tally.failures.incrementAndGet();
            tally.more.incrementAndGet();
            JsonLog.warn("rechecking marked blobs or scanning for orphans failed; the next run retries", "", e);
        }
        long backlog;
        try {
            backlog = queue.countDue(clock.instant(), BACKLOG_CAP_PER_SHARD);
        } catch (RuntimeException e) {
            backlog = -1; // the metric is left out; the next run counts again
            JsonLog.warn("counting the sweeper's backlog failed", "", e);
        }
        return tally.report(backlog);
    }

    private static final class Tally {
        final AtomicInteger deleted = new AtomicInteger();
        final AtomicInteger kept = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger rechecked = new AtomicInteger();
        final AtomicInteger scanned = new AtomicInteger();
        final AtomicInteger orphans = new AtomicInteger();
        final AtomicInteger more = new AtomicInteger();

        Report report(long backlog) {
            return new Report(
                    deleted.get(),
                    kept.get(),
                    expired.get(),
                    deferred.get(),
                    failures.get(),
                    rechecked.get(),
                    scanned.get(),
                    orphans.get(),
                    more.get() > 0,
                    backlog);
        }
    }

    /** Every shard, {@code threads} at a time, each until it has nothing due or time is up. */
    private void drainQueue(Instant now, long deadline, Tally tally) {
        ExecutorService pool = Telemetry.carriedBy(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cloudfiles-sweeper");
            t.setDaemon(true);
            return t;
        }));
        try {
            List<Future<?>> shards = new ArrayList<>();
            for (int shard = 0; shard < Tables.SWEEP_SHARDS; shard++) {
                int s = shard;
                shards.add(pool.submit(() -> drainShard(s, now, deadline, tally)));
            }
            for (Future<?> shard : shards) {
                try {
                    shard.get();
                } catch (ExecutionException e) {
                    tally.failures.incrementAndGet();
                    JsonLog.warn("sweeping a shard failed; the next run retries it", "", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    private void drainShard(int shard, Instant now, long deadline, Tally tally) {
        while (true) {
            List<SweepQueue.Entry> due = queue.due(shard, now, batch);
            List<SweepQueue.Entry> done = new ArrayList<>(checkBlobs(due, tally));
            for (SweepQueue.Entry entry : due) {
                if (entry.work() instanceof SweepQueue.MoveCheck move) {
                    try {
                        moves.settle(move);
                        done.add(entry);
                    } catch (RuntimeException e) {
                        tally.failures.incrementAndGet();
                        JsonLog.warn("settling a move failed; the next run retries it", move.blob(), e);
                    }
                }
                if (entry.work() instanceof SweepQueue.SessionExpiry expiry) {
                    try {
                        expire(expiry, now, tally);
                        done.add(entry);
                    } catch (RuntimeException e) {
                        // this one entry waits for the next run; the rest of the shard goes on
                        tally.failures.incrementAndGet();
                        JsonLog.warn("ending an expired upload failed; the next run retries it", expiry.blob(), e);
                    }
                }
            }
            tally.failures.addAndGet(queue.removeAll(done));
            if (due.size() < batch) return;
            if (done.isEmpty() || System.nanoTime() >= deadline) {
                tally.more.incrementAndGet();
                return;
            }
        }
    }

    /**
     * Deletes the unreferenced blobs of these entries; returns the entries that are done. The blob
     * of an upload whose session still lives is the session's: it is left alone (the session's end
     * queues it again), however the index looks now — a retried commit may still land it.
     */
    private List<SweepQueue.Entry> checkBlobs(List<SweepQueue.Entry> entries, Tally tally) {
        List<SweepQueue.Entry> checks = entries.stream()
                .filter(e -> e.work() instanceof SweepQueue.BlobCheck)
                .toList();
        if (checks.isEmpty()) return List.of();
        java.util.Set<BlobStore.UploadRef> liveUploads = sessions.existing(checks.stream()
                .flatMap(e -> BlobStore.upload(((SweepQueue.BlobCheck) e.work()).blob()).stream())
                .toList());
        References.Verdicts verdicts = references.check(checks.stream()
                .map(e -> (SweepQueue.BlobCheck) e.work())
                .distinct()
                .toList());
        Set<String> doomed = new java.util.LinkedHashSet<>(); // one blob may have several entries
        List<SweepQueue.BlobCheck> unsure = new ArrayList<>();
        for (SweepQueue.Entry e : checks) {
            SweepQueue.BlobCheck check = (SweepQueue.BlobCheck) e.work();
            String blob = check.blob();
            boolean owned = BlobStore.upload(blob).filter(liveUploads::contains).isPresent();
            References.Verdict verdict = verdicts.of().get(check);
            if (owned || verdict == References.Verdict.REFERENCED) tally.kept.incrementAndGet();
            else if (verdict == References.Verdict.UNSURE) unsure.add(check);
            else doomed.add(blob);
        }
        doomed.removeAll(unsure.stream().map(SweepQueue.BlobCheck::blob).toList());
        if (!unsure.isEmpty()) {
            // A move of the blob was in flight: look again once it is certainly over.
            garbage.recordLater(unsure, InFlight.LIMIT);
            tally.deferred.addAndGet(unsure.size());
        }
        Set<String> failed = blobs.deleteAll(List.copyOf(doomed));
        tally.deleted.addAndGet(doomed.size() - failed.size());
        tally.failures.addAndGet(failed.size());
        List<String> forget = doomed.stream()
                .filter(b -> !failed.contains(b) && verdicts.everMoved().contains(b))
                .toList();
        if (!forget.isEmpty()) moved.forget(forget);
        return checks.stream()
                .filter(e -> !failed.contains(((SweepQueue.BlobCheck) e.work()).blob()))
                .toList();
    }

    private void expire(SweepQueue.SessionExpiry expiry, Instant now, Tally tally) {
        switch (sessions.end(expiry.drive(), expiry.id(), now)) {
            case BUSY -> {
                // A live commit holds it: look again once that commit is certainly over.
                queue.add(expiry, now.plus(InFlight.LIMIT));
                tally.deferred.incrementAndGet();
            }
            case ENDED -> {
                uploads.cleanUp(expiry.drive(), expiry.name(), expiry.blob(), expiry.s3UploadId());
                tally.expired.incrementAndGet();
            }
            case GONE ->
                uploads.cleanUp(
                        expiry.drive(),
                        expiry.name(),
                        expiry.blob(),
                        expiry.s3UploadId()); // committed or aborted; idempotent
        }
    }

    /** Blobs marked where their garbage record failed: conclusive checks remove the marker. */
    private void recheckMarked(Instant now, Tally tally) {
        for (S3Object marker : blobs.list(BlobStore.RECHECK_PREFIX, "", batch).objects()) {
            String blob = marker.key().substring(BlobStore.RECHECK_PREFIX.length());
            // Into the queue, like any garbage: its check then waits out the write and any
            // presigned URL, and asks the index and the upload session before deleting.
            blobs.head(blob)
                    .flatMap(BlobStore.Head::owner)
                    .ifPresent(owner -> garbage.recordFailedWrite(
                            new SweepQueue.BlobCheck(blob, owner.drive(), owner.name()),
                            BlobStore.began(blob).orElse(now)));
            blobs.delete(marker.key());
            tally.rechecked.incrementAndGet();
        }
    }

    /** One page of the bucket; resumes after the key where the last run stopped. */
    private void scanForOrphans(Instant now, Tally tally) {
        BlobStore.Listing page = blobs.list("", cursor.read(), batch);
        String last = "";
        for (S3Object object : page.objects()) {
            last = object.key();
            tally.scanned.incrementAndGet();
            if (object.key().startsWith(BlobStore.RECHECK_PREFIX)) continue;
            Optional<SweepQueue.BlobCheck> orphan = orphan(object.key(), now);
            if (orphan.isPresent()) {
                // Queued, not deleted: it may be a version replaced a minute ago whose presigned
                // URL is still out; the queue deletes it once that lifetime is over.
                garbage.record(List.of(orphan.get()));
                tally.orphans.incrementAndGet();
            }
        }
        cursor.write(page.truncated() ? last : "");
        if (page.truncated()) tally.more.incrementAndGet();
    }

    /**
     * The garbage check of a blob that no entry points at and no write can still claim (more than
     * {@link InFlight#LIMIT} after its key was made; for an upload's blob, once its session ended);
     * empty for anything else. A blob that is gone, or whose key or metadata is not ours, is not one.
     */
    Optional<SweepQueue.BlobCheck> orphan(String key, Instant now) {
        Optional<Instant> began = BlobStore.began(key);
        if (began.isEmpty() || !InFlight.isOver(began.get(), now)) return Optional.empty(); // not ours, or young
        Optional<BlobStore.Owner> owner = blobs.head(key).flatMap(BlobStore.Head::owner);
        if (owner.isEmpty()) return Optional.empty(); // gone, or not written by Cloud Files
        Optional<BlobStore.UploadRef> upload = BlobStore.upload(key);
        if (upload.isPresent()
                && sessions.get(upload.get().drive(), upload.get().id()).isPresent()) {
            return Optional.empty(); // its session's end decides
        }
        var check =
                new SweepQueue.BlobCheck(key, owner.get().drive(), owner.get().name());
        // Referenced, or a move of it in flight (the next pass looks again): not an orphan.
        if (references.check(List.of(check)).of().get(check) != References.Verdict.UNREFERENCED)
            return Optional.empty();
        return Optional.of(check);
    }
}
