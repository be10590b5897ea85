package dev.cloudfiles.store;

/**
 * The bytes received do not have the digest the sender declared for them ({@code Content-Digest}):
 * they were changed on the way. Thrown before anything is written.
 */
public final class DigestMismatchException extends StoreException {
    public DigestMismatchException(String message) {
        super(message);
    }

    /** Throws unless {@code expected} (when given) is the SHA-256 {@code actual}. */
    public static void check(java.util.Optional<byte[]> expected, byte[] actual, String what) {
        if (expected.isPresent() && !java.security.MessageDigest.isEqual(expected.get(), actual)) {
            throw new DigestMismatchException("the SHA-256 of " + what + " as received, sha-256=:"
                    + java.util.Base64.getEncoder().encodeToString(actual) + ":, is not the one its Content-Digest"
                    + " declares: it was changed on the way; nothing was stored");
        }
    }

    @Override
    public Code code() {
        return Code.DIGEST_MISMATCH;
    }
}
