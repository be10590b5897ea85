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
    private final long length;
    private long position;
    private long state;

    public GeneratedContent(long seed, long length) {
        this.length = length;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    private byte next() {
        if ((position & 7) == 0) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
        }
        return (byte) (state >>> ((position & 7) * 8));
    }

    @Override
    public int read() {
        if (position >= length) return -1;
        byte b = next();
        position++;
        return b & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) return -1;
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = next();
            position++;
        }
        return n;
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
    public static byte[] slice(long seed, long from, int count) throws IOException {
        GeneratedContent content = new GeneratedContent(seed, from + count);
        content.skipNBytes(from);
        return content.readNBytes(count);
    }
}
