package dev.cloudfiles.client.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A digest of a stored file's bytes that a local file can be checked against, chosen from what
 * the metadata offers: the server's SHA-256 when present, else the ETag when it is a plain MD5 of
 * the bytes (S3's ETag of a single PutObject: what inline puts make, SSE-S3 keeps it an MD5).
 * A multipart upload's ETag ({@code "<hex>-<parts>"}) is not a digest of the bytes: then there is
 * none, and the sync compares size and time instead.
 *
 * @param algorithm a {@link MessageDigest} algorithm: {@value #SHA_256} or {@value #MD5}
 * @param hex       the expected digest, lower-case hex
 */
record ContentDigest(String algorithm, String hex) {
    static final String SHA_256 = "SHA-256";
    static final String MD5 = "MD5";

    private static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern PLAIN_MD5_ETAG = Pattern.compile("\"?([0-9a-fA-F]{32})\"?");

    /** The best digest among a SHA-256 (hex, may be null) and an ETag (may be null), if any. */
    static Optional<ContentDigest> of(String sha256, String etag) {
        if (sha256 != null && SHA_256_HEX.matcher(sha256).matches()) {
            return Optional.of(new ContentDigest(SHA_256, sha256.toLowerCase(Locale.ROOT)));
        }
        if (etag != null) {
            Matcher md5 = PLAIN_MD5_ETAG.matcher(etag);
            if (md5.matches())
                return Optional.of(new ContentDigest(MD5, md5.group(1).toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** Whether the file's bytes have this digest; reads the file as a stream. */
    boolean matches(Path file) throws IOException {
        return hex.equals(hexOf(file, algorithm));
    }

    static String hexOf(Path file, String algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
