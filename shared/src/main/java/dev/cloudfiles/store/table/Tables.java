package dev.cloudfiles.store.table;

import dev.cloudfiles.store.Internal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one table: string partition key {@code pk}, string sort key {@code sk}. template.yaml declares
 * the same schema for AWS; the local stack creates it with this class. Every kind of item and its key:
 * <pre>
 * pk                           sk                           item
 * {project}/{drive}            file name                    a file's index entry (FileIndex)
 * #upload#{project}/{drive}    upload id (ULID)             an open upload session (UploadSessions)
 * #sweep#{00..31}              {due ms}#{kind}#{ref}        work due for the sweeper (SweepQueue)
 * #sweeper                     orphan-cursor                where the orphan scan resumes (Sweeper)
 * #key#{sha256 hex}            #key                         an API key, by the hash of its secret (KeyStore)
 * #keyid#{id}                  #key                         the way from a key id to its hash (KeyStore)
 * #share#{sha256 hex}          #share                       a share link, by the hash of its token: project,
 *                                                           drive, name, share_id, expires (ShareLinks)
 * #shares#{project}/{drive}    share id (ULID)              a drive's share listing: name, expires, token_hash
 *                                                           (ShareLinks)
 * #moved#{blob key}            #moved                       a moved blob: every name it was moved between
 *                                                           (names), moves begun (seq) and not yet ended
 *                                                           (inflight) (MovedNames)
 * </pre>
 * A file's entry may carry a move's marks: {@code moving_to} + {@code move_id} on a move's source,
 * {@code moved_from} + {@code move_in} on its target (MoveMarkers); the sweep queue also holds
 * {@code m} items, a move to settle once it can no longer commit (SweepQueue.MoveCheck).
 * Share items carry {@code expires_ttl} (epoch seconds), the table's TTL attribute, so expired
 * links leave the table by themselves; expiry is still checked on every read.
 * Project ids are alphanumeric, so no drive's partition key can start with {@code #}. Nothing every
 * tenant writes shares one partition: sessions live with their drive, sweeper work is spread over
 * {@link #SWEEP_SHARDS} partitions.
 */
public final class Tables {
    public static final String PK = "pk";
    public static final String SK = "sk";

    /**
     * Partitions of the sweeper's work queue. Fixed, because entries are found by shard: at 1,000
     * overwrites/s each takes ~31 writes/s, far below a partition's 1,000 (see bench/README.md).
     */
    public static final int SWEEP_SHARDS = 32;

    /** The partition of a drive's open upload sessions. */
    public static String uploadsPk(String drivePk) {
        return "#upload#" + drivePk;
    }

    /** The partition of one shard of the sweeper's work queue. */
    public static String sweepPk(int shard) {
        return String.format("#sweep#%02d", shard);
    }

    @Internal
    public static final String SWEEPER_PK = "#sweeper";

    /** An API key's item: {@code KEY_PREFIX + sha256 hex}, and the way to it from its id. */
    public static final String KEY_PREFIX = "#key#";

    public static final String KEY_ID_PREFIX = "#keyid#";
    public static final String KEY_SK = "#key";

    /** A share link's item: {@code SHARE_PREFIX + sha256 hex of its token}, sort key {@link #SHARE_SK}. */
    public static final String SHARE_PREFIX = "#share#";

    public static final String SHARE_SK = "#share";

    /** The partition of a drive's share listing (sort key: share id). */
    public static String sharesPk(String drivePk) {
        return "#shares#" + drivePk;
    }

    /** A moved blob's item: {@code MOVED_PREFIX + blob key}, sort key {@code #moved} (MovedNames). */
    public static final String MOVED_PREFIX = "#moved#";

    private Tables() {}

    /** Creates the table unless it exists, and waits until it is active. */
    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException absent) {
            // create it below
        }
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder()
                                    .attributeName(PK)
                                    .attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder()
                                    .attributeName(SK)
                                    .attributeType(ScalarAttributeType.S)
                                    .build())
                    .keySchema(
                            KeySchemaElement.builder()
                                    .attributeName(PK)
                                    .keyType(KeyType.HASH)
                                    .build(),
                            KeySchemaElement.builder()
                                    .attributeName(SK)
                                    .keyType(KeyType.RANGE)
                                    .build()));
        } catch (ResourceInUseException raced) {
            // created concurrently: fine
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    }
}
