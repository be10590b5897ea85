package dev.cloudfiles.store.index;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.MoveBusyException;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.table.Attributes;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Items;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The name index: item {@code pk = "{project}/{drive}"}, {@code sk = name}. The sort key's byte
 * order is the listing order, so prefixes, {@code last} and folded directories are key ranges.
 */
public final class FileIndex {
    /** How often a write resolves a move's marks on its entry and tries again before it gives up. */
    private static final int ATTEMPTS = 4;

    private final DynamoDbClient dynamo;
    private final BatchRetry retry;
    private final String table;
    private final MoveMarkers markers;

    /** {@code markers}: the same the moves use (built once, in the composition root). */
    public FileIndex(DynamoDbClient dynamo, String table, MoveMarkers markers, BatchRetry retry) {
        this.dynamo = dynamo;
        this.retry = retry;
        this.table = table;
        this.markers = markers;
    }

    /**
     * The current version of a file (strongly consistent), or empty. The source of a committed move
     * is gone although its entry may still exist for a moment ({@link MoveMarkers#hidden}).
     */
    public Optional<FileRecord> get(Drive drive, FileName name) {
        var item = markers.read(drive.partitionKey(), name.value());
        if (item.isEmpty() || markers.hidden(drive.partitionKey(), item)) return Optional.empty();
        return Optional.of(fromItem(item));
    }

    /**
     * Points {@code name} at a new blob in one conditional write and returns the version it replaced.
     * The version number is counted by DynamoDB itself, so concurrent writers never reuse one.
     */
    public Written write(Drive drive, FileRecord file, Precondition precondition) {
        Map<String, String> names = attributeNames();
        Map<String, AttributeValue> values = attributeValues(file);
        // "OR #blob = :blob": blob keys are unique per write, so an entry that already points at this
        // blob is this very write, landed once already (the SDK retried it after a lost answer).
        // "attribute_not_exists(#mvto)": an entry that is the source of a move is resolved first (below).
        // A target's mark (move_in) is left alone: SET keeps it, and with it the proof of that move.
        if (!(precondition instanceof Precondition.IfAbsent)) names.put("#mvto", MoveMarkers.MOVING_TO);
        String condition;
        if (precondition instanceof Precondition.IfAbsent) {
            condition = "attribute_not_exists(sk) OR #blob = :blob";
        } else if (precondition instanceof Precondition.IfMatch match
                && match.etag().equals("*")) {
            condition = "attribute_exists(sk) AND attribute_not_exists(#mvto)";
        } else if (precondition instanceof Precondition.IfMatch match) {
            condition = "(#etag = :expected AND attribute_not_exists(#mvto)) OR #blob = :blob";
            values.put(":expected", Items.s(match.etag()));
        } else {
            condition = "attribute_not_exists(#mvto) OR #blob = :blob";
        }
        String conditionExpression = condition;
        for (int attempt = 1; ; attempt++) {
            try {
                return update(drive, file, "", conditionExpression, names, values);
            } catch (ConditionalCheckFailedException e) {
                // Refused: by the precondition, or by a move's mark on the entry, which is resolved
                // first (the write then tries again).
                var item = markers.read(drive.partitionKey(), file.name());
                boolean none = precondition instanceof Precondition.None;
                if (MoveMarkers.movingTo(item).isPresent()) {
                    if (attempt < ATTEMPTS && markers.resolve(drive.partitionKey(), item) != MoveMarkers.Outcome.BUSY)
                        continue;
                    if (none || matches(precondition, item)) throw new MoveBusyException();
                } else if (none) {
                    if (attempt < ATTEMPTS) continue; // its mark was resolved meanwhile
                    throw new MoveBusyException();
                }
                throw new PreconditionFailedException(
                        precondition instanceof Precondition.IfAbsent
                                ? "a file with this name already exists"
                                : "the file does not exist in the version If-Match names");
            }
        }
    }

