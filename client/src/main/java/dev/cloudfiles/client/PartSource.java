package dev.cloudfiles.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bytes of a multipart upload, handed out part by part in order. Each part is a supplier of
 * a fresh {@link BodyPublisher} with a known length (S3 wants a Content-Length), so that a
 * failed part can be sent again, and the part's MD5, taken as it is handed out: its URL is signed
 * for that MD5, and S3 refuses bytes that changed on the way (or in the file) since.
 */
abstract class PartSource {
    /** Chunks of a buffered part: under half a G1 region even on a small heap, so never a humongous allocation. */
    static final int CHUNK = 256 * 1024;

    final long size;

    PartSource(long size) {
        this.size = size;
    }

    /** The bytes of one part: a fresh publisher per attempt, its MD5, and a release when the part is done. */
    interface Part {
        BodyPublisher publisher();

        /** The MD5 of the part's bytes, base64, as the {@code Content-MD5} header carries it. */
        String contentMd5();

        /** Drops buffered bytes now: the HTTP client may keep a reference to a sent request a while longer. */
        default void release() {}
    }

    /** The part at {@code offset}; called in order, on one thread. */
    abstract Part part(long offset, int length) throws IOException;

    /** After the last part: a stream must be exactly as long as declared. */
    void finish() throws IOException {}

    /** A part whose bytes {@code publisher} sends afresh each time, with this MD5. */
    private static Part part(Supplier<BodyPublisher> publisher, MessageDigest md5) {
        String digest = Digests.base64(md5.digest());
        return new Part() {
            @Override
            public BodyPublisher publisher() {
                return publisher.get();
            }

            @Override
            public String contentMd5() {
                return digest;
            }
        };
    }

    /** Parts are slices of the array: no copy. */
    static PartSource of(byte[] bytes) {
        return new PartSource(bytes.length) {
            @Override
            Part part(long offset, int length) {
                MessageDigest md5 = Digests.md5();
                md5.update(bytes, (int) offset, length);
                return PartSource.part(() -> BodyPublishers.ofByteArray(bytes, (int) offset, length), md5);
            }
        };
    }

    /**
     * Parts are read from the file at their offset as they are sent: no buffering at all. Each is
     * read once more before, to take its MD5 (a file changed in between is then refused by S3).
     */
    static PartSource of(Path file, long size) {
        return new PartSource(size) {
            @Override
            Part part(long offset, int length) throws IOException {
                MessageDigest md5 = Digests.md5();
                try (InputStream in = open(offset, length)) {
                    byte[] buffer = new byte[CHUNK];
                    long read = 0;
                    for (int n; (n = in.read(buffer)) > 0; read += n) md5.update(buffer, 0, n);
                    if (read != length) throw new EOFException(file + " is shorter than when the upload began");
                }
                return PartSource.part(
                        () -> BodyPublishers.fromPublisher(
                                BodyPublishers.ofInputStream(() -> {
                                    try {
                                        return open(offset, length);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }),
                                length),
                        md5);
            }

            private InputStream open(long offset, int length) throws IOException {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(offset);
                return new Bounded(Channels.newInputStream(channel), length);
            }
        };
    }

    /** A stream can only be read once, in order: each part is buffered (in 256 KiB chunks) until sent. */
    static PartSource of(InputStream in, long size) {
        return new PartSource(size) {
            private long read;

            @Override
            Part part(long offset, int length) throws IOException {
                List<byte[]> chunks = new ArrayList<>();
                MessageDigest md5 = Digests.md5();
                int left = length;
                while (left > 0) {
                    byte[] chunk = in.readNBytes(Math.min(CHUNK, left));
                    read += chunk.length;
                    if (chunk.length == 0) {
                        throw new EOFException(
                                "the stream ended after " + read + " bytes; its declared size is " + size);
                    }
                    chunks.add(chunk);
                    md5.update(chunk);
                    left -= chunk.length;
                }
                String digest = Digests.base64(md5.digest());
                return new Part() {
                    @Override
                    public BodyPublisher publisher() {
                        return BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(chunks), length);
                    }

                    @Override
                    public String contentMd5() {
                        return digest;
                    }

                    @Override
                    public void release() {
                        chunks.clear();
                    }
                };
            }

            @Override
            void finish() throws IOException {
                if (in.read() != -1) throw new IOException("the stream is longer than its declared size " + size);
            }
        };
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
