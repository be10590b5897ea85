package dev.cloudfiles.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random bytes of any length, generated while read: large files for tests
 * without large buffers. The same seed and length give the same bytes, so the same SHA-256.
 */
public final class GeneratedContent extends InputStream {
    private final long seed;
    private final long length;
    private long position;

    public GeneratedContent(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    /** A stream of bytes [from, from + count) of the content of this seed; skipping costs nothing. */
    public static GeneratedContent slice(long seed, long from, long count) {
        GeneratedContent content = new GeneratedContent(seed, from + count);
        content.position = from;
        return content;
    }

    /** Byte {@code i}: SplitMix64 of its 8-byte block, so any position is computed directly. */
    private long block(long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int read() {
        if (position >= length) return -1;
        int b = (int) (block(position >>> 3) >>> ((position & 7) * 8)) & 0xff;
        position++;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) return -1;
        int n = (int) Math.min(count, length - position);
        int i = 0;
        while (i < n) {
            long value = block(position >>> 3);
            for (int shift = (int) (position & 7); shift < 8 && i < n; shift++, i++, position++) {
                buffer[offset + i] = (byte) (value >>> (shift * 8));
            }
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, length - position));
        position += skipped;
        return skipped;
    }

    /** The SHA-256 (hex) of everything {@code in} yields, read in small buffers. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(long seed, long length) throws IOException {
        return sha256(new GeneratedContent(seed, length));
    }

    /** Bytes [from, from + count) of the content of this seed. */
    public static byte[] bytes(long seed, long from, int count) {
        byte[] bytes = new byte[count];
        slice(seed, from, count).read(bytes, 0, count); // one call fills it: this read never stops short
        return bytes;
    }

    /** The first {@code count} bytes of the content of this seed. */
    public static byte[] bytes(long seed, int count) {
        return bytes(seed, 0, count);
    }
}
