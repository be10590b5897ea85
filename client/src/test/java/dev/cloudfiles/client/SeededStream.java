package dev.cloudfiles.client;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code size} pseudo-random bytes from a seed: the same bytes every time, never all in memory.
 * The client tests' one source of test content ({@link #bytes} for content that fits in memory).
 */
public final class SeededStream extends InputStream {
    private final SplittableRandom random;
    private long left;
    private long word;
    private int wordBytes;

    public SeededStream(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.left = size;
    }

    /** The stream's bytes as an array. */
    public static byte[] bytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new SeededStream(seed, size).read(bytes, 0, size); // one call fills it: this read never stops short
        return bytes;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (left == 0) return -1;
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
            if (wordBytes == 0) {
                word = random.nextLong();
                wordBytes = 8;
            }
            b[off + i] = (byte) word;
            word >>>= 8;
            wordBytes--;
        }
        left -= n;
        return n;
    }
}
