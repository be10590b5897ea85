package dev.cloudfiles.store.uploads;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.DigestMismatchException;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.blobs.Multipart;
import dev.cloudfiles.store.blobs.Quirks;
import dev.cloudfiles.store.blobs.Sha256;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.garbage.Garbage;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.Precondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Large files in parts: an upload session is an S3 multipart upload of a fresh blob plus a session
 * item. Committing completes the blob and then points the index at it exactly as an inline put
 * does, so the invariant of {@link FileStore} holds for every size. Commit, abort and expiry
 * exclude each other through the session's state ({@link UploadSessions}); docs/architecture.md
 * › "Uploads" walks through the protocol and what each crash leaves behind.
 */
public final class Uploads {
    /** S3: every part but the last is at least 5 MiB; part numbers run 1 to 10,000. */
    public static final long MIN_PART_BYTES = PartLayout.MIN_PART_BYTES;

    public static final int MAX_PARTS = 10_000;
    /** Presigned uploads: parts of at least 8 MiB, and few enough URLs to fit one Lambda answer. */
    public static final long MIN_PRESIGNED_PART_BYTES = 8L * 1024 * 1024;
    /** 1,024 parts of S3's largest part size make S3's largest object, 5 TiB. */
    public static final int MAX_PRESIGNED_URLS = 1_024;

    public static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
    public static final long MAX_FILE_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

    /** How an upload is sent: its declared size and, for presigned uploads, its part size. */
    public record Declared(Optional<Long> size, boolean presigned) {
        public static final Declared NOTHING = new Declared(Optional.empty(), false);
    }

    private final Multipart multipart;
    private final UploadSessions sessions;
    private final BlobStore blobs;
    private final FileStore files;
    private final SweepQueue queue;
    private final Garbage garbage;
    private final Clock clock;
    private final Duration sessionTtl;
    private final int maxOpenPerDrive;

    public Uploads(
            Multipart multipart,
            UploadSessions sessions,
            BlobStore blobs,
            FileStore files,
            SweepQueue queue,
            Garbage garbage,
            Clock clock,
            Duration sessionTtl,
            int maxOpenPerDrive) {
        this.multipart = multipart;
        this.sessions = sessions;
        this.blobs = blobs;
        this.files = files;
        this.queue = queue;
        this.garbage = garbage;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.maxOpenPerDrive = maxOpenPerDrive;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Starts an upload of {@code name}. Its expiry is queued for the sweeper before anything exists
     * that could outlive a crash; a failed start aborts the S3 upload it began.
     */
    public UploadSession start(Drive drive, FileName name, Optional<String> contentType, Declared declared) {
        Instant now = now();
        int open = sessions.countOpen(drive.partitionKey(), now, maxOpenPerDrive);
        // How near the drive is to its bound, for the alarm on OpenUploadsInDrive (Maximum).
        dev.cloudfiles.log.Telemetry.max(dev.cloudfiles.log.Metrics.OPEN_UPLOADS_IN_DRIVE, open);
        if (open >= maxOpenPerDrive) {
            throw new UploadException(
                    UploadException.Kind.TOO_MANY,
                    "this drive has " + maxOpenPerDrive
                            + " open uploads, the most it may have: commit or abort one, or wait for them to expire");
        }
        String id = UploadSessions.newId(now);
        String blob = BlobStore.uploadKey(drive, id);
        long partSize = declared.presigned() ? partSizeFor(declared.size().orElseThrow()) : 0;
        String s3Upload = multipart.start(blob, drive, name.value());
        UploadSession session = new UploadSession(
                id,
                drive.partitionKey(),
                name.value(),
                blob,
                s3Upload,
                contentType,
                now,
                now.plus(sessionTtl),
                partSize,
                declared.size(),
                false);
        try {
            queue.add(
                    new SweepQueue.SessionExpiry(drive.partitionKey(), id, name.value(), blob, s3Upload),
                    session.expires());
            sessions.create(session);
        } catch (RuntimeException e) {
            try {
                sessions.end(drive.partitionKey(), id, now); // the create may have landed, its answer lost
                multipart.abort(blob, s3Upload);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed); // the expiry entry, or the bucket's lifecycle rule, ends it
            }
            throw e;
        }
        return session;
    }

    /** The part size for a presigned upload of {@code size} bytes: at least 8 MiB, whole MiB, at most 1,024 parts. */
    public static long partSizeFor(long size) {
        long mib = 1024L * 1024;
        long needed = (size + MAX_PRESIGNED_URLS - 1) / MAX_PRESIGNED_URLS;
        long rounded = (needed + mib - 1) / mib * mib;
        return Math.min(MAX_PART_BYTES, Math.max(MIN_PRESIGNED_PART_BYTES, rounded));
    }

