package dev.cloudfiles.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a multipart upload, handed out part by part in order. Each part is a supplier of
 * a fresh {@link BodyPublisher} with a known length (S3 wants a Content-Length), so that a
 * failed part can be sent again.
 */
abstract class PartSource {
    /** Chunks of a buffered part: under half a G1 region even on a small heap, so never a humongous allocation. */
    static final int CHUNK = 256 * 1024;

    final long size;

    PartSource(long size) {
        this.size = size;
    }

    /** The bytes of one part: a fresh publisher per attempt, and a release when the part is done. */
    interface Part {
        BodyPublisher publisher();

        /** Drops buffered bytes now: the HTTP client may keep a reference to a sent request a while longer. */
        default void release() {}
    }

    /** The part at {@code offset}; called in order, on one thread. */
    abstract Part part(long offset, int length) throws IOException;

    /** After the last part: a stream must be exactly as long as declared. */
    void finish() throws IOException {}

    /** Parts are slices of the array: no copy. */
    static PartSource of(byte[] bytes) {
        return new PartSource(bytes.length) {
            @Override
            Part part(long offset, int length) {
                return () -> BodyPublishers.ofByteArray(bytes, (int) offset, length);
            }
        };
    }

    /** Parts are read from the file at their offset as they are sent: no buffering at all. */
    static PartSource of(Path file, long size) {
        return new PartSource(size) {
            @Override
            Part part(long offset, int length) {
                return () -> BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> {
                            try {
                                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                                channel.position(offset);
                                return new Bounded(Channels.newInputStream(channel), length);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }),
                        length);
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
                int left = length;
                while (left > 0) {
                    byte[] chunk = in.readNBytes(Math.min(CHUNK, left));
                    read += chunk.length;
                    if (chunk.length == 0) {
                        throw new EOFException(
                                "the stream ended after " + read + " bytes; its declared size is " + size);
                    }
                    chunks.add(chunk);
                    left -= chunk.length;
                }
                return new Part() {
                    @Override
                    public BodyPublisher publisher() {
                        return BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(chunks), length);
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
