package dev.cloudfiles.store.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Small helpers for reading and writing DynamoDB attribute maps. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Tables.PK, s(pk), Tables.SK, s(sk));
    }

    /**
     * The items with these keys that exist, read strongly consistent, 100 keys a request (a key given
     * twice is read once); only {@code attributes} (and the keys) of each. Keys DynamoDB leaves
     * unprocessed are asked again as {@code retry} says; past that, {@link BatchRetry.IncompleteException}.
     */
    public static List<Map<String, AttributeValue>> batchGet(
            DynamoDbClient dynamo,
            BatchRetry retry,
            String table,
            Collection<Map<String, AttributeValue>> keys,
            String... attributes) {
        List<Map<String, AttributeValue>> all = new ArrayList<>(new LinkedHashSet<>(keys));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder projection = new StringBuilder("pk, sk");
        for (int i = 0; i < attributes.length; i++) {
            names.put("#a" + i, attributes[i]);
            projection.append(", #a").append(i);
        }
        for (int from = 0; from < all.size(); from += 100) {
            var batch = KeysAndAttributes.builder()
                    .keys(all.subList(from, Math.min(all.size(), from + 100)))
                    .consistentRead(true)
                    .projectionExpression(projection.toString());
            if (!names.isEmpty()) batch.expressionAttributeNames(names);
            Map<String, KeysAndAttributes> left = retry.run(Map.of(table, batch.build()), request -> {
                var response = dynamo.batchGetItem(b -> b.requestItems(request));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                return response.unprocessedKeys();
            });
            if (!left.isEmpty()) throw new BatchRetry.IncompleteException(retry.attempts());
        }
        return found;
    }

    /** One batch of at most 25 writes, with {@code retry}'s back-off; returns what stayed unprocessed. */
    public static List<WriteRequest> batchWrite(
            DynamoDbClient dynamo, BatchRetry retry, String table, List<WriteRequest> batch) {
        return retry.run(
                        Map.of(table, batch),
                        request -> dynamo.batchWriteItem(b -> b.requestItems(request))
                                .unprocessedItems())
                .getOrDefault(table, List.of());
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    public static Optional<Long> optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? Optional.empty() : Optional.of(Long.parseLong(v.n()));
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }
}
