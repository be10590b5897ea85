package dev.cloudfiles.store.blobs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes in memory (the JDK's, no dependency); stored and answered as lowercase hex. */
public final class Sha256 {
    /** A SHA-256 is 32 bytes. */
    public static final int BYTES = 32;

    private Sha256() {}

    public static byte[] of(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
