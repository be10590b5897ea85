package dev.cloudfiles.store;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Files: bytes in S3, names in DynamoDB, and the invariant that holds them together — no index
 * entry ever points at missing bytes. Bytes are written first under a fresh key, then the index is
 * pointed at them in one conditional write; replaced and deleted bytes become garbage, deleted
 * later by the sweeper. A crash between any two steps leaves only unreferenced blobs.
 */
public final class FileStore {
    private final BlobStore blobs;
    private final FileIndex index;
    private final GarbageLog garbage;
    private final Clock clock;

    public FileStore(BlobStore blobs, FileIndex index, GarbageLog garbage, Clock clock) {
        this.blobs = blobs;
        this.index = index;
        this.garbage = garbage;
        this.clock = clock;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public FileIndex index() {
        return index;
    }

    /** Stores {@code content} as {@code name}, replacing any previous version (subject to the precondition). */
    public FileRecord put(Drive drive, FileName name, byte[] content, String contentType, Precondition precondition) {
        String blob = blobs.newKey(drive);
        String etag = blobs.put(blob, drive, name.value(), content);
        return commit(drive, new FileRecord(name.value(), content.length, contentType, etag, now(), blob, 0), precondition,
                Optional.empty());
    }

    /**
     * Points the index at a blob that is already complete in S3 (an inline put or a finished
     * multipart upload). The old version's blob becomes garbage; so does the new one if the write fails.
     */
    public FileRecord commit(Drive drive, FileRecord file, Precondition precondition, Optional<String> upload) {
        FileIndex.Written written;
        try {
            written = index.write(drive, file, precondition);
        } catch (RuntimeException e) {
            // The write may still have happened (a lost answer): the sweeper checks the index
            // before it deletes anything, so recording the blob here is always safe.
            recordGarbage(file.blob(), drive, file.name(), upload, e);
            throw e;
        }
        written.previous().ifPresent(old -> recordGarbage(old.blob(), drive, old.name(), Optional.empty(), null));
        return written.file();
    }

    /** The current version, read strongly consistent. */
    public Optional<FileRecord> head(Drive drive, FileName name) {
        return index.get(drive, name);
    }

    /** The bytes of a file version, or empty when its blob vanished under the reader. */
    public Optional<ResponseInputStream<GetObjectResponse>> open(FileRecord file, Optional<String> range) {
        return blobs.open(file.blob(), range);
    }

    /** What deleting one of many names came to: done (or never there), or failed with this exception. */
    public record Deletion(FileName name, Optional<RuntimeException> failure) {}

    /**
     * Deletes many names: the index entries a few at a time, then their blobs recorded as garbage
     * in batches. Each name succeeds or fails on its own; a file is always fully present or fully
     * gone, and an unrecorded blob is an orphan that the sweeper finds.
     */
    public List<Deletion> deleteAll(Drive drive, List<FileName> names) {
        List<Future<Optional<FileRecord>>> pending = new ArrayList<>(names.size());
        for (FileName name : names) pending.add(DELETERS.submit(() -> index.delete(drive, name)));
        List<Deletion> outcomes = new ArrayList<>(names.size());
        List<FileRecord> removed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                pending.get(i).get().ifPresent(removed::add);
                outcomes.add(new Deletion(names.get(i), Optional.empty()));
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                outcomes.add(new Deletion(names.get(i), Optional.of(cause)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting", e);
            }
        }
        try {
            garbage.addAll(drive.partitionKey(), removed);
        } catch (RuntimeException e) {
            // unrecorded blobs are orphans: the sweeper's scan deletes them later
        }
        return outcomes;
    }

    /** Index deletes in flight at once: DynamoDB round trips dominate a delete of many names. */
    private static final ExecutorService DELETERS = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "cloudfiles-delete");
        t.setDaemon(true);
        return t;
    });

    public ListPage list(Drive drive, ListQuery query) {
        return index.list(drive, query);
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    void recordGarbage(String blob, Drive drive, String name, Optional<String> upload, RuntimeException cause) {
        try {
            garbage.add(blob, drive.partitionKey(), name, upload);
        } catch (RuntimeException e) {
            // An unrecorded blob is an orphan; the sweeper's orphan scan finds it. Never let the
            // bookkeeping hide the real outcome of the request.
            if (cause != null) cause.addSuppressed(e);
        }
    }
}
