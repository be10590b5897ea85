package dev.cloudfiles.store.moves;

import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether anything may still point at a blob: the sweeper's one question before it deletes. A blob
 * never moved belongs to one name (the one its garbage record or its metadata names). A blob moved
 * or copied may be pointed at by any name on its {@link MovedNames} item, so that item is read before
 * and after the index entries: only if no move of the blob was in flight and none began in between is
 * the answer conclusive (a seqlock over single-item reads; docs/architecture.md › "Moves").
 *
 * <p>Why no blob a name points at is ever called unreferenced, whatever the interleaving (a copy is
 * a move that keeps its source; puts and uploads write fresh blobs only). The sweeper reads the item
 * (t1: names N, no move in flight), every entry of N and the check's name (t2: none points at B),
 * the item again (t3: seq unchanged).
 * <ol>
 * <li>Only a move makes a name point at B, in its commit, which lands after its begin and before its
 *     end. Before the commit, after its begin, it saw a name pointing at B: a move's conditional mark,
 *     a copy's second read of its source ({@link Moves}).</li>
 * <li>A name pointing at B at t2 was read at t2: it is B's first name, which is on the item once any
 *     move began (that move's source), or the check's own; or a move's target, put on the item by its
 *     begin before t2 — before t1, else seq changed by t3 — and never pruned while it points at B.</li>
 * <li>So nothing pointed at B at t2. Take the first commit after t2 that points a name at B: its move
 *     began before t1 and so was still in flight then (not allowed: it ends only once it can no
 *     longer commit), or between t1 and t3 (seq changed), or after t3 — but then it saw a name pointing at B after t3 and before any commit since t2,
 *     so that name pointed at B at t2. None can: B is deleted safely, and no later move finds it.</li>
 * </ol>
 * {@link #prune} removes names on the same reasoning: a name not pointing at B, read under the same
 * seqlock, can come to point at B only by a move that begins later — whose begin adds it again.
 */
@Internal
public final class References {
    public enum Verdict {
        /** An index entry points at it. */
        REFERENCED,
        /** Nothing points at it, and no move can make anything point at it. */
        UNREFERENCED,
        /** A move of it was in flight: look again later. */
        UNSURE
    }

    private final FileIndex index;
    private final MovedNames moved;

    public References(FileIndex index, MovedNames moved) {
        this.index = index;
        this.moved = moved;
    }

    /** The verdict on each check's blob, and which of the blobs were ever moved (their items go with them). */
    public record Verdicts(Map<SweepQueue.BlobCheck, Verdict> of, Set<String> everMoved) {}

    /** The verdict on each check's blob: three batched reads for any number of blobs. */
    public Verdicts check(List<SweepQueue.BlobCheck> checks) {
        Map<SweepQueue.BlobCheck, Verdict> verdicts = new HashMap<>();
        if (checks.isEmpty()) return new Verdicts(verdicts, Set.of());
        Map<String, MovedNames.State> before = moved.read(blobs(checks));
        Set<FileIndex.Key> keys = new LinkedHashSet<>();
        for (SweepQueue.BlobCheck c : checks) keys.addAll(names(c, before));
        Map<FileIndex.Key, String> current = index.currentBlobs(keys);
        List<SweepQueue.BlobCheck> unreferenced = new ArrayList<>();
        for (SweepQueue.BlobCheck c : checks) {
            boolean referenced =
                    names(c, before).stream().anyMatch(k -> c.blob().equals(current.get(k)));
            if (referenced) verdicts.put(c, Verdict.REFERENCED);
            else unreferenced.add(c);
        }
        Map<String, MovedNames.State> after = moved.read(blobs(unreferenced));
        for (SweepQueue.BlobCheck c : unreferenced) {
            MovedNames.State first = before.getOrDefault(c.blob(), MovedNames.State.NONE);
            MovedNames.State second = after.getOrDefault(c.blob(), MovedNames.State.NONE);
            verdicts.put(c, first.quietUntil(second) ? Verdict.UNREFERENCED : Verdict.UNSURE);
        }
        return new Verdicts(verdicts, before.keySet());
    }

    /** What pruning a full moved-names item came to. */
    public enum Pruned {
        /** Names that no longer point at the blob are gone: there is room again. */
        ROOM,
        /** A move of the blob is in flight, or began meanwhile: try again in a moment. */
        BUSY,
        /** Every name still points at the blob. */
        FULL
    }

    /** Drops the names on {@code blob}'s item that no longer point at it (entries of drive {@code drivePk}). */
    public Pruned prune(String drivePk, String blob) {
        MovedNames.State seen = moved.read(List.of(blob)).getOrDefault(blob, MovedNames.State.NONE);
        if (!seen.inflight().isEmpty()) return Pruned.BUSY;
        Map<FileIndex.Key, String> current = index.currentBlobs(
                seen.names().stream().map(n -> new FileIndex.Key(drivePk, n)).toList());
        Set<String> stale = new java.util.HashSet<>();
        for (String name : seen.names()) {
            if (!blob.equals(current.get(new FileIndex.Key(drivePk, name)))) stale.add(name);
        }
        if (stale.isEmpty()) return Pruned.FULL;
        return moved.prune(blob, seen, stale) ? Pruned.ROOM : Pruned.BUSY;
    }

    /** The entries that may point at the check's blob: its own name and every name it was moved between. */
    private static Set<FileIndex.Key> names(SweepQueue.BlobCheck c, Map<String, MovedNames.State> moved) {
        Set<FileIndex.Key> keys = new LinkedHashSet<>();
        keys.add(new FileIndex.Key(c.drive(), c.name()));
        for (String name : moved.getOrDefault(c.blob(), MovedNames.State.NONE).names()) {
            keys.add(new FileIndex.Key(c.drive(), name));
        }
        return keys;
    }

    private static List<String> blobs(List<SweepQueue.BlobCheck> checks) {
        return checks.stream().map(SweepQueue.BlobCheck::blob).distinct().toList();
    }
}
