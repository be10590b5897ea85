package dev.cloudfiles.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A download's body that hashes what is read and, when the end is reached, compares the SHA-256
 * with the file's: a mismatch throws {@link DigestMismatchException} (unchecked, so that no caller
 * can mistake it for a network hiccup to retry quietly), from that read and every later one.
 * Nothing is checked when the body is closed before its end.
 */
final class VerifyingStream extends FilterInputStream {
    private final MessageDigest sha256 = Digests.sha256();
    private final String expectedHex;
    private final String name;
    private boolean checked;
    private DigestMismatchException mismatch;

    VerifyingStream(InputStream in, String expectedHex, String name) {
        super(in);
        this.expectedHex = expectedHex;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (mismatch != null) throw mismatch;
        int n = super.read(b, off, len);
        if (n > 0) sha256.update(b, off, n);
        if (n < 0 && !checked) {
            checked = true;
            String actual = Digests.hex(sha256.digest());
            if (!actual.equals(expectedHex)) {
                mismatch = DigestMismatchException.download(name, expectedHex, actual);
                throw mismatch;
            }
        }
        return n;
    }

    /** Skipped bytes are read and hashed: the check needs every byte. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
