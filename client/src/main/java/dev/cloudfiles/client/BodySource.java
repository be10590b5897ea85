package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link StreamingBody}'s bytes come from: one HTTP answer ({@link BodyStream}), or a large
 * file's ranges fetched in parallel ({@link RangedBody}). Read in order as an {@link InputStream},
 * or written to a file with {@link #writeTo}, whichever comes first.
 */
abstract class BodySource extends InputStream {
    /** The buffer being read; {@link #nextBuffer} replaces it once it is used up. */
    ByteBuffer current;

    /** How long each read may wait for the network. */
    abstract void setTimeout(Duration timeout);

    /** Whether {@link #close} was called: reads then fail. */
    abstract boolean isClosed();

    /** {@link #current} with bytes left (waiting for them if need be), or null at the end. */
    abstract ByteBuffer nextBuffer() throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (isClosed()) throw new IOException("the body is closed");
        if (len == 0) return 0;
        ByteBuffer buffer = nextBuffer();
        if (buffer == null) return -1;
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public synchronized int available() {
        return current != null ? current.remaining() : 0;
    }

    /** Stops the download and frees its connections. Idempotent. */
    @Override
    public abstract void close();

    /**
     * Writes every byte not read yet to {@code file} from its position 0 on, reporting progress to
     * {@code listener}; one answer is copied in order, ranges are written in place as they arrive.
     */
    void writeTo(FileChannel file, TransferListener listener) throws IOException {
        file.position(0);
        OutputStream out = Channels.newOutputStream(file);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            listener.transferred(n);
        }
    }

    /**
     * A failure the download cannot recover from, carried through {@link InputStream}'s
     * {@code IOException}-only reads and thrown as itself by {@link StreamingBody}.
     */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(CloudFilesException cause) {
            super(cause.getMessage(), cause);
        }

        CloudFilesException failure() {
            return (CloudFilesException) getCause();
        }
    }
}
