package dev.cloudfiles.store;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Upload session items: {@code pk = "#upload"}, {@code sk = id}. Ids are ULIDs, so the sessions
 * started before a moment are one key range — the sweeper finds expired ones with one query.
 */
public final class UploadSessions {
    static final String PK = "#upload";

    private final DynamoDbClient dynamo;
    private final String table;

    public UploadSessions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A new session id, created at {@code now}. */
    public static String newId(Instant now) {
        return UlidCreator.getMonotonicUlid(now.toEpochMilli()).toString();
    }

    public void create(UploadSession s) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(PK, s.id()));
        item.put("drive", Items.s(s.drive()));
        item.put("name", Items.s(s.name()));
        item.put("blob", Items.s(s.blob()));
        item.put("s3_upload_id", Items.s(s.s3UploadId()));
        s.contentType().ifPresent(ct -> item.put("content_type", Items.s(ct)));
        item.put("created", Items.n(s.created().toEpochMilli()));
        item.put("expires", Items.n(s.expires().toEpochMilli()));
        item.put("part_size", Items.n(s.partSize()));
        item.put("size", Items.n(s.size()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<UploadSession> get(String id) {
        if (!isWellFormed(id)) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table).key(Items.key(PK, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Records the content type of the first part, unless the session already has one. */
    public void offerContentType(String id, String contentType) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Items.key(PK, id))
                    .updateExpression("SET content_type = :ct")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(content_type)")
                    .expressionAttributeValues(Map.of(":ct", Items.s(contentType))));
        } catch (ConditionalCheckFailedException alreadySet) {
            // the first type wins
        }
    }

    public void delete(String id) {
        dynamo.deleteItem(b -> b.tableName(table).key(Items.key(PK, id)));
    }

    /** Sessions created before {@code before}, oldest first, at most {@code limit}. */
    public List<UploadSession> createdBefore(Instant before, int limit) {
        String bound = new Ulid(before.toEpochMilli(), new byte[10]).toString();
        List<UploadSession> sessions = new ArrayList<>();
        var response = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND sk < :bound")
                .expressionAttributeValues(Map.of(":pk", Items.s(PK), ":bound", Items.s(bound)))
                .consistentRead(true)
                .limit(limit));
        response.items().forEach(i -> sessions.add(fromItem(i)));
        return sessions;
    }

    static boolean isWellFormed(String id) {
        return id != null && Ulid.isValid(id) && id.equals(id.toUpperCase(java.util.Locale.ROOT));
    }

    private static UploadSession fromItem(Map<String, AttributeValue> item) {
        return new UploadSession(
                Items.string(item, "sk"),
                Items.string(item, "drive"),
                Items.string(item, "name"),
                Items.string(item, "blob"),
                Items.string(item, "s3_upload_id"),
                Optional.ofNullable(Items.string(item, "content_type")),
                Instant.ofEpochMilli(Items.number(item, "created")),
                Instant.ofEpochMilli(Items.number(item, "expires")),
                Items.number(item, "part_size"),
                Items.number(item, "size"));
    }
}
