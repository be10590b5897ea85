package dev.cloudfiles.http;

import dev.cloudfiles.store.blobs.Sha256;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 9530 digest fields: {@code Content-Digest} read from a request, {@code Repr-Digest} written on
 * a download. Both are Structured Field dictionaries (RFC 8941) of algorithm to byte sequence,
 * {@code sha-256=:<base64>:}. Only {@code sha-256} is checked; other algorithms ({@code md5},
 * {@code sha-512}, ...) are ignored as RFC 9530 lets a recipient do. A field that is not a
 * dictionary, or a {@code sha-256} that is not 32 bytes of base64, is a 400.
 */
public final class DigestFields {
    /** One dictionary member: a key, optionally {@code =} a value, then parameters (ignored). */
    private static final Pattern MEMBER =
            Pattern.compile("([a-z*][a-z0-9_.*-]*)(?:=(:[A-Za-z0-9+/]*=*:|[^;]*))?((?:;[^;]*)*)");

    private static final Pattern BYTES = Pattern.compile(":([A-Za-z0-9+/]*=*):");

    private DigestFields() {}

    /** The SHA-256 the request's {@code Content-Digest} declares, if it declares one. */
    public static Optional<byte[]> sha256(ApiRequest request) {
        return request.header("content-digest").flatMap(DigestFields::parseSha256);
    }

    static Optional<byte[]> parseSha256(String field) {
        byte[] found = null;
        for (String raw : field.split(",", -1)) {
            String member = raw.strip();
            Matcher m = MEMBER.matcher(member);
            if (!m.matches()) throw malformed();
            if (!m.group(1).equals("sha-256")) continue; // another algorithm: ignored (RFC 9530 §2)
            Matcher bytes = m.group(2) == null ? null : BYTES.matcher(m.group(2));
            if (bytes == null || !bytes.matches()) throw malformed();
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(bytes.group(1));
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
            if (digest.length != Sha256.BYTES) throw malformed();
            found = digest; // a dictionary's last member of a key wins (RFC 8941 §4.2.2)
        }
        return Optional.ofNullable(found);
    }

    /** The {@code Repr-Digest} value of a file whose SHA-256 is {@code hex}. */
    public static String field(String hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)) + ":";
    }

    private static ApiException malformed() {
        return ApiError.BAD_REQUEST.exception("header 'Content-Digest' is malformed: send sha-256=:<base64 of the"
                + " 32-byte SHA-256 of the body>: (RFC 9530); other algorithms are ignored");
    }
}
