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
        long now = clock.millis();
        Map<String, AttributeValue> item = new HashMap<>(Items.key(PK, sortKey(now, blob)));
        item.put("blob", Items.s(blob));
        item.put("drive", Items.s(drivePk));
        item.put("name", Items.s(name));
        upload.ifPresent(u -> item.put("upload", Items.s(u)));
        item.put("recorded", Items.n(now));
        dynamo.putItem(b -> b.tableName(table).item(item));
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
