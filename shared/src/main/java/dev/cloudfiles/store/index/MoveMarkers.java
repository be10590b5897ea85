package dev.cloudfiles.store.index;

import com.github.f4b6a3.ulid.Ulid;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.TooLateException;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The marks a move leaves on index entries, and how anyone resolves them (docs/architecture.md ›
 * "Moves"). The source of move {@code M} carries {@code moving_to} and {@code move_id = M}; the
 * target, once written (the commit), carries {@code moved_from} and {@code move_in = M}. A marked
 * source is <em>hidden</em> — gone for every reader — exactly when its target carries
 * {@code move_in = M}. Every write that meets a mark resolves it first: a committed move is rolled
 * forward (the hidden source deleted, the target's mark cleared), an uncommitted one rolled back
 * (the source's mark cleared) once it can no longer commit ({@link InFlight#LIMIT} after it began);
 * before that, the writer is told the file is busy.
 */
@Internal
public final class MoveMarkers {
    public static final String MOVING_TO = "moving_to";
    public static final String MOVE_ID = "move_id";
    public static final String MOVED_FROM = "moved_from";
    public static final String MOVE_IN = "move_in";

    /** What resolving an entry's marks came to. */
    public enum Outcome {
        /** The entry was the source of a committed move: it is gone now. */
        GONE,
        /** The marks are cleared; the entry is an ordinary one again. */
        CLEARED,
        /** A move of it may still commit: the caller answers "busy, try again". */
        BUSY
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public MoveMarkers(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public static boolean marked(Map<String, AttributeValue> item) {
        return item.containsKey(MOVING_TO) || item.containsKey(MOVE_IN);
    }

    public static Optional<String> movingTo(Map<String, AttributeValue> item) {
        return Optional.ofNullable(Items.string(item, MOVING_TO));
    }

    /** When move {@code moveId} began (the ULID's time). */
    public static Instant began(String moveId) {
        return Ulid.from(moveId).getInstant();
    }

    /** Throws {@link TooLateException} once move {@code moveId} may no longer write (see {@link InFlight}). */
    public void beforeDeadline(String moveId) {
        if (!InFlight.mayStillWrite(began(moveId), clock.instant())) throw new TooLateException();
    }

    /**
     * Whether this entry is the source of a committed move, and so gone for readers: one read of its
     * target, only for an entry that carries a source mark.
     */
    public boolean hidden(String drivePk, Map<String, AttributeValue> item) {
        String to = Items.string(item, MOVING_TO);
        if (to == null) return false;
        String moveId = Items.string(item, MOVE_ID);
        return moveId != null && moveId.equals(Items.string(read(drivePk, to, MOVE_IN), MOVE_IN));
    }

    /** Resolves every mark on the entry {@code item} of drive {@code drivePk}, as described above. */
    public Outcome resolve(String drivePk, Map<String, AttributeValue> item) {
        String name = Items.string(item, Tables.SK);
        String moveIn = Items.string(item, MOVE_IN);
        if (moveIn != null) {
            // This entry is a committed move's target: finish that move, then it is an ordinary entry.
            deleteSource(drivePk, Items.string(item, MOVED_FROM), moveIn);
            clearTarget(drivePk, name, moveIn);
        }
        String to = Items.string(item, MOVING_TO);
        if (to == null) return Outcome.CLEARED;
        String moveId = Items.string(item, MOVE_ID);
        if (hidden(drivePk, item)) {
            deleteSource(drivePk, name, moveId);
            clearTarget(drivePk, to, moveId);
            return Outcome.GONE;
        }
        if (!InFlight.isOver(began(moveId), clock.instant())) return Outcome.BUSY;
        clearSource(drivePk, name, moveId); // it can no longer commit: roll back
        return Outcome.CLEARED;
    }

    /** The entry, read strongly consistent (only {@code attributes} when given), or an empty map. */
    public Map<String, AttributeValue> read(String drivePk, String name, String... attributes) {
        var request = software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder()
                .tableName(table)
                .key(Items.key(drivePk, name))
                .consistentRead(true);
        if (attributes.length > 0) {
            Map<String, String> names = new java.util.HashMap<>();
            StringBuilder projection = new StringBuilder();
            for (int i = 0; i < attributes.length; i++) {
                names.put("#a" + i, attributes[i]);
                projection.append(i == 0 ? "" : ", ").append("#a").append(i);
            }
            request.projectionExpression(projection.toString()).expressionAttributeNames(names);
        }
        var item = dynamo.getItem(request.build()).item();
        return item == null ? Map.of() : item;
    }

    /** Step 4 of a move, or its roll-forward: the hidden source goes, if it still carries this move. */
    public void deleteSource(String drivePk, String from, String moveId) {
        if (from == null) return;
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Items.key(drivePk, from))
                    .conditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", MOVE_ID))
                    .expressionAttributeValues(Map.of(":id", Items.s(moveId))));
        } catch (ConditionalCheckFailedException done) {
            // deleted already, by the mover or by whoever resolved it first
        }
    }

    /** Step 5 of a move: the target's mark goes once its source is gone. */
    public void clearTarget(String drivePk, String to, String moveId) {
        clear(drivePk, to, MOVE_IN, MOVED_FROM, moveId);
    }

    /** A roll-back: the source's mark goes, the move never committed. */
    public void clearSource(String drivePk, String from, String moveId) {
        clear(drivePk, from, MOVE_ID, MOVING_TO, moveId);
    }

    private void clear(String drivePk, String name, String idAttribute, String other, String moveId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(drivePk, name))
                    .updateExpression("REMOVE #id, #other")
                    .conditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", idAttribute, "#other", other))
                    .expressionAttributeValues(Map.of(":id", Items.s(moveId))));
        } catch (ConditionalCheckFailedException done) {
            // cleared already, or the entry is gone
        }
    }
}
