package dev.cloudfiles.client;

import java.util.List;

/**
 * Bytes were changed on the way: a download whose SHA-256 is not the one the server stated for the
 * file ({@code Repr-Digest}, or {@code sha256}), thrown when the end of the body is read; or an
 * upload refused because what arrived is not what the client hashed (the server's 400
 * {@code digest_mismatch}, or S3's BadDigest for a part), in which case nothing was stored. Never
 * ignore it: the bytes read must not be used.
 */
public final class DigestMismatchException extends CloudFilesException {
    DigestMismatchException(int status, String message, ErrorBody body, Throwable cause) {
        super(status, message, body, cause);
    }

    /** A download's bytes do not have the file's SHA-256. */
    static DigestMismatchException download(String name, String expected, String actual) {
        return new DigestMismatchException(
                0,
                "downloading " + name + ": the bytes received have SHA-256 " + actual + ", but the file's is "
                        + expected + ": they were changed on the way; do not use them",
                new ErrorBody(ErrorBody.DIGEST_MISMATCH, List.of(), null),
                null);
    }
}
