package dev.cloudfiles.store;

import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Metadata-only moves: the target's entry is pointed at the source's blob, no byte is copied. Made
 * atomic for every reader and writer without transactions, in single-item conditional writes
 * (README › Architecture, "Moves", has each step and what a crash after it leaves):
 * <ol>
 * <li>queue a {@link SweepQueue.MoveCheck}, due when the move can no longer commit;</li>
 * <li>{@link MovedNames#begin}: both names and the move's id go on the blob's moved-names item;</li>
 * <li>mark the source ({@code moving_to}, {@code move_id}) if it still points at the blob;</li>
 * <li>the commit: write the target (blob, metadata, {@code move_in}), under the precondition and the
 *     in-flight deadline — from here on the source is hidden from every reader;</li>
 * <li>delete the source, clear the target's mark, end the move, queue the target's old blob.</li>
 * </ol>
 */
public final class Moves {
    private final FileIndex index;
    private final MoveMarkers markers;
    private final MovedNames moved;
    private final SweepQueue queue;
    private final Garbage garbage;
    private final Clock clock;

    public Moves(FileIndex index, MovedNames moved, SweepQueue queue, Garbage garbage, Clock clock) {
        this.index = index;
        this.markers = index.markers();
        this.moved = moved;
        this.queue = queue;
        this.garbage = garbage;
        this.clock = clock;
    }

    /**
     * Moves {@code from} to {@code to}: {@code IfAbsent} applies to the target, {@code IfMatch} to the
     * source. Returns the target's entry, or empty when the source does not exist.
     */
    public Optional<FileRecord> move(Drive drive, FileName from, FileName to, Precondition precondition) {
        String pk = drive.partitionKey();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Map<String, AttributeValue> item = markers.read(pk, from.value());
            if (item.isEmpty()) return Optional.empty();
            if (MoveMarkers.marked(item)) {
                switch (markers.resolve(pk, item)) {
                    case GONE -> {
                        return Optional.empty(); // moved away by another move
                    }
                    case BUSY -> throw new MoveBusyException();
                    case CLEARED -> {
                        continue; // read it again, unmarked
                    }
                }
            }
            FileRecord source = FileIndex.fromItem(item);
            if (precondition instanceof Precondition.IfMatch match
                    && !match.etag().equals("*")
                    && !match.etag().equals(source.etag())) {
                throw new PreconditionFailedException("the file does not exist in the version If-Match names");
            }
            Optional<FileRecord> done = attempt(drive, source, to, precondition instanceof Precondition.IfAbsent);
            if (done != null) return done;
        }
        throw new MoveBusyException(); // the source kept changing under us
    }

    /** One try of the protocol; null when the source changed before it was marked (read it again). */
    private Optional<FileRecord> attempt(Drive drive, FileRecord source, FileName to, boolean ifAbsent) {
        String pk = drive.partitionKey();
        String blob = source.blob();
        Instant now = clock.instant();
        String moveId = UniqueIds.shared().ulid(now.toEpochMilli()).toString();
        queue.add(
                new SweepQueue.MoveCheck(pk, source.name(), to.value(), moveId, blob),
                MoveMarkers.began(moveId).plus(InFlight.LIMIT));
        // Every step that can start the move checks its deadline first, so that the sweeper's check,
        // due once the deadline is over, sees everything the move will ever write.
        beforeDeadline(moveId);
        moved.begin(blob, source.name(), to.value(), moveId);
        beforeDeadline(moveId);
        if (!mark(pk, source, to.value(), moveId)) {
            moved.end(blob, moveId); // nothing was marked: this try changed nothing
            return null;
        }
        FileRecord target = new FileRecord(
                to.value(),
                source.size(),
                source.contentType(),
                source.etag(),
                now.truncatedTo(ChronoUnit.MILLIS),
                blob,
                0,
                source.sha256()); // the same bytes
        Optional<FileIndex.Written> written;
        try {
            written = index.writeMoveTarget(drive, target, source.name(), moveId, ifAbsent);
        } catch (PreconditionFailedException | MoveBusyException | TooLateException refused) {
            // Certainly not committed: roll back, and the move is over.
            markers.clearSource(pk, source.name(), moveId);
            moved.end(blob, moveId);
            throw refused;
        }
        // Committed: the answer is 200 whatever happens now. What fails from here on is finished by
        // the next writer of either name or by the sweeper's check of the move (steps 1 and 2).
        try {
            markers.deleteSource(pk, source.name(), moveId);
            markers.clearTarget(pk, to.value(), moveId);
            moved.end(blob, moveId);
        } catch (RuntimeException e) {
            JsonLog.warn("tidying up a committed move failed; the sweeper's check of it finishes it", blob, e);
        }
        written.flatMap(FileIndex.Written::previous)
                .filter(old -> !old.blob().equals(blob))
                .ifPresent(old -> garbage.record(List.of(new SweepQueue.BlobCheck(old.blob(), pk, to.value()))));
        return Optional.of(written.map(FileIndex.Written::file).orElse(target));
    }

    private void beforeDeadline(String moveId) {
        markers.beforeDeadline(moveId);
    }

    /** Step 3: the source carries the move's mark, if it still points at the blob and is unmarked. */
    private boolean mark(String pk, FileRecord source, String to, String moveId) {
        try {
            index.markSource(pk, source, to, moveId);
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * The sweeper's look at a move once it can no longer commit: resolves what a crash left on its
     * source and target, then ends it. A move that finished costs one read.
     */
    void settle(SweepQueue.MoveCheck check) {
        if (!moved.inFlight(check.blob(), check.moveId())) return;
        var source = markers.read(check.drive(), check.from());
        if (check.moveId().equals(Items.string(source, MoveMarkers.MOVE_ID))) {
            if (markers.resolve(check.drive(), source) == MoveMarkers.Outcome.BUSY) {
                throw new IllegalStateException("a move checked after its deadline still looks in flight");
            }
        }
        var target = markers.read(check.drive(), check.to());
        if (check.moveId().equals(Items.string(target, MoveMarkers.MOVE_IN))) markers.resolve(check.drive(), target);
        moved.end(check.blob(), check.moveId());
    }
}
