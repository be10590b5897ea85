package dev.cloudfiles.store.uploads;

import com.github.f4b6a3.ulid.Ulid;
import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.table.Attributes;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Upload session items, in their drive's own partition ({@link Tables#uploadsPk}), and the state
 * transitions that make commit, abort and expiry exclude each other. DynamoDB (and dynalite) give
 * conditional single-item writes, so the protocol is built from those alone:
 * <ul>
 * <li>a commit first <em>claims</em> the session: it stamps {@code claim}/{@code claimed_at}, only if
 *     the session exists, has not expired and holds no live claim;</li>
 * <li>abort and expiry <em>end</em> it: a delete, only if it holds no live claim;</li>
 * <li>the commit that holds the claim ends it by deleting it, only while the claim is still its own.</li>
 * </ul>
 * A claim is live for {@link InFlight#LIMIT}; the commit checks its own deadline before it writes
 * the index, so a claim older than that is dead and may be taken over. A session is deleted only
 * when no commit can write the index for its blob any more: from then on, what the index says about
 * the blob is final.
 */
public final class UploadSessions {
    private final DynamoDbClient dynamo;
    private final BatchRetry retry;
    private final String table;

    public UploadSessions(DynamoDbClient dynamo, String table, BatchRetry retry) {
        this.dynamo = dynamo;
        this.retry = retry;
        this.table = table;
    }

    /** A new session id, created at {@code now}. */
    public static String newId(Instant now) {
        return UniqueIds.shared().ulid(now.toEpochMilli()).toString();
    }

    public void create(UploadSession s) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Tables.uploadsPk(s.drive()), s.id()));
        item.put("name", Items.s(s.name()));
        item.put(Attributes.BLOB, Items.s(s.blob()));
        item.put("s3_upload_id", Items.s(s.s3UploadId()));
        s.contentType().ifPresent(ct -> item.put(Attributes.CONTENT_TYPE, Items.s(ct)));
        item.put("created", Items.n(s.created().toEpochMilli()));
        item.put("expires", Items.n(s.expires().toEpochMilli()));
        item.put("part_size", Items.n(s.partSize()));
        s.size().ifPresent(size -> item.put(Attributes.SIZE, Items.n(size)));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<UploadSession> get(String drivePk, String id) {
        if (!isWellFormed(id)) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table)
                        .key(Items.key(Tables.uploadsPk(drivePk), id))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(drivePk, item));
    }

    /**
     * How many sessions of the drive are open at {@code now}, counted up to {@code atMost}. Two
     * starts at the same moment may both see room for one: the bound is exact to within the
     * requests in flight, which is what a bound against runaway clients needs.
     */
    public int countOpen(String drivePk, Instant now, int atMost) {
        int[] count = {0};
        queryOpen(drivePk, now, Select.COUNT, page -> {
            count[0] += page.count();
            return count[0] < atMost;
        });
        return count[0];
    }

    /**
     * The drive's sessions open at {@code now} (not expired, not finished), oldest first. As many
     * as {@link #countOpen} allows and a few more (starts in flight, expired ones are filtered).
     */
    public java.util.List<UploadSession> listOpen(String drivePk, Instant now) {
        java.util.List<UploadSession> open = new java.util.ArrayList<>();
        queryOpen(drivePk, now, Select.ALL_ATTRIBUTES, page -> {
            page.items().forEach(item -> open.add(fromItem(drivePk, item)));
            return true;
        });
        return open;
    }

    /** Pages through the drive's unexpired sessions, in id order, while {@code more} says so. */
    private void queryOpen(
            String drivePk,
            Instant now,
            Select select,
            java.util.function.Predicate<software.amazon.awssdk.services.dynamodb.model.QueryResponse> more) {
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("expires > :now")
                    .expressionAttributeValues(
                            Map.of(":pk", Items.s(Tables.uploadsPk(drivePk)), ":now", Items.n(now.toEpochMilli())))
                    .select(select)
                    .consistentRead(true);
            if (start != null) request.exclusiveStartKey(start);
            var page = dynamo.query(request.build());
            start = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty()
                    ? null
                    : page.lastEvaluatedKey();
            if (!more.test(page)) return;
        } while (start != null);
    }

    /** Which of these sessions still exist (expired or not): their blobs are theirs until they end. */
    public java.util.Set<BlobStore.UploadRef> existing(java.util.Collection<BlobStore.UploadRef> refs) {
        java.util.Set<BlobStore.UploadRef> found = new java.util.HashSet<>();
        for (var item : Items.batchGet(
                dynamo,
                retry,
                table,
                refs.stream()
                        .map(r -> Items.key(Tables.uploadsPk(r.drive()), r.id()))
                        .toList())) {
            String pk = Items.string(item, Attributes.PK);
            found.add(new BlobStore.UploadRef(
                    pk.substring(Tables.uploadsPk("").length()), Items.string(item, Attributes.SK)));
        }
        return found;
    }

    /** Records the content type of the first part, unless the session already has one (the first type wins). */
    public void offerContentType(String drivePk, String id, String contentType) {
        update(
                drivePk,
                id,
                "SET content_type = :ct",
                "attribute_exists(pk) AND attribute_not_exists(content_type)",
                Map.of(":ct", Items.s(contentType)));
    }

    /** Takes the session for one commit: false when it is gone, expired, or another commit holds it. */
    public boolean claim(String drivePk, String id, String token, Instant now) {
        return update(
                drivePk,
                id,
                "SET claim = :token, claimed_at = :now",
                // "OR claim = :token": this very claim, landed once already and sent again by the SDK
                "attribute_exists(pk) AND expires > :now"
                        + " AND (attribute_not_exists(claimed_at) OR claimed_at <= :stale OR claim = :token)",
                Map.of(
                        ":token",
                        Items.s(token),
                        ":now",
                        Items.n(now.toEpochMilli()),
                        ":stale",
                        Items.n(now.minus(InFlight.LIMIT).toEpochMilli())));
    }

    /**
     * Gives the claim back (the commit did not land). A claim that is no longer ours (taken over
     * after it died, or the session gone) is left alone.
     */
    public void release(String drivePk, String id, String token) {
        update(drivePk, id, "REMOVE claim, claimed_at", "claim = :token", Map.of(":token", Items.s(token)));
    }

    /**
     * Notes, while {@code token} holds the claim, that the parts are assembled into the blob: from
     * now on the upload takes no parts and a commit commits that blob (S3 may no longer list parts).
     * False when the claim is no longer ours.
     */
    public boolean markAssembled(String drivePk, String id, String token) {
        return update(
                drivePk,
                id,
                "SET assembled = :yes",
                "claim = :token",
                Map.of(":token", Items.s(token), ":yes", AttributeValue.fromBool(true)));
    }

    /**
     * Ends the session after its commit, only while the claim is still {@code token}'s (else a dead
     * claim was taken over, and the new holder ends it).
     */
    public void finish(String drivePk, String id, String token) {
        delete(drivePk, id, "claim = :token", Map.of(":token", Items.s(token)));
    }

    /** One conditional update of the session item; false when its condition did not hold. */
    private boolean update(
            String drivePk, String id, String update, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Items.key(Tables.uploadsPk(drivePk), id))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notSo) {
            return false;
        }
    }

    /** One conditional delete of the session item; false when its condition did not hold. */
    private boolean delete(String drivePk, String id, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Items.key(Tables.uploadsPk(drivePk), id))
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notSo) {
            return false;
        }
    }

    /** What ending a session (abort, expiry) came to. */
    public enum Ending {
        ENDED,
        BUSY,
        GONE
    }

    /** Ends the session unless a live commit holds it. */
    public Ending end(String drivePk, String id, Instant now) {
        boolean ended = delete(
                drivePk,
                id,
                "attribute_exists(pk) AND (attribute_not_exists(claimed_at) OR claimed_at <= :stale)",
                Map.of(":stale", Items.n(now.minus(InFlight.LIMIT).toEpochMilli())));
        if (ended) return Ending.ENDED;
        return get(drivePk, id).isPresent() ? Ending.BUSY : Ending.GONE;
    }

    static boolean isWellFormed(String id) {
        return id != null && Ulid.isValid(id) && id.equals(id.toUpperCase(Locale.ROOT));
    }

    private static UploadSession fromItem(String drivePk, Map<String, AttributeValue> item) {
        return new UploadSession(
                Items.string(item, Attributes.SK),
                drivePk,
                Items.string(item, "name"),
                Items.string(item, Attributes.BLOB),
                Items.string(item, "s3_upload_id"),
                Optional.ofNullable(Items.string(item, Attributes.CONTENT_TYPE)),
                Instant.ofEpochMilli(Items.number(item, "created")),
                Instant.ofEpochMilli(Items.number(item, "expires")),
                Items.number(item, "part_size"),
                Items.optionalNumber(item, Attributes.SIZE),
                Items.bool(item, "assembled"));
    }
}
