package dev.cloudfiles.store.garbage;

import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Where the orphan scan resumes: the last key it looked at, in an item of its own. */
public final class OrphanCursor {
    private static final String SK = "orphan-cursor";

    private final DynamoDbClient dynamo;
    private final String table;

    public OrphanCursor(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The key to resume after; empty to start at the beginning of the bucket. */
    public String read() {
        var item = dynamo.getItem(b ->
                        b.tableName(table).key(Items.key(Tables.SWEEPER_PK, SK)).consistentRead(true))
                .item();
        return item == null || item.isEmpty()
                ? ""
                : Optional.ofNullable(Items.string(item, "after")).orElse("");
    }

    public void write(String after) {
        if (after.isEmpty()) {
            dynamo.deleteItem(b -> b.tableName(table).key(Items.key(Tables.SWEEPER_PK, SK)));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Tables.SWEEPER_PK, SK));
        item.put("after", Items.s(after));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }
}
