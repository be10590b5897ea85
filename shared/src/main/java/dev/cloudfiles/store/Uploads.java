package dev.cloudfiles.store;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Large files in parts: an upload session is an S3 multipart upload of a fresh blob plus a session
 * item. Committing completes the blob and then points the index at it exactly as an inline put
 * does, so the invariant of {@link FileStore} holds for every size.
 */
public final class Uploads {
    /** S3: every part but the last is at least 5 MiB; part numbers run 1 to 10,000. */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    public static final int MAX_PARTS = 10_000;
    /** Presigned uploads: parts of at least 8 MiB, and few enough URLs to fit one Lambda answer. */
    public static final long MIN_PRESIGNED_PART_BYTES = 8L * 1024 * 1024;
    public static final int MAX_PRESIGNED_URLS = 1_000;
    public static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
    public static final long MAX_FILE_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

    private final Multipart multipart;
    private final UploadSessions sessions;
    private final FileStore files;
    private final Duration sessionTtl;

    public Uploads(Multipart multipart, UploadSessions sessions, FileStore files, Duration sessionTtl) {
        this.multipart = multipart;
        this.sessions = sessions;
        this.files = files;
        this.sessionTtl = sessionTtl;
    }

    public Instant now() {
        return files.now();
    }

    /** Starts an upload of {@code name}; {@code size} and a part size only for presigned uploads (else 0). */
    public UploadSession start(Drive drive, FileName name, Optional<String> contentType, long size, long partSize) {
        Instant now = files.now();
        String blob = files.blobs().newKey(drive);
        String s3Upload = multipart.start(blob, drive, name.value());
        UploadSession session = new UploadSession(UploadSessions.newId(now), drive.partitionKey(), name.value(), blob, s3Upload,
                contentType, now, now.plus(sessionTtl), partSize, size);
        sessions.create(session);
        return session;
    }

    /** The part size for a presigned upload of {@code size} bytes: at least 8 MiB, whole MiB. */
    public static long partSizeFor(long size) {
        long mib = 1024L * 1024;
        long needed = (size + MAX_PRESIGNED_URLS - 1) / MAX_PRESIGNED_URLS;
        long rounded = (needed + mib - 1) / mib * mib;
        return Math.min(MAX_PART_BYTES, Math.max(MIN_PRESIGNED_PART_BYTES, rounded));
    }

    public static int partCount(long size, long partSize) {
        return (int) ((size + partSize - 1) / partSize);
    }

    public URL presignPart(UploadSession session, int part, Duration ttl) {
        return multipart.presignPart(session.blob(), session.s3UploadId(), part, ttl);
    }

    /**
     * The live session {@code id} of this drive for this name. An unknown, expired or finished
     * upload, or another drive's, is "not found": nothing tells a stranger that it exists.
     */
    public UploadSession find(Drive drive, String id, FileName name) {
        UploadSession session = sessions.get(id)
                .filter(s -> s.drive().equals(drive.partitionKey()))
                .filter(s -> !s.expiredAt(files.now()))
                .orElseThrow(() -> new UploadException(UploadException.Kind.NOT_FOUND, "upload not found: it does not exist, expired or was finished"));
        if (!session.name().equals(name.value())) {
            throw new UploadException(UploadException.Kind.INVALID, "name does not match the name this upload was started with");
        }
        return session;
    }

    public void uploadPart(UploadSession session, int part, byte[] bytes, Optional<String> contentType) {
        if (part < 1 || part > MAX_PARTS) {
            throw new UploadException(UploadException.Kind.INVALID, "part must be a number from 1 to " + MAX_PARTS);
        }
        multipart.upload(session.blob(), session.s3UploadId(), part, bytes);
        if (session.contentType().isEmpty()) contentType.ifPresent(ct -> sessions.offerContentType(session.id(), ct));
    }

    /**
     * Completes the blob from the parts S3 holds and commits it as the file's new version.
     * A commit whose answer was lost can be sent again: the completed blob is found and committed.
     */
    public FileRecord commit(Drive drive, UploadSession session, Precondition precondition, String guessedType) {
        Optional<List<Multipart.Part>> parts = multipart.parts(session.blob(), session.s3UploadId());
        Multipart.Stored stored;
        String contentType = session.contentType().orElse(guessedType);
        Optional<Multipart.Stored> completed = parts.isEmpty() || parts.get().isEmpty()
                ? multipart.head(session.blob())
                : Optional.empty();
        if (completed.isPresent()) {
            // An earlier commit completed the blob (its answer was lost, or its precondition failed).
            stored = completed.get();
        } else if (parts.isEmpty()) {
            throw new UploadException(UploadException.Kind.NOT_FOUND, "upload not found: it was aborted");
        } else if (parts.get().isEmpty()) {
            multipart.abort(session.blob(), session.s3UploadId());
            stored = new Multipart.Stored(0, multipart.putEmpty(session.blob(), drive, session.name()));
        } else {
            checkSizes(parts.get());
            String etag = multipart.complete(session.blob(), session.s3UploadId(), parts.get());
            stored = new Multipart.Stored(parts.get().stream().mapToLong(Multipart.Part::size).sum(), etag);
        }
        FileRecord file = new FileRecord(session.name(), stored.size(), contentType, stored.etag(), files.now(), session.blob(), 0);
        FileRecord committed = files.commit(drive, file, precondition, Optional.of(session.id()));
        try {
            sessions.delete(session.id());
        } catch (RuntimeException e) {
            // A leftover session expires; the sweeper then finds its blob referenced and keeps it.
        }
        return committed;
    }

    /** Aborts the upload. Its blob, if it was completed, becomes garbage (kept if committed after all). */
    public void abort(Drive drive, UploadSession session) {
        multipart.abort(session.blob(), session.s3UploadId());
        files.recordGarbage(session.blob(), drive, session.name(), Optional.empty(), null);
        sessions.delete(session.id());
    }

    private static void checkSizes(List<Multipart.Part> parts) {
        for (int i = 0; i < parts.size() - 1; i++) {
            Multipart.Part p = parts.get(i);
            if (p.size() < MIN_PART_BYTES) {
                throw new UploadException(UploadException.Kind.INVALID, "part " + p.number() + " is " + p.size()
                        + " bytes: every part but the last must be at least 5 MiB (" + MIN_PART_BYTES + " bytes)");
            }
        }
    }
}
