package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A downloaded file's bytes, streamed from the network as they are read — the original Cloud Files helper's
 * {@code DriveStreamingBody}. {@link CloudDrive#get(String)} returns one; close it when done (it is
 * {@link AutoCloseable}), or read it to the end.
 *
 * <p>Every read waits at most the socket timeout for the next bytes
 * ({@link CloudDriveConfig.Timeouts#socket()}, changeable with {@link #setSocketTimeout(Duration)}) and
 * then throws {@link RequestTimeoutException}; a broken connection throws
 * {@link TransportException}. Not thread-safe: one reader at a time.
 *
 * <p>When the service states the file's SHA-256 ({@link FileInfo#sha256()}), the bytes are hashed
 * as they are read, and the read that reaches the end throws {@link DigestMismatchException} if
 * they differ (also through {@link #asInputStream()}): a body is trustworthy once read to its end
 * without that exception. A body closed before its end is not checked.
 *
 * <p>A file of at least two {@link CloudDriveConfig.Transfer#downloadPartSize() parts} is fetched in
 * parallel byte ranges of its presigned URL, each checked (206, its exact bytes, the same ETag) and
 * retried on its own. Read as a stream, the ranges are read ahead of the reader within a window of
 * at most 32 MiB and at most a quarter of the heap (8 ranges of 4 MiB by default); written with
 * {@link #saveTo(Path, TransferListener)}, each range goes straight to its place in the file. If the
 * file is overwritten or deleted while it downloads and the link has to be renewed, the download
 * fails with {@link PreconditionFailedException} or {@link NotFoundException} rather than mix two
 * versions.
 */
public final class StreamingBody implements AutoCloseable {
    /** The chunk size of {@link #next()} and of {@link #iterChunks()}: 1 KiB, as in the original helper. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;

    private final FileInfo info;
    private final BodySource in;
    /** What reads go through: {@code in}, checked against the file's SHA-256 when it has one. */
    private final InputStream reader;

    StreamingBody(FileInfo info, BodySource in) {
        this.info = info;
        this.in = in;
        this.reader = info.sha256() == null ? in : new VerifyingStream(in, info.sha256(), info.name());
    }

    /** The file's metadata. */
    public FileInfo info() {
        return info;
    }

    /** The file's name. */
    public String name() {
        return info.name();
    }

    /** The file's size in bytes. */
    public long size() {
        return info.size();
    }

    /** The file's content type. */
    public String contentType() {
        return info.contentType();
    }

    /** The file's entity tag (as the API reports it, also for large files served by S3). */
    public String etag() {
        return info.etag();
    }

    /** When the file was written, or {@code null} if the answer did not say. */
    public Instant lastModified() {
        return info.lastModified();
    }

    /** All the bytes not read yet; empty at the end. */
    public byte[] read() {
        try {
            return reader.readAllBytes();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Up to {@code amt} bytes: exactly {@code amt} unless the file ends first; empty at the end
     * (and for {@code amt} 0).
     */
    public byte[] read(int amt) {
        if (amt < 0) throw new IllegalArgumentException("amt must not be negative");
        try {
            return reader.readNBytes(amt);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The next chunk of up to 1 KiB ({@link #DEFAULT_CHUNK_SIZE}); empty at the end. */
    public byte[] next() {
        return read(DEFAULT_CHUNK_SIZE);
    }

    /** The rest of the body in chunks of 1 KiB; see {@link #iterChunks(int)}. */
    public Iterable<byte[]> iterChunks() {
        return iterChunks(DEFAULT_CHUNK_SIZE);
    }

    /**
     * The rest of the body in chunks of exactly {@code chunkSize} bytes, the last one shorter if
     * the size is not a multiple; an empty file yields no chunk. Reads lazily, one chunk ahead.
     */
    public Iterable<byte[]> iterChunks(int chunkSize) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be positive");
        return () -> new Iterator<>() {
            private byte[] ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) ahead = read(chunkSize);
                return ahead.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                byte[] chunk = ahead;
                ahead = null;
                return chunk;
            }
        };
    }

    /** As {@link #saveTo(Path, TransferListener)}, without progress. */
    public FileInfo saveTo(Path target) {
        return saveTo(target, TransferListener.NONE);
    }

    /**
     * Writes the whole body to {@code target}, replacing it atomically: the bytes go to a
     * {@link PartialFile} beside it, which becomes {@code target} only once complete, so
     * {@code target} never holds part of a download. A new file gets the permissions the umask
     * gives, a replaced one keeps its own. Call it instead of reading, not after. A large file is fetched in
     * parallel ranges ({@link CloudDriveConfig.Transfer#downloadPartSize()},
     * {@link CloudDriveConfig.Transfer#downloadParallelism()}), each written in place as it arrives.
     *
     * @param listener told of the bytes as they arrive, from several threads at once
     * @return this body's metadata
     */
    public FileInfo saveTo(Path target, TransferListener listener) {
        try (in;
                PartialFile partial = PartialFile.beside(target)) {
            try (FileChannel file =
                    FileChannel.open(partial.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                in.writeTo(file, listener);
                finish(file);
            }
            partial.commit();
        } catch (IOException e) {
            throw failure(e);
        }
        return info;
    }

    /**
     * The one place a download to a file is judged complete, before it replaces the target: it
     * must hold exactly the file's size and, when the service states one, the file's SHA-256
     * (read back from the file: ranges arrive out of order), else {@link DigestMismatchException}.
     */
    private void finish(FileChannel file) throws IOException {
        if (info.size() >= 0 && file.size() != info.size()) {
            throw new TransportException(
                    "downloading " + info.name() + ": got " + file.size() + " bytes of " + info.size(), null);
        }
        if (info.sha256() == null) return;
        MessageDigest sha256 = Digests.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        for (long at = 0; file.read(buffer, at) > 0; at += buffer.position(), buffer.clear()) {
            buffer.flip();
            sha256.update(buffer);
        }
        String actual = Digests.hex(sha256.digest());
        if (!actual.equals(info.sha256())) throw DigestMismatchException.download(info.name(), info.sha256(), actual);
    }

    /** How long each read may wait for the network from now on. */
    public void setSocketTimeout(Duration timeout) {
        in.setTimeout(timeout);
    }

    /**
     * The body as an {@link InputStream} (the same bytes: reading one advances the other). Its
     * reads throw {@link SocketTimeoutException} on a stall; closing it closes this body.
     */
    public InputStream asInputStream() {
        return reader;
    }

    /** Stops the download and frees the connection. Idempotent. */
    @Override
    public void close() {
        in.close();
    }

    static CloudFilesException failure(IOException e) {
        if (e instanceof BodySource.Failed f) return f.failure();
        if (e instanceof SocketTimeoutException)
            return new RequestTimeoutException("reading the body: " + e.getMessage(), e);
        return new TransportException("reading the body: " + Transport.describe(e), e);
    }

    @Override
    public String toString() {
        return "StreamingBody[" + info.name() + ", " + info.size() + " bytes]";
    }
}
