package dev.cloudfiles.bench;

import java.io.InputStream;
import java.util.Random;

/**
 * Generated file content, never held whole: byte {@code i} of a "file" is a function of
 * {@code i} alone, so any range can be produced (to upload) or checked (on download) by
 * streaming. A fixed 1 MiB random block XOR the MiB index: incompressible and position-dependent.
 */
final class PositionalContent {

    static final int BLOCK = 1 << 20;
    private static final byte[] RANDOM = new byte[BLOCK];

    static {
        new Random(20261128L).nextBytes(RANDOM);
    }

    private PositionalContent() {}

    /** Fills {@code dst[off, off+len)} with the content's bytes from {@code position} on. */
    static void fill(long position, byte[] dst, int off, int len) {
        while (len > 0) {
            int inBlock = (int) (position % BLOCK);
            int n = Math.min(len, BLOCK - inBlock);
            byte mask = (byte) (position / BLOCK);
            for (int k = 0; k < n; k++) dst[off + k] = (byte) (RANDOM[inBlock + k] ^ mask);
            position += n;
            off += n;
            len -= n;
        }
    }

    /** A small file of {@code size} bytes, for puts (held in memory: at most a few MiB). */
    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        fill(0, b, 0, size);
        return b;
    }

    /** The bytes {@code [start, start+length)} as a stream. */
    static InputStream stream(long start, long length) {
        return new InputStream() {
            private long pos = start;
            private final long end = start + length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= end) return -1;
                int n = (int) Math.min(len, end - pos);
                fill(pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
