package dev.cloudfiles.store.moves;

import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.table.Attributes;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The names a blob was moved or copied between, and the moves of it still in flight: the item
 * {@code pk = "#moved#{blob}"}, {@code sk = "#moved"}. A blob's S3 metadata names only the name it
 * was written for; after a metadata-only move or copy other names point at it, and this item is how
 * the sweeper finds them. A move (a copy is one that keeps its source) adds to it <em>before</em> it
 * switches any index entry:
 * <ul>
 * <li>{@code names}: string set — both names of every move of the blob; a name leaves it only by
 *     {@link #prune}, once it no longer points at the blob, so the set stays bounded
 *     ({@link #MAX_NAMES});</li>
 * <li>{@code seq}: a number, +1 at every move's start;</li>
 * <li>{@code inflight}: string set of the ids of moves started and not yet ended. A move ends once
 *     it can change no index entry any more: its own end, or the sweeper's check of it after
 *     {@link InFlight#LIMIT}.</li>
 * </ul>
 * The sweeper reads the item, then the index entries of those names, then the item again: it may
 * call the blob unreferenced only if no move was in flight and none started in between (a seqlock;
 * docs/architecture.md › "Moves" has the argument). The item goes when the blob is deleted.
 */
public final class MovedNames {
    static final String SK = "#moved";

    /**
     * The most names a copy may find on the item: past it, names that no longer point at the blob are
     * pruned, and if every one still does, the copy is refused ({@link TooManyCopiesException}). A move
     * adds no name that points at the blob without making another stop, so it may go {@link
     * #MOVE_ROOM} further before it prunes, and is never refused. At most 265 names of at most 1,024
     * bytes of UTF-8 keep the item well inside DynamoDB's 400 KB limit.
     */
    public static final int MAX_NAMES = 256;

    static final int MOVE_ROOM = 8;

    /** What the item said at one moment: absent ({@link #NONE}) for a blob that was never moved. */
    public record State(Set<String> names, long seq, Set<String> inflight) {
        static final State NONE = new State(Set.of(), 0, Set.of());

        /** Whether no move can have changed the blob's holders between this read and {@code later}. */
        boolean quietUntil(State later) {
            return inflight.isEmpty() && seq == later.seq;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final BatchRetry retry;

    public MovedNames(DynamoDbClient dynamo, String table, BatchRetry retry) {
        this.dynamo = dynamo;
        this.table = table;
        this.retry = retry;
    }

    static String pk(String blob) {
        return Tables.MOVED_PREFIX + blob;
    }

    /**
     * A move (or copy) of {@code blob} from {@code from} to {@code to} starts: before it marks anything.
     * False, and nothing written, when the item is full (see {@link #MAX_NAMES}: prune, then try again).
     */
    boolean begin(String blob, String from, String to, String moveId, boolean copy) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(pk(blob), SK))
                    .updateExpression("ADD #names :names, #seq :one, #inflight :id")
                    .conditionExpression("attribute_not_exists(#names) OR size(#names) < :max")
                    .expressionAttributeNames(Map.of("#names", "names", "#seq", "seq", "#inflight", "inflight"))
                    .expressionAttributeValues(Map.of(
                            ":names", AttributeValue.fromSs(List.copyOf(new HashSet<>(List.of(from, to)))),
                            ":one", Items.n(1),
                            ":id", AttributeValue.fromSs(List.of(moveId)),
                            ":max", Items.n(copy ? MAX_NAMES : MAX_NAMES + MOVE_ROOM))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    /**
     * Removes {@code stale} from the names, if no move began since {@code seen} was read (then, with
     * none in flight at that read, no name can have come to point at the blob since: the seqlock of
     * {@link References}). False when one did.
     */
    boolean prune(String blob, State seen, Set<String> stale) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(pk(blob), SK))
                    .updateExpression("DELETE #names :stale")
                    .conditionExpression("#seq = :seq")
                    .expressionAttributeNames(Map.of("#names", "names", "#seq", "seq"))
                    .expressionAttributeValues(
                            Map.of(":stale", AttributeValue.fromSs(List.copyOf(stale)), ":seq", Items.n(seen.seq()))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /** The move ends: it can change no index entry any more. Idempotent. */
    void end(String blob, String moveId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(pk(blob), SK))
                    .updateExpression("DELETE #inflight :id")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#inflight", "inflight"))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(moveId))))
                    .overrideConfiguration(o -> o.apiCallTimeout(InFlight.INDEX_WRITE_TIMEOUT)));
        } catch (ConditionalCheckFailedException neverBegun) {
            // its start never landed: nothing to end
        }
    }

    /** Whether move {@code moveId} of {@code blob} has not ended yet. */
    boolean inFlight(String blob, String moveId) {
        return read(List.of(blob)).getOrDefault(blob, State.NONE).inflight().contains(moveId);
    }

    /** The state of each blob's item, read strongly consistent; blobs never moved are absent. */
    Map<String, State> read(Collection<String> blobs) {
        Map<String, State> states = new HashMap<>();
        if (blobs.isEmpty()) return states;
        for (var item : Items.batchGet(
                dynamo,
                retry,
                table,
                blobs.stream().map(b -> Items.key(pk(b), SK)).toList(),
                "names",
                "seq",
                "inflight")) {
            String blob = Items.string(item, Attributes.PK).substring(Tables.MOVED_PREFIX.length());
            states.put(
                    blob,
                    new State(strings(item.get("names")), Items.number(item, "seq"), strings(item.get("inflight"))));
        }
        return states;
    }

    /** Removes the items of deleted blobs; what fails stays (a few bytes, harmless). */
    @Internal
    public void forget(Collection<String> blobs) {
        List<WriteRequest> deletes = blobs.stream()
                .map(b -> WriteRequest.builder()
                        .deleteRequest(d -> d.key(Items.key(pk(b), SK)))
                        .build())
                .toList();
        for (int from = 0; from < deletes.size(); from += 25) {
            var batch = deletes.subList(from, Math.min(deletes.size(), from + 25));
            Items.batchWrite(dynamo, retry, table, batch);
        }
    }

    private static Set<String> strings(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }
}
