package dev.cloudfiles.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digests the client sends and checks (RFC 9530): {@code Content-Digest: sha-256=:<base64>:}
 * on a put, {@code Repr-Digest} read from a download, and the MD5 S3 checks on a part
 * ({@code Content-MD5}). All from the JDK.
 */
final class Digests {
    private static final Pattern SHA256_MEMBER =
            Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/]*=*):(?:;[^,]*)?\\s*(?=,|$)");

    private Digests() {}

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    /** The {@code Content-Digest} of these bytes. */
    static String contentDigest(byte[] bytes) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256().digest(bytes)) + ":";
    }

    /** The lowercase hex SHA-256 a {@code Repr-Digest} field states, or null when it states none (or garbles it). */
    static String sha256Hex(String reprDigest) {
        if (reprDigest == null) return null;
        Matcher m = SHA256_MEMBER.matcher(reprDigest);
        if (!m.find()) return null;
        try {
            byte[] digest = Base64.getDecoder().decode(m.group(1));
            return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }
}
