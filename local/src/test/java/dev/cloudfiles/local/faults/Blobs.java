package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** What the store holds, read straight from the emulators: the ground truth of the invariant. */
final class Blobs {
    private final LocalStackExtension stack;

    Blobs(LocalStackExtension stack) {
        this.stack = stack;
    }

    List<String> all() {
        List<String> keys = new ArrayList<>();
        for (var page : stack.clients()
                .s3()
                .listObjectsV2Paginator(b -> b.bucket(stack.config().bucket()))) {
            page.contents().forEach(o -> keys.add(o.key()));
        }
        return keys;
    }

    boolean exists(String blob) {
        try {
            stack.clients()
                    .s3()
                    .headObject(b -> b.bucket(stack.config().bucket()).key(blob));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The blob the index points at for this name, or null. */
    String current(String drivePk, String name) {
        var item = stack.clients()
                .dynamo()
                .getItem(b -> b.tableName(stack.config().table())
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(drivePk), "sk", AttributeValue.fromS(name))))
                .item();
        return item == null || item.isEmpty() ? null : item.get("blob").s();
    }

    /** Every index entry of the drive points at bytes that exist. */
    void assertNoDanglingEntries(String drivePk) {
        var items = stack.clients()
                .dynamo()
                .query(b -> b.tableName(stack.config().table())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(drivePk)))
                        .consistentRead(true))
                .items();
        for (var item : items) {
            assertThat(exists(item.get("blob").s()))
                    .as("blob of index entry %s", item.get("sk").s())
                    .isTrue();
        }
    }

    /**
     * Every blob in the bucket is the current version of some file — the name its metadata names, or
     * (a moved blob) a name of its moved-names item: nothing is left over.
     */
    void assertNoOrphans() {
        for (String key : all()) {
            var meta = stack.clients()
                    .s3()
                    .headObject(b -> b.bucket(stack.config().bucket()).key(key))
                    .metadata();
            assertThat(meta)
                    .as("object %s is a blob of Cloud Files (no marker left behind)", key)
                    .containsKey("cf-name");
            String name = new String(Base64.getUrlDecoder().decode(meta.get("cf-name")), StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>(List.of(name));
            names.addAll(movedNames(key));
            assertThat(names.stream().map(n -> current(meta.get("cf-drive"), n)))
                    .as("blob %s (%s, moved between %s) is referenced", key, name, movedNames(key))
                    .contains(key);
        }
    }

    /** The names a blob was moved between, from its moved-names item (empty if it never moved). */
    List<String> movedNames(String blob) {
        var item = stack.clients()
                .dynamo()
                .getItem(b -> b.tableName(stack.config().table())
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS(Tables.MOVED_PREFIX + blob),
                                "sk", AttributeValue.fromS("#moved"))))
                .item();
        return item == null || !item.containsKey("names")
                ? List.of()
                : item.get("names").ss();
    }

    /**
     * Nothing a move leaves behind outlives it: no entry of the drive carries a move's marks, and
     * every moved-names item belongs to a blob that still exists and has no move in flight.
     */
    void assertMovesSettled(String drivePk) {
        var items = stack.clients()
                .dynamo()
                .query(b -> b.tableName(stack.config().table())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(drivePk)))
                        .consistentRead(true))
                .items();
        for (var item : items) {
            assertThat(item.keySet())
                    .as("entry %s carries no move's marks", item.get("sk").s())
                    .doesNotContain("moving_to", "move_id", "move_in", "moved_from");
        }
        var moved = stack.clients()
                .dynamo()
                .scan(b -> b.tableName(stack.config().table())
                        .filterExpression("begins_with(pk, :p)")
                        .expressionAttributeValues(
                                Map.of(":p", AttributeValue.fromS(Tables.MOVED_PREFIX + drivePk + "/"))))
                .items();
        for (var item : moved) {
            String blob = item.get("pk").s().substring(Tables.MOVED_PREFIX.length());
            assertThat(exists(blob))
                    .as("moved-names item of %s belongs to a blob that exists", blob)
                    .isTrue();
            assertThat(item.containsKey("inflight")
                            && !item.get("inflight").ss().isEmpty())
                    .as("moves of %s in flight", blob)
                    .isFalse();
        }
    }

    /**
     * Runs the sweeper to completion: moves the clock a day on and sweeps, again and again, until
     * a run finds nothing to do (whatever became due because of the run before is done too).
     */
    void settle(MutableClock clock) {
        for (int round = 0; round < 10; round++) {
            clock.advance(Duration.ofDays(1));
            Sweeper.Report report = stack.app().sweeper().sweep();
            while (report.more()) report = stack.app().sweeper().sweep();
            if (report.blobsDeleted()
                            + report.blobsKept()
                            + report.sessionsExpired()
                            + report.deferred()
                            + report.rechecked()
                            + report.orphansFound()
                    == 0) {
                assertThat(report.failures()).as("sweeper failures").isZero();
                return;
            }
        }
        throw new AssertionError("the sweeper did not settle in ten rounds");
    }

    /**
     * What a reader gets for {@code name} through the store: its bytes, null when no entry exists,
     * or a marker when the entry points at missing bytes (the broken invariant, shown in an assertion).
     */
    byte[] read(Drive drive, String name) throws IOException {
        var files = stack.app().files();
        var file = files.head(drive, FileName.of(name));
        if (file.isEmpty()) return null;
        var in = files.open(file.get(), Optional.empty());
        if (in.isEmpty()) return "<<index entry points at missing bytes>>".getBytes(StandardCharsets.UTF_8);
        try (var stream = in.get()) {
            return stream.readAllBytes();
        }
    }

    /** Upload session items the drive still has, expired or not. */
    int sessionItems(String drivePk) {
        return stack.clients()
                .dynamo()
                .query(b -> b.tableName(stack.config().table())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Tables.uploadsPk(drivePk))))
                        .consistentRead(true))
                .count();
    }

    /** Multipart uploads S3 still holds open. */
    int openMultipartUploads() {
        return stack.clients()
                .s3()
                .listMultipartUploads(b -> b.bucket(stack.config().bucket()))
                .uploads()
                .size();
    }
}
