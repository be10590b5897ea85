package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How content reaches the server (API.md #1, #2–#5): up to the inline limit in one request,
 * anything larger as a presigned multipart upload ({@link MultipartUploader}). A stream of unknown
 * length is read up to the inline limit: if it ends there it goes inline, otherwise it is spooled
 * to a temporary file (deleted afterwards) to learn its size and uploaded part by part from it.
 * The condition of the {@link PutOptions} goes on the request that writes the file: the inline
 * {@code POST}, or the multipart upload's commit.
 */
final class PutStrategy {
    private final CloudDriveConfig config;
    private final Transport transport;
    private final MultipartUploader uploader;
    /** Resume state for uploads of local files; null when {@link CloudDriveConfig#uploadStateDir()} is not set. */
    private final ResumableUploads resumable;

    PutStrategy(Transport transport, UploadSessions sessions, Lister lister) {
        this.config = transport.config;
        this.transport = transport;
        this.uploader = new MultipartUploader(transport);
        this.resumable = config.uploadStateDir() == null
                ? null
                : new ResumableUploads(
                        transport, uploader, sessions, lister, new UploadStates(config.uploadStateDir()));
    }

    FileInfo bytes(String name, byte[] content, PutOptions options) {
        if (content.length <= config.transfer().inlineLimit()) return inline(name, content, options);
        return uploader.upload(name, PartSource.of(content), options);
    }

    /**
     * A large file is sent part by part from disk, never held in memory; with a state directory,
     * it keeps resume state ({@link ResumableUploads}).
     */
    FileInfo file(String name, Path file, PutOptions options) {
        try {
            long size = Files.size(file);
            if (size <= config.transfer().inlineLimit()) return inline(name, Files.readAllBytes(file), options);
            if (resumable != null) return resumable.put(name, file, size, options);
            return uploader.upload(name, PartSource.of(file, size), options);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** See {@link CloudDrive#resume}. */
    FileInfo resume(String name, Path file, PutOptions options) {
        if (resumable == null) {
            throw new CannotResumeException(
                    CannotResumeException.Reason.NO_STATE_DIR,
                    "this client keeps no upload state (CloudDriveConfig.uploadStateDir is not set): nothing to resume");
        }
        return resumable.resume(name, file, options);
    }

    /** See {@link CloudDrive#hasInterruptedUpload}. */
    boolean hasInterruptedUpload(String name, Path file) {
        return resumable != null && resumable.recorded(name, file);
    }

    /** {@code size} -1: unknown, see the class comment; otherwise the stream must be exactly that long. */
    FileInfo stream(String name, InputStream content, long size, PutOptions options) {
        try {
            if (size >= 0) {
                if (size <= config.transfer().inlineLimit()) {
                    byte[] bytes = content.readNBytes((int) size);
                    if (bytes.length != size || content.read() != -1) {
                        throw new IllegalArgumentException("the stream's length is not its declared size " + size);
                    }
                    return inline(name, bytes, options);
                }
                return uploader.upload(name, PartSource.of(content, size), options);
            }
            byte[] head = content.readNBytes(
                    (int) Math.min(Integer.MAX_VALUE - 8, config.transfer().inlineLimit() + 1));
            if (head.length <= config.transfer().inlineLimit()) return inline(name, head, options);
            return spooled(name, head, content, options);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content of " + name, e);
        }
    }

    private FileInfo spooled(String name, byte[] head, InputStream rest, PutOptions options) throws IOException {
        Path spool = Files.createTempFile("cloudfiles-upload-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(spool)) {
                out.write(head);
                rest.transferTo(out);
            }
            return uploader.upload(name, PartSource.of(spool, Files.size(spool)), options);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /**
     * API.md #1: the bytes in one request, with their {@code Content-Digest}: bytes changed on the
     * way are refused by the server ({@link DigestMismatchException}) and nothing is stored.
     */
    private FileInfo inline(String name, byte[] bytes, PutOptions options) {
        String what = "putting " + name;
        String digest = Digests.contentDigest(bytes);
        HttpResponse<byte[]> r = transport.send(
                () -> {
                    URI uri = transport.api("/files?name=" + Transport.enc(name) + options.contentTypeParameter());
                    HttpRequest.Builder b = transport
                            .apiRequest(uri, config.timeouts().upload())
                            .header("Content-Type", Transport.BYTES)
                            .header("Content-Digest", digest)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
                    options.addConditionTo(b);
                    return b.build();
                },
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() / 100 != 2) throw Transport.failure(r, what);
        options.listener().transferred(bytes.length);
        return Transport.fileInfo(Transport.json(r, what), name);
    }
}
