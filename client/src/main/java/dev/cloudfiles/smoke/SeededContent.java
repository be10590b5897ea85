package dev.cloudfiles.smoke;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's bytes made up from a seed: different at every offset, so a range read from the wrong
 * place or a part sent twice shows, and any range can be made again without keeping the file.
 */
record SeededContent(long seed, long size) {
    private static final int CHUNK = 1 << 20;

    /** The bytes from {@code offset} on, {@code length} of them. */
    byte[] bytes(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = byteAt(offset + i);
        return b;
    }

    byte[] all() {
        return bytes(0, Math.toIntExact(size));
    }

    /** The lowercase hex SHA-256 of the whole content, made a chunk at a time. */
    String sha256() {
        MessageDigest digest = sha256Digest();
        for (long offset = 0; offset < size; offset += CHUNK) {
            digest.update(bytes(offset, (int) Math.min(CHUNK, size - offset)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private byte byteAt(long offset) {
        return (byte) (mix(seed * 0x9E3779B97F4A7C15L + (offset >>> 3)) >>> ((offset & 7) * 8));
    }

    /** SplitMix64's finalizer: neighbouring inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
