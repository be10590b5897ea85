package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Duration;

/**
 * Where a {@link StreamingBody}'s bytes come from: one HTTP answer ({@link BodyStream}), or a large
 * file's ranges fetched in parallel ({@link RangedBody}). Read in order as an {@link InputStream},
 * or written to a file with {@link #writeTo}, whichever comes first.
 */
abstract class BodySource extends InputStream {
    /** How long each read may wait for the network. */
    abstract void setTimeout(Duration timeout);

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
