package dev.cloudfiles.store.garbage;

import dev.cloudfiles.store.table.Attributes;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Work for the sweeper, each item due at a moment: a blob to delete unless the index points at it,
 * an upload session to end unless it is committed, or a move to settle. Items are spread over
 * {@link Tables#SWEEP_SHARDS} partitions by a hash of what they are about, and sorted by when they
 * are due, so one query per shard finds what is due and no tenant's writes share a hot partition.
 * Nothing here deletes anything; the {@code Sweeper} decides.
 */
public final class SweepQueue {
    /** What the sweeper is to look at. */
    public sealed interface Work {
        /** What the item is about: the same work recorded twice at the same moment is one item. */
        String ref();

        String kind();
    }

    /** Delete {@code blob} unless the index entry {@code name} of {@code drive} points at it. */
    public record BlobCheck(String blob, String drive, String name) implements Work {
        @Override
        public String ref() {
            return blob;
        }

        @Override
        public String kind() {
            return "b";
        }
    }

    /** End upload session {@code id} of {@code drive} unless a commit holds it: it has expired. */
    public record SessionExpiry(String drive, String id, String name, String blob, String s3UploadId) implements Work {
        @Override
        public String ref() {
            return drive + "/" + id;
        }

        @Override
        public String kind() {
            return "u";
        }
    }

    /**
     * Settle move {@code moveId} of {@code blob} from {@code from} to {@code to}, written before the
     * move marks anything and due once it can no longer commit: whatever a crash left of it is rolled
     * forward or back, and the move ends ({@code MovedNames}). For a move that finished, one read.
     */
    public record MoveCheck(String drive, String from, String to, String moveId, String blob) implements Work {
        @Override
        public String ref() {
            return moveId;
        }

        @Override
        public String kind() {
            return "m";
        }
    }

    /** One queued item. */
    public record Entry(int shard, String sortKey, Instant due, Work work) {}

    private static final int BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final BatchRetry retry;

    public SweepQueue(DynamoDbClient dynamo, String table) {
        this(dynamo, table, BatchRetry.DEFAULT);
    }

    public SweepQueue(DynamoDbClient dynamo, String table, BatchRetry retry) {
        this.dynamo = dynamo;
        this.table = table;
        this.retry = retry;
    }

    public static int shardOf(Work work) {
        return Math.floorMod(work.ref().hashCode(), Tables.SWEEP_SHARDS);
    }

    public void add(Work work, Instant due) {
        dynamo.putItem(b -> b.tableName(table).item(item(work, due)));
    }

    /**
     * Records many items, 25 to a batch write, retrying what DynamoDB leaves unprocessed as the
     * {@link BatchRetry} says; returns what could still not be written, for the caller's fallback.
     */
    public <W extends Work> List<W> addAll(List<W> works, Instant due) {
        List<WriteRequest> writes = new ArrayList<>();
        Map<Map<String, AttributeValue>, W> byItem = new HashMap<>();
        for (W work : works) {
            var item = item(work, due);
            byItem.put(item, work);
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        List<W> unwritten = new ArrayList<>();
        for (List<WriteRequest> rest : batchWrite(writes))
            rest.forEach(w -> unwritten.add(byItem.get(w.putRequest().item())));
        return unwritten;
    }

    /** Items of {@code shard} due at or before {@code now}, oldest first, at most {@code limit}. */
    public List<Entry> due(int shard, Instant now, int limit) {
        var response = dynamo.query(
                dueItems(shard, now).consistentRead(true).limit(limit).build());
        List<Entry> entries = new ArrayList<>();
        for (var item : response.items()) entries.add(fromItem(shard, item));
        return entries;
    }

    /**
     * How many items are due at {@code now}, counted up to {@code capPerShard} per shard: one
     * {@code Query} with {@code Select=COUNT} per shard (more only past 1 MB of items, ~5,000),
     * eventually consistent. What the sweeper left undone, for the {@code Backlog} metric: cheap
     * (half a read unit per 4 KB of items counted), so a growing backlog shows without a scan.
     */
    public long countDue(Instant now, int capPerShard) {
        long total = 0;
        for (int shard = 0; shard < Tables.SWEEP_SHARDS; shard++) {
            int count = 0;
            Map<String, AttributeValue> start = null;
            do {
                var request = dueItems(shard, now).select(Select.COUNT);
                if (start != null) request.exclusiveStartKey(start);
                var page = dynamo.query(request.build());
                count += page.count();
                start = page.lastEvaluatedKey() == null
                                || page.lastEvaluatedKey().isEmpty()
                        ? null
                        : page.lastEvaluatedKey();
            } while (start != null && count < capPerShard);
            total += Math.min(count, capPerShard);
        }
        return total;
    }

    /** The query of one shard's items due at or before {@code now}: sort keys start with the due time. */
    private QueryRequest.Builder dueItems(int shard, Instant now) {
        return QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk AND sk < :bound")
                .expressionAttributeValues(Map.of(
                        ":pk",
                        Items.s(Tables.sweepPk(shard)),
                        ":bound",
                        Items.s(String.format("%013d", now.toEpochMilli() + 1))));
    }

    public void remove(Entry entry) {
        dynamo.deleteItem(b -> b.tableName(table).key(Items.key(Tables.sweepPk(entry.shard()), entry.sortKey())));
    }

    /** Removes many items; returns how many could not be removed (they are looked at again: harmless). */
    public int removeAll(List<Entry> entries) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (Entry e : entries) {
            deletes.add(WriteRequest.builder()
                    .deleteRequest(d -> d.key(Items.key(Tables.sweepPk(e.shard()), e.sortKey())))
                    .build());
        }
        return batchWrite(deletes).stream().mapToInt(List::size).sum();
    }

    /** Writes in batches of 25; returns, per batch, what stayed unprocessed after the retries. */
    private List<List<WriteRequest>> batchWrite(List<WriteRequest> writes) {
        List<List<WriteRequest>> left = new ArrayList<>();
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<WriteRequest> pending = writes.subList(from, Math.min(writes.size(), from + BATCH));
            List<WriteRequest> rest = Items.batchWrite(dynamo, retry, table, pending);
            if (!rest.isEmpty()) left.add(rest);
        }
        return left;
    }

    private Map<String, AttributeValue> item(Work work, Instant due) {
        int shard = shardOf(work);
        Map<String, AttributeValue> item = new HashMap<>(Items.key(
                Tables.sweepPk(shard), String.format("%013d#%s#%s", due.toEpochMilli(), work.kind(), work.ref())));
        item.put("due", Items.n(due.toEpochMilli()));
        if (work instanceof BlobCheck b) {
            item.put(Attributes.BLOB, Items.s(b.blob()));
            item.put("drive", Items.s(b.drive()));
            item.put("name", Items.s(b.name()));
        } else if (work instanceof MoveCheck m) {
            item.put("drive", Items.s(m.drive()));
            item.put("from_name", Items.s(m.from()));
            item.put("to_name", Items.s(m.to()));
            item.put("move_id", Items.s(m.moveId()));
            item.put(Attributes.BLOB, Items.s(m.blob()));
        } else if (work instanceof SessionExpiry s) {
            item.put("drive", Items.s(s.drive()));
            item.put("upload", Items.s(s.id()));
            item.put("name", Items.s(s.name()));
            item.put(Attributes.BLOB, Items.s(s.blob()));
            item.put("s3_upload_id", Items.s(s.s3UploadId()));
        }
        return item;
    }

    private static Entry fromItem(int shard, Map<String, AttributeValue> item) {
        String sk = Items.string(item, Attributes.SK);
        Work work = Items.string(item, "move_id") != null
                ? new MoveCheck(
                        Items.string(item, "drive"),
                        Items.string(item, "from_name"),
                        Items.string(item, "to_name"),
                        Items.string(item, "move_id"),
                        Items.string(item, Attributes.BLOB))
                : Items.string(item, "upload") != null
                        ? new SessionExpiry(
                                Items.string(item, "drive"),
                                Items.string(item, "upload"),
                                Items.string(item, "name"),
                                Items.string(item, Attributes.BLOB),
                                Items.string(item, "s3_upload_id"))
                        : new BlobCheck(
                                Items.string(item, Attributes.BLOB),
                                Items.string(item, "drive"),
                                Items.string(item, "name"));
        return new Entry(shard, sk, Instant.ofEpochMilli(Items.number(item, "due")), work);
    }
}
