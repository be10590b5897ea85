package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Multipart uploads of local files that survive the process ({@link CloudDrive#resume}). A put
 * records the upload in {@link UploadStates} as soon as the server has opened it; a put that is
 * killed, or fails for a reason that may pass (no connection, a timeout, a 5xx or 429 after the
 * retries), leaves the session open and the state in place. A resume finds the state, checks that
 * the file is the same (size, modification time and file key), asks the server which parts
 * arrived (API.md #3c), sends only the others with fresh URLs (#3b) and commits. A failure that
 * will not pass (a 4xx: the condition failed, the key was revoked...) aborts the upload and forgets
 * it, as a put without state does.
 */
final class ResumableUploads {
    private final Transport transport;
    private final MultipartUploader uploader;
    private final UploadSessions sessions;
    private final Lister lister;
    private final UploadStates states;

    ResumableUploads(
            Transport transport,
            MultipartUploader uploader,
            UploadSessions sessions,
            Lister lister,
            UploadStates states) {
        this.transport = transport;
        this.uploader = uploader;
        this.sessions = sessions;
        this.lister = lister;
        this.states = states;
    }

    private String drive() {
        return transport.config.driveUri().toString();
    }

    /**
     * A fresh upload of {@code file} that keeps resume state. Another process uploading the same
     * file to the same name holds its state: this one then goes without (it cannot be resumed).
     * An older interrupted upload of the same file to the same name is aborted: it is replaced.
     */
    FileInfo put(String name, Path file, long size, PutOptions options) {
        Path real = realPath(file);
        UploadStates.Slot slot = states.slot(drive(), name, real);
        Optional<UploadStates.Lock> lock = states.tryLock(slot);
        if (lock.isEmpty()) return uploader.upload(name, PartSource.of(file, size), options);
        try {
            UploadStates.FileIdentity identity = UploadStates.FileIdentity.of(real);
            states.read(slot).ifPresent(old -> abortQuietly(old.uploadId(), name));
            JsonNode session = uploader.open(name, identity.size(), options);
            String uploadId = Transport.text(session, "upload_id");
            String path = MultipartUploader.path(uploadId, name);
            PartSource source = PartSource.of(real, identity.size());
            try {
                states.write(
                        slot,
                        new UploadStates.State(
                                drive(),
                                name,
                                real.toString(),
                                identity,
                                uploadId,
                                MultipartUploader.partSize(session),
                                Instant.now()));
                SortedSet<Integer> all =
                        MultipartUploader.allParts(identity.size(), MultipartUploader.partSize(session));
                uploader.sendParts(name, path, MultipartUploader.partSize(session), source, all, options.listener());
                return finish(slot, path, name, options);
            } catch (RuntimeException | Error e) {
                if (!mayPass(e)) end(slot, path, name, e);
                throw e;
            }
        } finally {
            lock.get().close();
        }
    }

    /** Whether an interrupted upload of {@code file} to {@code name} is recorded. */
    boolean recorded(String name, Path file) {
        return states.read(states.slot(drive(), name, realPath(file))).isPresent();
    }

    /** See {@link CloudDrive#resume}. */
    FileInfo resume(String name, Path file, PutOptions options) {
        Path real = realPath(file);
        UploadStates.Slot slot = states.slot(drive(), name, real);
        Optional<UploadStates.Lock> lock = states.tryLock(slot);
        if (lock.isEmpty()) {
            throw new CannotResumeException(
                    CannotResumeException.Reason.IN_PROGRESS,
                    "another process is uploading " + file + " to " + name + " right now (it holds " + slot.lock()
                            + ")");
        }
        try {
            return resume(slot, name, file, real, options);
        } finally {
            lock.get().close();
        }
    }

    private FileInfo resume(UploadStates.Slot slot, String name, Path file, Path real, PutOptions options) {
        UploadStates.State state = states.read(slot)
                .orElseThrow(() -> new CannotResumeException(
                        CannotResumeException.Reason.NOTHING_TO_RESUME,
                        "no interrupted upload of " + file + " to " + name + " is recorded in " + states.dir()
                                + ": put it without resuming"));
        String path = MultipartUploader.path(state.uploadId(), name);
        UploadStates.FileIdentity now = UploadStates.FileIdentity.of(real);
        if (!now.equals(state.identity())) {
            abortQuietly(state.uploadId(), name);
            states.delete(slot);
            throw new CannotResumeException(
                    CannotResumeException.Reason.FILE_CHANGED,
                    file + " changed since its upload began (size, modification time or file identity differ):"
                            + " the interrupted upload was aborted; put the file again without resuming");
        }
        HttpResponse<byte[]> r = sessions.status(path, name);
        if (r.statusCode() == 404) return gone(slot, state, real, name);
        if (r.statusCode() != 200) throw Transport.failure(r, "asking for the status of the upload of " + name);
        JsonNode status = Transport.json(r, "asking for the status of the upload of " + name);
        long size = state.identity().size();
        if (status.path("size").asLong(-1) != size || status.path("part_size").asLong(-1) != state.partSize()) {
            end(slot, path, name, null);
            throw new CannotResumeException(
                    CannotResumeException.Reason.MISMATCH,
                    "upload " + state.uploadId() + " on the server is not the one recorded (size "
                            + status.path("size").asText() + ", part size "
                            + status.path("part_size").asText() + " where " + size + " and " + state.partSize()
                            + " were recorded): it was aborted; put the file again without resuming");
        }
        try {
            if (!status.path("assembled").asBoolean(false)) {
                SortedSet<Integer> missing = missingParts(status, size, state.partSize());
                options.listener().transferred(size - bytes(missing, size, state.partSize()));
                if (!missing.isEmpty()) {
                    uploader.sendParts(
                            name, path, state.partSize(), PartSource.of(real, size), missing, options.listener());
                }
            }
            return finish(slot, path, name, options);
        } catch (RuntimeException | Error e) {
            if (!mayPass(e)) end(slot, path, name, e);
            throw e;
        }
    }

    /**
     * The parts the status does not list with exactly the length the layout gives them. (A
     * presigned URL is signed for that length, so another cannot arrive; sent again, it replaces.)
     */
    static SortedSet<Integer> missingParts(JsonNode status, long size, long partSize) {
        Map<Integer, Long> arrived = new HashMap<>();
        for (JsonNode p : status.path("parts"))
            arrived.put(p.path("part").asInt(), p.path("size").asLong());
        SortedSet<Integer> missing = new TreeSet<>();
        for (int k : MultipartUploader.allParts(size, partSize)) {
            if (!Long.valueOf(MultipartUploader.partLength(size, partSize, k)).equals(arrived.get(k))) missing.add(k);
        }
        return missing;
    }

    private static long bytes(SortedSet<Integer> parts, long size, long partSize) {
        return parts.stream()
                .mapToLong(k -> MultipartUploader.partLength(size, partSize, k))
                .sum();
    }

    /**
     * The server no longer has the upload. If the file now holds exactly as many bytes, written
     * after the upload began, the commit sent before the interruption landed (its answer was
     * lost): that is the result. Otherwise the upload expired, was aborted, or was committed and
     * replaced since; there is nothing to resume.
     */
    private FileInfo gone(UploadStates.Slot slot, UploadStates.State state, Path real, String name) {
        Optional<FileInfo> stored =
                lister.page(ListOptions.all().withPrefix(name).withLimit(1).withDetailed(true)).files().stream()
                        .filter(f -> f.name().equals(name))
                        .findFirst();
        if (stored.isPresent()
                && stored.get().size() == state.identity().size()
                && stored.get().lastModified() != null
                && !stored.get().lastModified().isBefore(state.started().minusSeconds(300))
                && DownloadLink.sameEtag(
                        stored.get().etag(),
                        multipartEtag(real, state.identity().size(), state.partSize()))) {
            states.delete(slot);
            return stored.get();
        }
        states.delete(slot);
        throw new CannotResumeException(
                CannotResumeException.Reason.UPLOAD_GONE,
                "upload " + state.uploadId() + " of " + name + " is no longer open (it expired, was aborted,"
                        + " or was committed and then replaced): put the file again without resuming");
    }

    /**
     * The ETag S3 gives the blob this upload assembles from {@code file} (SSE-S3): the MD5 of the
     * parts' MD5s, then {@code -} and the number of parts. Size and time alone cannot tell this
     * upload's commit from another writer's file of the same size stored since.
     */
    static String multipartEtag(Path file, long size, long partSize) {
        MessageDigest ofParts = Digests.md5();
        SortedSet<Integer> parts = MultipartUploader.allParts(size, partSize);
        if (parts.isEmpty()) return Digests.hex(ofParts.digest()); // an empty upload is stored as one PUT
        byte[] buffer = new byte[256 * 1024];
        try (var in = Files.newInputStream(file)) {
            for (int k : parts) {
                MessageDigest md5 = Digests.md5();
                long left = MultipartUploader.partLength(size, partSize, k);
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) throw new EOFException(file + " ended before " + size + " bytes");
                    md5.update(buffer, 0, n);
                    left -= n;
                }
                ofParts.update(md5.digest());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return Digests.hex(ofParts.digest()) + "-" + parts.size();
    }

    private FileInfo finish(UploadStates.Slot slot, String path, String name, PutOptions options) {
        FileInfo stored = uploader.commit(path, name, options);
        states.delete(slot);
        return stored;
    }

    /** Aborts the upload and forgets its state; failures to abort are added to {@code cause}. */
    private void end(UploadStates.Slot slot, String path, String name, Throwable cause) {
        Throwable into = cause != null ? cause : new IllegalStateException("ending the upload");
        uploader.abort(path, name, into);
        states.delete(slot);
    }

    private void abortQuietly(String uploadId, String name) {
        uploader.abort(MultipartUploader.path(uploadId, name), name, new IllegalStateException("ignored"));
    }

    /**
     * Whether a failure may pass, so that the upload is worth keeping for a resume: no answer (a
     * transport failure or timeout), or a 429, 5xx after the retries. Everything else (a 4xx, a
     * broken local file) ends the upload.
     */
    static boolean mayPass(Throwable e) {
        return e instanceof TransportException || e instanceof ThrottledException || e instanceof ServerException;
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