    /** How many parts of {@code partSize} bytes (the last may be shorter) make {@code size} bytes. */
    public static int partCount(long size, long partSize) {
        return PartLayout.partCount(size, partSize);
    }

    /**
     * A URL for part {@code part} of a presigned upload, bound to that part's exact length and, when
     * the client declared it, to the part's MD5 ({@code Content-MD5}, base64): S3 then refuses bytes
     * with another MD5, so a part changed on the way never lands.
     */
    public Signing.Presigned presignPart(
            UploadSession session, int part, Signing.Window window, Optional<String> contentMd5) {
        return multipart.presignPart(
                session.blob(), session.s3UploadId(), part, session.presignedPartLength(part), window, contentMd5);
    }

    /**
     * The live session {@code id} of this drive for this name. An unknown, expired or finished
     * upload, or another drive's, is "not found": nothing tells a stranger that it exists.
     */
    public UploadSession find(Drive drive, String id, FileName name) {
        UploadSession session = sessions.get(drive.partitionKey(), id)
                .filter(s -> !s.expiredAt(now()))
                .orElseThrow(Uploads::notFound);
        if (!session.name().equals(name.value())) {
            throw new UploadException(
                    UploadException.Kind.INVALID, "name does not match the name this upload was started with");
        }
        return session;
    }

    /** The drive's open uploads (live, not finished), oldest first: at most about the drive's bound. */
    public List<UploadSession> open(Drive drive) {
        return sessions.listOpen(drive.partitionKey(), now());
    }

    /**
     * The parts S3 holds for this upload, in part order, whether they came through the API or a
     * presigned URL. Empty for an upload whose parts a commit already assembled; an upload whose S3
     * upload is gone otherwise (aborted or finished meanwhile) is "not found".
     */
    public List<Multipart.Part> receivedParts(UploadSession session) {
        if (session.assembled()) return List.of();
        return multipart.parts(session.blob(), session.s3UploadId()).orElseThrow(Uploads::notFound);
    }

    /** Stores part {@code part} through the API, with no digest declared by the sender. */
    public void uploadPart(UploadSession session, int part, byte[] bytes, Optional<String> contentType) {
        uploadPart(session, part, bytes, contentType, Optional.empty());
    }

    /**
     * Stores part {@code part} through the API. A part whose sender declared its SHA-256 is checked
     * first: one changed on the way is refused ({@link DigestMismatchException}) and not stored.
     */
    public void uploadPart(
            UploadSession session,
            int part,
            byte[] bytes,
            Optional<String> contentType,
            Optional<byte[]> expectedSha256) {
        if (part < 1 || part > MAX_PARTS) {
            throw new UploadException(UploadException.Kind.INVALID, "part must be a number from 1 to " + MAX_PARTS);
        }
        if (expectedSha256.isPresent()) DigestMismatchException.check(expectedSha256, Sha256.of(bytes), "part " + part);
        if (session.assembled()) throw assembled();
        try {
            multipart.upload(session.blob(), session.s3UploadId(), part, bytes);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (!Quirks.isNoSuchUpload(e)) throw e;
            // An earlier commit assembled the parts (and then failed), or it was aborted.
            throw assembled();
        }
        if (session.contentType().isEmpty())
            contentType.ifPresent(ct -> sessions.offerContentType(session.drive(), session.id(), ct));
    }

