package dev.cloudfiles.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether anything may still point at a blob: the sweeper's one question before it deletes. A blob
 * never moved belongs to one name (the one its garbage record or its metadata names). A moved blob
 * may be pointed at by any name on its {@link MovedNames} item, so that item is read before and after
 * the index entries: only if no move of the blob was in flight and none began in between is the
 * answer conclusive (a seqlock over single-item reads; README › Architecture, "Moves").
 */
final class References {
    enum Verdict {
        /** An index entry points at it. */
        REFERENCED,
        /** Nothing points at it, and no move can make anything point at it. */
        UNREFERENCED,
        /** A move of it was in flight: look again later. */
        UNSURE
    }

    private final FileIndex index;
    private final MovedNames moved;

    References(FileIndex index, MovedNames moved) {
        this.index = index;
        this.moved = moved;
    }

    /** The verdict on each check's blob, and which of the blobs were ever moved (their items go with them). */
    record Verdicts(Map<SweepQueue.BlobCheck, Verdict> of, Set<String> everMoved) {}

    /** The verdict on each check's blob: three batched reads for any number of blobs. */
    Verdicts check(List<SweepQueue.BlobCheck> checks) {
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
