package dev.cloudfiles.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Blobs that no longer belong to a file, waiting to be deleted. Nothing is deleted at once: a
 * reader may still stream the old bytes, or follow a presigned URL to them, until the URL expires.
 * Each record names the drive and file it came from (and the upload that wrote it, if any) so that
 * the sweeper can check, before deleting, that nothing points at the blob after all — a write whose
 * answer was lost, or an upload that may still be committed.
 */
public final class GarbageLog {
    static final String PK = "#garbage";

    /** One blob waiting for deletion. */
    public record Entry(String sortKey, String blob, String drive, String name, Optional<String> upload, Instant recorded) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public GarbageLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Records {@code blob}, which belonged (or would have belonged) to {@code name} in {@code drivePk}. */
    public void add(String blob, String drivePk, String name, Optional<String> upload) {
        dynamo.putItem(b -> b.tableName(table).item(item(blob, drivePk, name, upload, clock.millis())));
    }

    /**
     * Records the blobs of many removed files, 25 to a batch write. What DynamoDB leaves
     * unprocessed after a few tries stays unrecorded: an orphan, which the sweeper's scan finds.
     */
    public void addAll(String drivePk, List<FileRecord> removed) {
        long now = clock.millis();
        List<WriteRequest> writes = new ArrayList<>();
        for (FileRecord file : removed) {
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item(file.blob(), drivePk, file.name(), Optional.empty(), now))).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(from, Math.min(writes.size(), from + BATCH)));
            for (int attempt = 0; attempt < 3 && !pending.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    private static final int BATCH = 25;

    private Map<String, AttributeValue> item(String blob, String drivePk, String name, Optional<String> upload, long now) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(PK, sortKey(now, blob)));
        item.put("blob", Items.s(blob));
        item.put("drive", Items.s(drivePk));
        item.put("name", Items.s(name));
        upload.ifPresent(u -> item.put("upload", Items.s(u)));
        item.put("recorded", Items.n(now));
        return item;
    }

    /** Entries recorded before {@code cutoff}, oldest first, at most {@code limit}. */
    public List<Entry> recordedBefore(Instant cutoff, int limit) {
        var response = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND sk < :bound")
                .expressionAttributeValues(Map.of(":pk", Items.s(PK), ":bound", Items.s(String.format("%013d", cutoff.toEpochMilli()))))
                .consistentRead(true)
                .limit(limit));
        List<Entry> entries = new ArrayList<>();
        for (var item : response.items()) {
            entries.add(new Entry(Items.string(item, "sk"), Items.string(item, "blob"), Items.string(item, "drive"),
                    Items.string(item, "name"), Optional.ofNullable(Items.string(item, "upload")),
                    Instant.ofEpochMilli(Items.number(item, "recorded"))));
        }
        return entries;
    }

    public void remove(Entry entry) {
        dynamo.deleteItem(b -> b.tableName(table).key(Items.key(PK, entry.sortKey())));
    }

    private static String sortKey(long millis, String blob) {
        return String.format("%013d#%s", millis, blob);
    }
}
