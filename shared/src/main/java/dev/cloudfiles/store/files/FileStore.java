package dev.cloudfiles.store.files;

import dev.cloudfiles.log.Telemetry;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.DigestMismatchException;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.TooLateException;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.blobs.Sha256;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.garbage.Garbage;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileIndex;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.ListPage;
import dev.cloudfiles.store.index.ListQuery;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.moves.Moves;
import dev.cloudfiles.store.table.InFlight;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
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
    private final Garbage garbage;
    private final Moves moves;
    private final Clock clock;

    public FileStore(BlobStore blobs, FileIndex index, Garbage garbage, Moves moves, Clock clock) {
        this.blobs = blobs;
        this.index = index;
        this.garbage = garbage;
        this.moves = moves;
        this.clock = clock;
    }

    /** Stores {@code content} as {@code name}, with no digest declared by the sender: see below. */
    public FileRecord put(Drive drive, FileName name, byte[] content, String contentType, Precondition precondition) {
        return put(drive, name, content, contentType, precondition, Optional.empty());
    }

    /**
     * Stores {@code content} as {@code name}, replacing any previous version (subject to the
     * precondition), with its SHA-256. When the sender declared a SHA-256 ({@code expectedSha256})
     * and the bytes have another, nothing is written: {@link DigestMismatchException}.
     */
    public FileRecord put(
            Drive drive,
            FileName name,
            byte[] content,
            String contentType,
            Precondition precondition,
            Optional<byte[]> expectedSha256) {
        byte[] sha256 = Sha256.of(content); // before any write: a mismatch leaves nothing behind
        DigestMismatchException.check(expectedSha256, sha256, "the body");
        String blob = blobs.newKey(drive);
        Instant began = BlobStore.began(blob).orElseThrow();
        String etag = blobs.put(blob, drive, name.value(), content);
        return land(
                drive,
                new FileRecord(name.value(), content.length, contentType, etag, now(), blob, 0, Sha256.hex(sha256)),
                precondition,
                began);
    }

    /**
     * Moves {@code from} to {@code to} without copying a byte ({@link Moves}): {@code IfAbsent} applies
     * to the target, {@code IfMatch} to the source. Empty when the source does not exist.
     */
    public Optional<FileRecord> move(Drive drive, FileName from, FileName to, Precondition precondition) {
        return moves.move(drive, from, to, precondition);
    }

    /**
     * Copies {@code from} to {@code to} without copying a byte ({@link Moves}): the target points at
     * the source's blob, shared until neither name does. {@code IfAbsent} applies to the target,
     * {@code IfMatch} to the source. Empty when the source does not exist.
     */
    public Optional<FileRecord> copy(Drive drive, FileName from, FileName to, Precondition precondition) {
        return moves.copy(drive, from, to, precondition);
    }

    /** Points the index at a freshly written blob; a refused or failed write hands the blob to the sweeper. */
    private FileRecord land(Drive drive, FileRecord file, Precondition precondition, Instant began) {
        FileName name = FileName.of(file.name());
        String blob = file.blob();
        try {
            return write(drive, file, precondition, began);
        } catch (PreconditionFailedException refused) {
            // Refused, unless an earlier try of this very write landed (the index write's conditions
            // let a retry of it through; this read makes sure): then it is done, not refused.
            Optional<FileRecord> landed =
                    index.get(drive, name).filter(f -> f.blob().equals(blob));
            if (landed.isPresent()) return landed.get();
            // Not ours now; but a lost answer may have made it visible for a moment (and another
            // write replaced it since), so it is garbage like any other, not deleted at once.
            garbage.recordFailedWrite(check(drive, file), began);
            throw refused;
        } catch (RuntimeException e) {
            // The write may still have happened (a lost answer): the sweeper checks the index
            // before it deletes anything, and looks only once the write can no longer land.
            garbage.recordFailedWrite(check(drive, file), began);
            throw e;
        }
    }

    /**
     * Points the index at the completed blob of an upload whose commit claimed its session at
     * {@code claimed}. A failure records nothing: the blob stays the session's until it ends.
     */
    @Internal
    public FileRecord commitUpload(Drive drive, FileRecord file, Precondition precondition, Instant claimed) {
        return write(drive, file, precondition, claimed);
    }

    /** The one index write of every commit; the version it replaced becomes garbage. */
    private FileRecord write(Drive drive, FileRecord file, Precondition precondition, Instant began) {
        if (!InFlight.mayStillWrite(began, clock.instant())) throw new TooLateException();
        FileIndex.Written written = index.write(drive, file, precondition);
        written.previous()
                .filter(old -> !old.blob().equals(file.blob())) // a repeated commit of the same upload
                .ifPresent(old -> garbage.record(List.of(check(drive, old))));
        return written.file();
    }

    private static SweepQueue.BlobCheck check(Drive drive, FileRecord file) {
        return new SweepQueue.BlobCheck(file.blob(), drive.partitionKey(), file.name());
    }

    /** The current version, read strongly consistent. */
    public Optional<FileRecord> head(Drive drive, FileName name) {
        return index.get(drive, name);
    }

    /** The bytes of a file version, or empty when its blob vanished under the reader. */
    public Optional<ResponseInputStream<GetObjectResponse>> open(FileRecord file, Optional<String> range) {
        return blobs.open(file.blob(), range);
    }

    /** A short-lived URL that reads exactly this version's bytes, with its content type and this disposition. */
    public Signing.Presigned presignGet(FileRecord file, Signing.Window window, String contentDisposition) {
        return blobs.presignGet(file.blob(), window, file.contentType(), contentDisposition);
    }

    /** What deleting one of many names came to: done (or never there), or failed with this exception. */
    public record Deletion(FileName name, Optional<RuntimeException> failure) {}

    /**
     * Deletes many names: the index entries a few at a time, then their blobs recorded as garbage
     * in batches. Each name succeeds or fails on its own; a file is always fully present or fully
     * gone, and the removed blobs are handed to the sweeper as garbage.
     */
    public List<Deletion> deleteAll(Drive drive, List<FileName> names) {
        return deleteAll(drive, names, Map.of());
    }

    /**
     * As above; a name in {@code ifMatch} is deleted only while its ETag is the one given (else its
     * deletion fails with {@link PreconditionFailedException} and the file is kept).
     */
    public List<Deletion> deleteAll(Drive drive, List<FileName> names, Map<FileName, String> ifMatch) {
        // The first name is deleted on this thread, the others on the pool meanwhile: a delete of
        // one name (the common case) hands nothing to another thread and waits for no wake-up.
        List<Future<Optional<FileRecord>>> pending = new ArrayList<>(names.size());
        FutureTask<Optional<FileRecord>> first = null;
        for (FileName name : names) {
            Callable<Optional<FileRecord>> delete =
                    () -> index.delete(drive, name, Optional.ofNullable(ifMatch.get(name)));
            if (first == null) {
                first = new FutureTask<>(delete);
                pending.add(first);
            } else {
                pending.add(DELETERS.submit(delete));
            }
        }
        if (first != null) first.run();
        List<Deletion> outcomes = new ArrayList<>(names.size());
        List<FileRecord> removed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                pending.get(i).get().ifPresent(removed::add);
                outcomes.add(new Deletion(names.get(i), Optional.empty()));
            } catch (ExecutionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                outcomes.add(new Deletion(names.get(i), Optional.of(cause)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting", e);
            }
        }
        garbage.record(removed.stream().map(f -> check(drive, f)).toList());
        return outcomes;
    }

    /** Index deletes in flight at once: DynamoDB round trips dominate a delete of many names. */
    private static final ExecutorService DELETERS = Telemetry.carriedBy(Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "cloudfiles-delete");
        t.setDaemon(true);
        return t;
    }));

    public ListPage list(Drive drive, ListQuery query) {
        return index.list(drive, query);
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
