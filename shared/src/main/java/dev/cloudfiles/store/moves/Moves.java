package dev.cloudfiles.store.moves;

import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.MoveBusyException;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.TooLateException;
import dev.cloudfiles.store.TooManyCopiesException;
import dev.cloudfiles.store.garbage.Garbage;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileIndex;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.MoveMarkers;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Items;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Metadata-only moves and copies: the target's entry is pointed at the source's blob, no byte is
 * copied. Made atomic for every reader and writer without transactions, in single-item conditional
 * writes (docs/architecture.md › "Moves" has each step and what a crash after it leaves):
 * <ol>
 * <li>queue a {@link SweepQueue.MoveCheck}, due when the move can no longer commit;</li>
 * <li>{@link MovedNames#begin}: both names and the move's id go on the blob's moved-names item;</li>
 * <li>mark the source ({@code moving_to}, {@code move_id}) if it still points at the blob — a copy,
 *     whose source stays, instead reads the source again: it must still point at the blob;</li>
 * <li>the commit: write the target (blob, metadata, {@code move_in}), under the precondition and the
 *     in-flight deadline — from here on the source of a move is hidden from every reader;</li>
 * <li>delete the source (a move's only), clear the target's mark, end the move, queue the target's
 *     old blob.</li>
 * </ol>
 * A copy is a move that keeps its source: afterwards two names point at one blob, and the sweeper
 * deletes it only once neither does ({@link References}).
 */
public final class Moves {
    private final FileIndex index;
    private final MoveMarkers markers;
    private final MovedNames moved;
    private final References references;
    private final SweepQueue queue;
    private final Garbage garbage;
    private final Clock clock;

    /** {@code markers}: the same the index resolves marks with (built once, in the composition root). */
    public Moves(
            FileIndex index, MoveMarkers markers, MovedNames moved, SweepQueue queue, Garbage garbage, Clock clock) {
        this.index = index;
        this.markers = markers;
        this.moved = moved;
        this.references = new References(index, moved);
        this.queue = queue;
        this.garbage = garbage;
        this.clock = clock;
    }

    /**
     * Moves {@code from} to {@code to}: {@code IfAbsent} applies to the target, {@code IfMatch} to the
     * source. Returns the target's entry, or empty when the source does not exist.
     */
    public Optional<FileRecord> move(Drive drive, FileName from, FileName to, Precondition precondition) {
        return run(drive, from, to, precondition, false);
    }

    /**
     * Copies {@code from} to {@code to}: the target points at the source's blob, which both names then
     * share; preconditions as for {@link #move}. Empty when the source does not exist.
     */
    public Optional<FileRecord> copy(Drive drive, FileName from, FileName to, Precondition precondition) {
        return run(drive, from, to, precondition, true);
    }

    private Optional<FileRecord> run(Drive drive, FileName from, FileName to, Precondition precondition, boolean copy) {
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
            if (precondition instanceof Precondition.IfMatch match && !match.admits(source.etag())) {
                throw new PreconditionFailedException("the file does not exist in the version If-Match names");
            }
            Optional<FileRecord> done = attempt(drive, source, to, precondition instanceof Precondition.IfAbsent, copy);
            if (done != null) return done;
        }
        throw new MoveBusyException(); // the source kept changing under us
    }

    /** One try of the protocol; null when the source changed before it was marked (read it again). */
    private Optional<FileRecord> attempt(Drive drive, FileRecord source, FileName to, boolean ifAbsent, boolean copy) {
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
        begin(pk, blob, source.name(), to.value(), moveId, copy);
        beforeDeadline(moveId);
        // From here on the blob's holders are on its moved-names item, and the move is in flight: the
        // sweeper keeps the blob. But it may have been deleted before (its last name gone since our
        // read): only a name that points at it now, after the begin, proves it is still there.
        if (!(copy ? stillPointsAt(drive, source) : mark(pk, source, to.value(), moveId))) {
            moved.end(blob, moveId); // nothing was marked: this try changed nothing
            // ...but its begin may have made the blob a moved-names item after the sweeper deleted it
            // (and its item): a garbage check of the blob takes that item with it, or finds it in use.
            garbage.record(List.of(new SweepQueue.BlobCheck(blob, pk, source.name())));
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
            written = copy
                    ? index.writeMoveTarget(drive, target, null, moveId, ifAbsent, () -> false)
                    : index.writeMoveTarget(
                            drive, target, source.name(), moveId, ifAbsent, () -> !markedBy(pk, source, moveId));
        } catch (PreconditionFailedException | MoveBusyException | TooLateException refused) {
            // Not committed (a move's commit is proven by its source, above), roll back, and the move is
            // over. A copy cannot tell that its first try landed once another writer cleared its mark:
            // with If-None-Match it answers 412 while the target holds the copy — true, a file of that
            // name exists — and ending it is safe, for that commit landed before the end.
            if (!copy) markers.clearSource(pk, source.name(), moveId);
            moved.end(blob, moveId);
            throw refused;
        }
        // Committed: the answer is 200 whatever happens now. What fails from here on is finished by
        // the next writer of either name or by the sweeper's check of the move (steps 1 and 2).
        try {
            if (!copy) markers.deleteSource(pk, source.name(), moveId);
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

    /**
     * Step 2. A full moved-names item is pruned of the names that no longer point at the blob first
     * (a file renamed a thousand times); one whose names all still do refuses another copy (a move,
     * with its room to spare, finds stale names: the sources of the moves before it).
     */
    private void begin(String pk, String blob, String from, String to, String moveId, boolean copy) {
        if (moved.begin(blob, from, to, moveId, copy)) return;
        switch (references.prune(pk, blob)) {
            case BUSY -> throw new MoveBusyException();
            case FULL -> throw new TooManyCopiesException(MovedNames.MAX_NAMES);
            case ROOM -> {
                beforeDeadline(moveId);
                if (!moved.begin(blob, from, to, moveId, copy)) throw new MoveBusyException(); // filled meanwhile
            }
        }
    }

    private void beforeDeadline(String moveId) {
        markers.beforeDeadline(moveId);
    }

    /** Step 3 of a copy: the source still points at the blob (read strongly consistent, after the begin). */
    private boolean stillPointsAt(Drive drive, FileRecord source) {
        return index.get(drive, FileName.of(source.name()))
                .filter(now -> now.blob().equals(source.blob()))
                .isPresent();
    }

    /**
     * Whether the source still carries move {@code moveId}'s mark: until the move commits, only the
     * mover removes it (a writer that meets it rolls back only after the deadline), and once it has
     * committed, whoever rolls it forward deletes the source. So a commit refused on a retry (its
     * first try landed, then another writer finished the move) shows as a source without the mark.
     */
    private boolean markedBy(String pk, FileRecord source, String moveId) {
        return moveId.equals(Items.string(markers.read(pk, source.name(), MoveMarkers.MOVE_ID), MoveMarkers.MOVE_ID));
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
    @Internal
    public void settle(SweepQueue.MoveCheck check) {
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
