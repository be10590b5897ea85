package dev.cloudfiles.store;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deletes what no file needs any more, in bounded steps, idempotently:
 * <ol>
 * <li>garbage blobs older than the presigned-URL lifetime (no URL handed out can reach them),
 *     unless the index points at them after all or their upload may still be committed;</li>
 * <li>upload sessions past their expiry: the S3 multipart upload is aborted, a completed blob
 *     becomes garbage;</li>
 * <li>orphans: blobs older than the grace period that no index entry points at (left by a crash
 *     between writing bytes and recording them), found by a scan that resumes where it stopped.</li>
 * </ol>
 * Before anything is deleted, the index is read: a blob that an entry points at is never deleted.
 */
public final class Sweeper {
    static final String CURSOR_PK = "#sweeper";
    static final String CURSOR_SK = "orphan-cursor";

    /** What one run did. {@code more} says a limit was reached and another run has work left. */
    public record Report(int garbageDeleted, int garbageKept, int garbageDeferred, int sessionsExpired,
                         int objectsScanned, int orphansDeleted, boolean more) {}

    private final S3Client s3;
    private final String bucket;
    private final DynamoDbClient dynamo;
    private final String table;
    private final FileIndex index;
    private final UploadSessions sessions;
    private final Multipart multipart;
    private final GarbageLog garbage;
    private final Clock clock;
    private final Duration garbageAge;
    private final Duration sessionTtl;
    private final Duration orphanGrace;
    private final int batch;

    public Sweeper(S3Client s3, String bucket, DynamoDbClient dynamo, String table, Multipart multipart, GarbageLog garbage,
                   Clock clock, Duration garbageAge, Duration sessionTtl, int batch) {
        this.s3 = s3;
        this.bucket = bucket;
        this.dynamo = dynamo;
        this.table = table;
        this.index = new FileIndex(dynamo, table);
        this.sessions = new UploadSessions(dynamo, table);
        this.multipart = multipart;
        this.garbage = garbage;
        this.clock = clock;
        this.garbageAge = garbageAge;
        this.sessionTtl = sessionTtl;
        // A completed but uncommitted blob may still be committed while its session lives.
        this.orphanGrace = sessionTtl.plus(Duration.ofHours(1));
        this.batch = batch;
    }

    public Report sweep() {
        Instant now = clock.instant();
        int expired = expireSessions(now);
        int[] g = collectGarbage(now);
        int[] o = findOrphans(now);
        boolean more = expired == batch || g[0] + g[1] + g[2] == batch || o[2] == 1;
        return new Report(g[0], g[1], g[2], expired, o[0], o[1], more);
    }

    private int expireSessions(Instant now) {
        var expired = sessions.createdBefore(now.minus(sessionTtl), batch);
        for (UploadSession s : expired) {
            multipart.abort(s.blob(), s.s3UploadId());
            garbage.add(s.blob(), s.drive(), s.name(), Optional.empty());
            sessions.delete(s.id());
        }
        return expired.size();
    }

    /** Returns {deleted, kept (referenced), deferred (upload may still commit)}. */
    private int[] collectGarbage(Instant now) {
        int deleted = 0;
        int kept = 0;
        int deferred = 0;
        for (GarbageLog.Entry entry : garbage.recordedBefore(now.minus(garbageAge), batch)) {
            if (entry.upload().isPresent() && sessions.get(entry.upload().get()).isPresent()) {
                // Its session still lives: a retried commit may yet point the index at it. Re-record
                // it at the back of the queue, so deferred entries never block the ones behind them.
                garbage.add(entry.blob(), entry.drive(), entry.name(), entry.upload());
                garbage.remove(entry);
                deferred++;
                continue;
            }
            if (!referenced(entry.drive(), entry.name(), entry.blob())) {
                multipart.deleteBlob(entry.blob());
                deleted++;
            } else {
                kept++;
            }
            garbage.remove(entry);
        }
        return new int[] {deleted, kept, deferred};
    }

    /** Returns {scanned, deleted, more (1/0)}; resumes after the key where the last run stopped. */
    private int[] findOrphans(Instant now) {
        String cursor = readCursor();
        var page = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(batch).startAfter(cursor.isEmpty() ? null : cursor));
        int deleted = 0;
        String last = cursor;
        for (S3Object object : page.contents()) {
            last = object.key();
            if (object.lastModified().isAfter(now.minus(orphanGrace))) continue;
            if (isOrphan(object.key())) {
                multipart.deleteBlob(object.key());
                deleted++;
            }
        }
        boolean more = Boolean.TRUE.equals(page.isTruncated());
        writeCursor(more ? last : "");
        return new int[] {page.contents().size(), deleted, more ? 1 : 0};
    }

    private boolean isOrphan(String key) {
        Map<String, String> meta = multipart.metadata(key).orElse(null);
        if (meta == null) return false; // gone already
        String drive = meta.get(BlobStore.META_DRIVE);
        String encodedName = meta.get(BlobStore.META_NAME);
        if (drive == null || encodedName == null) return false; // not written by Cloud Files: leave it
        String name = new String(Base64.getUrlDecoder().decode(encodedName), StandardCharsets.UTF_8);
        return !referenced(drive, name, key);
    }

    private boolean referenced(String drivePk, String name, String blob) {
        int slash = drivePk.indexOf('/');
        if (slash < 0 || !FileName.isValid(name)) return false;
        Drive drive = Drive.of(drivePk.substring(0, slash), drivePk.substring(slash + 1));
        return index.get(drive, FileName.of(name)).map(f -> f.blob().equals(blob)).orElse(false);
    }

    private String readCursor() {
        var item = dynamo.getItem(b -> b.tableName(table).key(Items.key(CURSOR_PK, CURSOR_SK)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? "" : Optional.ofNullable(Items.string(item, "after")).orElse("");
    }

    private void writeCursor(String after) {
        if (after.isEmpty()) {
            dynamo.deleteItem(b -> b.tableName(table).key(Items.key(CURSOR_PK, CURSOR_SK)));
            return;
        }
        Map<String, AttributeValue> item = new java.util.HashMap<>(Items.key(CURSOR_PK, CURSOR_SK));
        item.put("after", Items.s(after));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }
}
