package dev.cloudfiles.auth;

import dev.cloudfiles.names.DriveName;
import dev.cloudfiles.names.ProjectId;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * API keys in the table: item {@code pk = "#key#" + hex(sha256(key))}. The plain key is never
 * stored; a key is found by its hash, so no secret needs to be read back and compared.
 */
public final class KeyStore {
    private static final String PK_PREFIX = Tables.KEY_PREFIX;
    private static final String SK = Tables.KEY_SK;
    /** {@code keys revoke KEY_ID} finds the key through this item: {@code #keyid#{id}} → hash. */
    private static final String ID_PREFIX = Tables.KEY_ID_PREFIX;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public KeyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Creates a key and returns its secret, which is shown once and never stored. */
    public IssuedKey create(String project, Set<String> drives, boolean readOnly, String label) {
        new ProjectId(project);
        drives.forEach(DriveName::new);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = project + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] hash = sha256(secret);
        String hex = HexFormat.of().formatHex(hash);
        ApiKey key = new ApiKey(
                hex.substring(0, 16),
                project,
                drives,
                readOnly,
                label == null ? "" : label,
                clock.millis(),
                Optional.empty(),
                hash);
        Map<String, AttributeValue> item = new HashMap<>(Items.key(PK_PREFIX + hex, SK));
        item.put("key_id", Items.s(key.keyId()));
        item.put("project", Items.s(project));
        if (!drives.isEmpty()) item.put("drives", AttributeValue.fromSs(List.copyOf(drives)));
        item.put("read_only", AttributeValue.fromBool(readOnly));
        item.put("label", Items.s(key.label()));
        item.put("created", Items.n(key.createdAtMillis()));
        item.put("key_hash", Items.s(hex));
        // The id item first: a crash between the two writes leaves an id that leads nowhere, never a key
        // that cannot be revoked by its id.
        Map<String, AttributeValue> idItem = new HashMap<>(Items.key(ID_PREFIX + key.keyId(), SK));
        idItem.put("key_hash", Items.s(hex));
        dynamo.putItem(b -> b.tableName(table).item(idItem).conditionExpression("attribute_not_exists(pk)"));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return new IssuedKey(key, secret);
    }

    /** The stored key of this full key text ({@code project_secret}), if any. Revoked keys are found too. */
    public Optional<ApiKey> find(String fullKey) {
        return findByHash(sha256(fullKey));
    }

    /** The stored key whose full text hashes to {@code hash}, if any. */
    public Optional<ApiKey> findByHash(byte[] hash) {
        String hex = HexFormat.of().formatHex(hash);
        var item = dynamo.getItem(b ->
                        b.tableName(table).key(Items.key(PK_PREFIX + hex, SK)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(fromItem(item));
    }

    /** Every key, or those of one project. An operator's command: it scans the table. */
    public List<ApiKey> list(Optional<String> project) {
        List<ApiKey> keys = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", Items.s(PK_PREFIX));
        String filter = "begins_with(pk, :p)";
        if (project.isPresent()) {
            filter += " AND #project = :project";
            values.put(":project", Items.s(project.get()));
        }
        String expression = filter;
        Map<String, String> names = project.isPresent() ? Map.of("#project", "project") : null;
        for (var page : dynamo.scanPaginator(b -> b.tableName(table)
                .filterExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .consistentRead(true))) {
            page.items().forEach(i -> keys.add(fromItem(i)));
        }
        return keys;
    }

    /**
     * Marks the key with this id revoked (the first revocation time stays); false when there is no
     * such key. One lookup through the id item; keys made before id items existed are found by a scan.
     */
    public boolean revoke(String keyId) {
        var idItem = dynamo.getItem(b ->
                        b.tableName(table).key(Items.key(ID_PREFIX + keyId, SK)).consistentRead(true))
                .item();
        Optional<String> hex = idItem == null || idItem.isEmpty()
                ? list(Optional.empty()).stream()
                        .filter(k -> k.keyId().equals(keyId))
                        .findFirst()
                        .map(k -> HexFormat.of().formatHex(k.secretHash()))
                : Optional.of(Items.string(idItem, "key_hash"));
        if (hex.isEmpty()) return false;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(PK_PREFIX + hex.get(), SK))
                    .updateExpression("SET revoked = if_not_exists(revoked, :now)")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", Items.n(clock.millis()))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false; // an id item whose key was never written
        }
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        AttributeValue drives = item.get("drives");
        return new ApiKey(
                Items.string(item, "key_id"),
                Items.string(item, "project"),
                drives == null || drives.ss() == null ? Set.of() : Set.copyOf(drives.ss()),
                Items.bool(item, "read_only"),
                Optional.ofNullable(Items.string(item, "label")).orElse(""),
                Items.number(item, "created"),
                Items.optionalNumber(item, "revoked"),
                HexFormat.of().parseHex(Items.string(item, "key_hash")));
    }
}
