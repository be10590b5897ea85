package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * How content reaches the server (API.md #1, #2–#5): up to the inline limit in one request,
 * anything larger as a presigned multipart upload ({@link MultipartUploader}). A stream of unknown
 * length is read up to the inline limit: if it ends there it goes inline, otherwise it is spooled
 * to a temporary file (deleted afterwards) to learn its size and uploaded part by part from it.
 */
final class PutStrategy {
    private final FilesConfig config;
    private final Transport transport;
    private final MultipartUploader uploader;

    PutStrategy(Transport transport) {
        this.config = transport.config;
        this.transport = transport;
        this.uploader = new MultipartUploader(transport);
    }

    FileInfo bytes(String name, byte[] content, String contentType, TransferListener listener) {
        if (content.length <= config.inlineLimit()) return inline(name, content, contentType, listener);
        return uploader.upload(name, PartSource.of(content), contentType, listener);
    }

    /** A large file is sent part by part from disk, never held in memory. */
    FileInfo file(String name, Path file, String contentType, TransferListener listener) {
        try {
            long size = java.nio.file.Files.size(file);
            if (size <= config.inlineLimit()) return inline(name, java.nio.file.Files.readAllBytes(file), contentType, listener);
            return uploader.upload(name, PartSource.of(file, size), contentType, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** {@code size} -1: unknown, see the class comment; otherwise the stream must be exactly that long. */
    FileInfo stream(String name, InputStream content, long size, String contentType, TransferListener listener) {
        try {
            if (size >= 0) {
                if (size <= config.inlineLimit()) {
                    byte[] bytes = content.readNBytes((int) size);
                    if (bytes.length != size || content.read() != -1) {
                        throw new IllegalArgumentException("the stream's length is not its declared size " + size);
                    }
                    return inline(name, bytes, contentType, listener);
                }
                return uploader.upload(name, PartSource.of(content, size), contentType, listener);
            }
            byte[] head = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.inlineLimit() + 1));
            if (head.length <= config.inlineLimit()) return inline(name, head, contentType, listener);
            return spooled(name, head, content, contentType, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content of " + name, e);
        }
    }

    private FileInfo spooled(String name, byte[] head, InputStream rest, String contentType, TransferListener listener)
            throws IOException {
        Path spool = java.nio.file.Files.createTempFile("cloudfiles-upload-", ".part");
        try {
            try (OutputStream out = java.nio.file.Files.newOutputStream(spool)) {
                out.write(head);
                rest.transferTo(out);
            }
            return uploader.upload(name, PartSource.of(spool, java.nio.file.Files.size(spool)), contentType, listener);
        } finally {
            java.nio.file.Files.deleteIfExists(spool);
        }
    }

    /** API.md #1: the bytes in one request. */
    private FileInfo inline(String name, byte[] bytes, String contentType, TransferListener listener) {
        String what = "putting " + name;
        HttpResponse<byte[]> r = transport.send(() -> {
            HttpRequest.Builder b = transport.apiRequest(transport.api("/files?name=" + Transport.enc(name)), config.uploadTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (contentType != null) b.header("Content-Type", contentType);
            return b.build();
        }, HttpResponse.BodyHandlers.ofByteArray(), Transport.Retry.API, what);
        if (r.statusCode() / 100 != 2) throw Transport.failure(r, what);
        listener.transferred(bytes.length);
        return Transport.fileInfo(Transport.json(r, what), name);
    }
}
