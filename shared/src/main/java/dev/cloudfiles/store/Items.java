package dev.cloudfiles.store;

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
     * twice is read once); only {@code attributes} (and the keys) of each.
     */
    public static List<Map<String, AttributeValue>> batchGet(
            DynamoDbClient dynamo, String table, Collection<Map<String, AttributeValue>> keys, String... attributes) {
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
            Map<String, KeysAndAttributes> pending = Map.of(table, batch.build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == 5) throw new IllegalStateException("DynamoDB left keys unprocessed five times");
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamo.batchGetItem(b -> b.requestItems(request));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
            }
        }
        return found;
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