    private static Map<String, String> attributeNames() {
        return new HashMap<>(Map.of(
                "#blob",
                Attributes.BLOB,
                "#size",
                Attributes.SIZE,
                "#ct",
                Attributes.CONTENT_TYPE,
                "#etag",
                Attributes.ETAG,
                "#lm",
                Attributes.LAST_MODIFIED,
                "#v",
                Attributes.VERSION));
    }

    private static Map<String, AttributeValue> attributeValues(FileRecord file) {
        return new HashMap<>(Map.of(
                ":blob", Items.s(file.blob()),
                ":size", Items.n(file.size()),
                ":ct", Items.s(file.contentType()),
                ":etag", Items.s(file.etag()),
                ":lm", Items.n(file.lastModified().toEpochMilli()),
                ":zero", Items.n(0),
                ":one", Items.n(1)));
    }

    /** The one UpdateItem that points an entry at a blob ({@code extraSet}: more to set); returns what it replaced. */
    private Written update(
            Drive drive,
            FileRecord file,
            String extraSet,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        // A version without a digest must not inherit the one it replaces: REMOVE it.
        names.put("#sha", Attributes.SHA256);
        String digest;
        if (file.sha256() != null) {
            values.put(":sha", Items.s(file.sha256()));
            digest = ", #sha = :sha";
        } else {
            digest = " REMOVE #sha";
        }
        var response = dynamo.updateItem(b -> b.tableName(table)
                .key(Items.key(drive.partitionKey(), file.name()))
                .updateExpression("SET #blob = :blob, #size = :size, #ct = :ct, #etag = :etag, #lm = :lm, "
                        + "#v = if_not_exists(#v, :zero) + :one" + extraSet + digest)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)
                .overrideConfiguration(o -> o.apiCallTimeout(InFlight.INDEX_WRITE_TIMEOUT)));
        Optional<FileRecord> previous =
                response.attributes() == null || response.attributes().isEmpty()
                        ? Optional.empty()
                        : Optional.of(fromItem(withKey(response.attributes(), file.name())));
        long version = previous.map(FileRecord::version).orElse(0L) + 1;
        return new Written(
                new FileRecord(
                        file.name(),
                        file.size(),
                        file.contentType(),
                        file.etag(),
                        file.lastModified(),
                        file.blob(),
                        version,
                        file.sha256()),
                previous);
    }

    /**
     * The commit of move {@code moveId}: points {@code file.name()} (the target) at the moved blob and
     * marks it {@code move_in = moveId}, and {@code moved_from = from} for a move ({@code from} is null
     * for a copy, whose source stays). The target must not be the source of a move, nor the target of
     * another unfinished one (either is resolved first, then tried again); {@code ifAbsent}: it must not
     * exist. Empty when this very write had landed already (a retry after a lost answer), so what it
     * replaced is unknown (the orphan scan finds that): the entry still carries {@code move_in =
     * moveId}, or {@code landed} says so once another writer cleared that mark. Not the blob: with
     * copies, the target may point at the same blob by an earlier copy.
     */
    @Internal
    public Optional<Written> writeMoveTarget(
            Drive drive, FileRecord file, String from, String moveId, boolean ifAbsent, BooleanSupplier landed) {
        Map<String, String> names = attributeNames();
        names.putAll(Map.of("#mvto", MoveMarkers.MOVING_TO, "#mvin", MoveMarkers.MOVE_IN));
        Map<String, AttributeValue> values = attributeValues(file);
        values.put(":m", Items.s(moveId));
        String marks = ", #mvin = :m";
        if (from != null) {
            names.put("#mvfrom", MoveMarkers.MOVED_FROM);
            values.put(":from", Items.s(from));
            marks += ", #mvfrom = :from";
        }
        String condition = "(attribute_not_exists(#mvto) AND attribute_not_exists(#mvin)"
                + (ifAbsent ? " AND attribute_not_exists(sk)" : "") + ") OR #mvin = :m";
        for (int attempt = 1; ; attempt++) {
            markers.beforeDeadline(moveId); // every try: resolving marks in between takes time
            try {
                return Optional.of(update(drive, file, marks, condition, names, values));
            } catch (ConditionalCheckFailedException e) {
                var item = markers.read(drive.partitionKey(), file.name());
                if (moveId.equals(Items.string(item, MoveMarkers.MOVE_IN))) return Optional.empty();
                // Landed, and another writer finished the move (cleared the mark) before this retry.
                if (landed.getAsBoolean()) return Optional.empty();
                if (!item.isEmpty() && MoveMarkers.marked(item) && attempt < ATTEMPTS) {
                    switch (markers.resolve(drive.partitionKey(), item)) {
                        case BUSY -> {
                            if (ifAbsent) throw new PreconditionFailedException("a file with this name already exists");
                            throw new MoveBusyException();
                        }
                        case GONE, CLEARED -> {
                            continue;
                        }
                    }
                }
                if (ifAbsent && !item.isEmpty()) {
                    throw new PreconditionFailedException("a file with this name already exists");
                }
                if (attempt == ATTEMPTS) throw new MoveBusyException();
                // its marks were resolved meanwhile, or it is gone: try again
            }
        }
    }

    /**
     * Marks {@code source} as the source of move {@code moveId} to {@code to}, if it still points at
     * the same blob and carries no mark (or this very mark: a retry). Throws
     * ConditionalCheckFailedException when it does not.
     */
    @Internal
    public void markSource(String drivePk, FileRecord source, String to, String moveId) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Items.key(drivePk, source.name()))
                .updateExpression("SET #mvto = :to, #mid = :m")
                .conditionExpression("(#blob = :blob AND attribute_not_exists(#mvto) AND attribute_not_exists(#mvin))"
                        + " OR #mid = :m")
                .expressionAttributeNames(Map.of(
                        "#blob", Attributes.BLOB,
                        "#mvto", MoveMarkers.MOVING_TO,
                        "#mid", MoveMarkers.MOVE_ID,
                        "#mvin", MoveMarkers.MOVE_IN))
                .expressionAttributeValues(
                        Map.of(":blob", Items.s(source.blob()), ":to", Items.s(to), ":m", Items.s(moveId)))
                .overrideConfiguration(o -> o.apiCallTimeout(InFlight.INDEX_WRITE_TIMEOUT)));
    }

    /** Whether an If-Match precondition holds for this (visible) entry. */
    private static boolean matches(Precondition precondition, Map<String, AttributeValue> item) {
        return precondition instanceof Precondition.IfMatch match && match.admits(Items.string(item, Attributes.ETAG));
    }

    /** An index entry's key, as the sweeper knows it: a drive's partition key and a name. */
    public record Key(String drive, String name) {}

    /**
     * The blob each of these entries points at now, read strongly consistent, 100 keys a request;
     * an entry that does not exist is absent from the answer.
     */
    public Map<Key, String> currentBlobs(java.util.Collection<Key> keys) {
        Map<Key, String> blobs = new HashMap<>();
        for (var item : Items.batchGet(
                dynamo,
                retry,
                table,
                keys.stream().map(k -> Items.key(k.drive(), k.name())).toList(),
                Attributes.BLOB)) {
            blobs.put(
                    new Key(Items.string(item, Attributes.PK), Items.string(item, Attributes.SK)),
                    Items.string(item, Attributes.BLOB));
        }
        return blobs;
    }

    /** The written version and the one it replaced. */
    public record Written(FileRecord file, Optional<FileRecord> previous) {}

    /**
     * Removes the entry and returns what it pointed at. An entry a move has marked is resolved first:
     * the hidden source of a committed move is already gone (empty), a move that may still commit
     * makes the file busy ({@link MoveBusyException}). With {@code ifMatch}, an entry whose ETag is
     * another is kept ({@link PreconditionFailedException}); a missing one still counts as deleted.
     */
    public Optional<FileRecord> delete(Drive drive, FileName name, Optional<String> ifMatch) {
        Map<String, String> names = new HashMap<>(Map.of("#mvto", MoveMarkers.MOVING_TO, "#mvin", MoveMarkers.MOVE_IN));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_not_exists(#mvto) AND attribute_not_exists(#mvin)";
        if (ifMatch.isPresent()) {
            names.put("#etag", Attributes.ETAG);
            values.put(":etag", Items.s(ifMatch.get()));
            condition += " AND (attribute_not_exists(sk) OR #etag = :etag)";
        }
        String conditionExpression = condition;
        for (int attempt = 1; ; attempt++) {
            try {
                var response = dynamo.deleteItem(b -> b.tableName(table)
                        .key(Items.key(drive.partitionKey(), name.value()))
                        .conditionExpression(conditionExpression)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .returnValues(ReturnValue.ALL_OLD));
                var old = response.attributes();
                return old == null || old.isEmpty()
                        ? Optional.empty()
                        : Optional.of(fromItem(withKey(old, name.value())));
            } catch (ConditionalCheckFailedException refused) {
                var item = markers.read(drive.partitionKey(), name.value());
                if (item.isEmpty()) return Optional.empty();
                if (!MoveMarkers.marked(item)) {
                    if (ifMatch.isPresent() && !ifMatch.get().equals(Items.string(item, Attributes.ETAG))) {
                        throw new PreconditionFailedException(
                                "the file changed: its ETag is no longer " + ifMatch.get() + "; it was kept");
                    }
                    if (attempt == ATTEMPTS) throw new MoveBusyException();
                    continue; // a mark that was there is gone already: try again
                }
                switch (markers.resolve(drive.partitionKey(), item)) {
                    case GONE -> {
                        return Optional.empty();
                    }
                    case BUSY -> throw new MoveBusyException();
                    case CLEARED -> {
                        if (attempt == ATTEMPTS) throw new MoveBusyException();
                    }
                }
            }
        }
    }

    /**
     * One page of names in byte order. Folding skips a whole sub-tree with one new start key, so a
     * directory of a million files costs one read, not a million ({@link FoldedListing}).
     */
    public ListPage list(Drive drive, ListQuery query) {
        return FoldedListing.page(
                query,
                (exclusiveStart, limit) -> {
                    QueryResponse page = dynamo.query(request(drive, query.prefix(), exclusiveStart, limit));
                    boolean more = page.lastEvaluatedKey() != null
                            && !page.lastEvaluatedKey().isEmpty();
                    return new FoldedListing.Page(page.items(), more);
                },
                item -> markers.hidden(drive.partitionKey(), item));
    }

    private QueryRequest request(Drive drive, String prefix, String exclusiveStart, int limit) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", Items.s(drive.partitionKey()));
        String condition = "pk = :pk";
        if (!prefix.isEmpty()) {
            condition += " AND begins_with(sk, :prefix)";
            values.put(":prefix", Items.s(prefix));
        }
        var builder = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression(condition)
                .expressionAttributeValues(values)
                .consistentRead(true)
                .limit(limit);
        if (exclusiveStart != null) builder.exclusiveStartKey(Items.key(drive.partitionKey(), exclusiveStart));
        return builder.build();
    }

    private static Map<String, AttributeValue> withKey(Map<String, AttributeValue> item, String name) {
        if (item.containsKey(Attributes.SK)) return item;
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(Attributes.SK, Items.s(name));
        return copy;
    }

    @Internal
    public static FileRecord fromItem(Map<String, AttributeValue> item) {
        return new FileRecord(
                Items.string(item, Attributes.SK),
                Items.number(item, Attributes.SIZE),
                Items.string(item, Attributes.CONTENT_TYPE),
                Items.string(item, Attributes.ETAG),
                Instant.ofEpochMilli(Items.number(item, Attributes.LAST_MODIFIED)),
                Items.string(item, Attributes.BLOB),
                Items.number(item, Attributes.VERSION),
                Items.string(item, Attributes.SHA256));
    }
}
