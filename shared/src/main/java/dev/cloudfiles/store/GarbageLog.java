package dev.cloudfiles.store;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Blobs that no longer belong to a file, waiting to be deleted. Nothing is deleted at once: a
 * reader may still stream the old bytes, or follow a presigned URL to them, until the URL expires.
 * Each record names the drive and file it came from so that the sweeper can check, before
 * deleting, that the index does not point at the blob after all (a write whose answer was lost).
 */
public final class GarbageLog {
    static final String PK = "#garbage";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public GarbageLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Records {@code blob}, which belonged (or would have belonged) to {@code name} in {@code drivePk}. */
    public void add(String blob, String drivePk, String name) {
        long now = clock.millis();
        Map<String, AttributeValue> item = new HashMap<>(Items.key(PK, String.format("%013d#%s", now, blob)));
        item.put("blob", Items.s(blob));
        item.put("drive", Items.s(drivePk));
        item.put("name", Items.s(name));
        item.put("recorded", Items.n(now));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }
}