    /**
     * Completes the blob from the parts S3 holds, checked against what the upload declared, and
     * commits it as the file's new version, while this commit alone holds the session. A commit
     * that failed (precondition, outage, lost answer) can be sent again: the session stays open and
     * an already completed blob is found and committed.
     */
    public FileRecord commit(Drive drive, UploadSession session, Precondition precondition, String guessedType) {
        String token = UUID.randomUUID().toString();
        Instant claimed = now();
        if (!sessions.claim(drive.partitionKey(), session.id(), token, claimed)) throw busyOrGone(drive, session.id());
        FileRecord committed;
        try {
            Assembled blob = assemble(drive, session);
            if (!session.assembled() && !sessions.markAssembled(drive.partitionKey(), session.id(), token)) {
                throw busyOrGone(drive, session.id()); // our claim died and was taken over, or the session ended
            }
            FileRecord file = new FileRecord(
                    session.name(),
                    blob.size(),
                    session.contentType().orElse(guessedType),
                    blob.etag(),
                    now(),
                    session.blob(),
                    0,
                    null); // the service never sees an assembled file's bytes whole
            committed = files.commitUpload(drive, file, precondition, claimed);
        } catch (RuntimeException e) {
            try {
                sessions.release(drive.partitionKey(), session.id(), token);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed); // the claim dies on its own after InFlight.LIMIT
            }
            throw e;
        }
        try {
            sessions.finish(drive.partitionKey(), session.id(), token);
        } catch (RuntimeException e) {
            // The session lives on until it expires; the sweeper then finds its blob referenced and keeps it.
            dev.cloudfiles.log.JsonLog.warn(
                    "a committed upload's session could not be ended; it expires instead", session.blob(), e);
        }
        return committed;
    }

    /** A complete blob: its size and S3's ETag. */
    private record Assembled(long size, String etag) {}

    /**
     * Makes the session's blob complete. The parts are checked first, so a refused commit changes
     * nothing. An upload with no parts left may have been assembled by an earlier commit whose
     * answer was lost or whose precondition failed: then its blob exists and is checked again.
     */
    private Assembled assemble(Drive drive, UploadSession session) {
        Optional<List<Multipart.Part>> parts =
                session.assembled() ? Optional.empty() : multipart.parts(session.blob(), session.s3UploadId());
        Optional<BlobStore.Head> done =
                parts.isEmpty() || parts.get().isEmpty() ? blobs.head(session.blob()) : Optional.empty();
        if (done.isPresent()) {
            BlobStore.Head head = done.get();
            if (session.size().isPresent() && head.size() != session.size().get()) {
                throw new UploadException(
                        UploadException.Kind.INCOMPLETE,
                        "the assembled file is " + head.size() + " bytes, but this upload was started with size="
                                + session.size().get());
            }
            return new Assembled(head.size(), head.etag());
        }
        if (parts.isEmpty()) throw notFound();
        long size = PartLayout.check(session, parts.get());
        if (parts.get().isEmpty()) {
            // Declared empty: S3 cannot complete an upload of no parts, so write the empty blob plainly.
            String etag = blobs.putEmpty(session.blob(), drive, session.name());
            multipart.abort(session.blob(), session.s3UploadId());
            return new Assembled(0, etag);
        }
        return new Assembled(size, multipart.complete(session.blob(), session.s3UploadId(), parts.get()));
    }

    /**
     * Aborts the upload unless a commit holds it (409 {@code upload_busy}) or one already landed it
     * (409). Its blob, if a failed commit completed one, becomes garbage (kept while referenced).
     * Aborting is idempotent: an abort sent again answers as the first did.
     */
    public void abort(Drive drive, UploadSession session) {
        switch (sessions.end(drive.partitionKey(), session.id(), now())) {
            case BUSY -> throw busy();
            // GONE after find() saw it: most likely this very abort, whose answer was lost and which
            // the SDK sent again, or a commit that just finished (the index check below tells).
            case ENDED, GONE -> cleanUp(session.drive(), session.name(), session.blob(), session.s3UploadId());
        }
        if (files.head(drive, FileName.of(session.name()))
                .filter(f -> f.blob().equals(session.blob()))
                .isPresent()) {
            throw new UploadException(
                    UploadException.Kind.COMMITTED,
                    "this upload was already committed (an answer was lost): the file holds it; delete the file to undo it");
        }
    }

    /**
     * What is left of an ended session: its S3 upload, and its blob if one was completed. Both
     * steps are idempotent; what a crash here leaves, the expiry entry or the orphan scan finishes.
     */
    @Internal
    public void cleanUp(String drivePk, String name, String blob, String s3UploadId) {
        garbage.record(List.of(new SweepQueue.BlobCheck(blob, drivePk, name)));
        multipart.abort(blob, s3UploadId);
    }

    private UploadException busyOrGone(Drive drive, String id) {
        return sessions.get(drive.partitionKey(), id)
                        .filter(s -> !s.expiredAt(now()))
                        .isPresent()
                ? busy()
                : notFound();
    }

    private static UploadException assembled() {
        return new UploadException(
                UploadException.Kind.INCOMPLETE,
                "this upload takes no more parts: a commit already assembled them; commit it again or abort it");
    }

    private static UploadException busy() {
        return new UploadException(
                UploadException.Kind.BUSY,
                "another commit or an abort of this upload is in progress; try again in a moment");
    }

    private static UploadException notFound() {
        return new UploadException(
                UploadException.Kind.NOT_FOUND, "upload not found: it does not exist, expired or was finished");
    }
}
