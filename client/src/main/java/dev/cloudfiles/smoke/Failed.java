package dev.cloudfiles.smoke;

import java.util.Arrays;
import java.util.Objects;

/** A check that did not hold: its message is what the FAIL line says. */
final class Failed extends RuntimeException {
    Failed(String message) {
        super(message, null, false, false);
    }

    /** Fails with "WHAT: expected E, got A" unless the two are equal. */
    static void expect(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) throw new Failed(what + ": expected " + expected + ", got " + actual);
    }

    /** Fails, saying where, unless the bytes read back are the bytes written. */
    static void expectBytes(String what, byte[] expected, byte[] actual) {
        int at = Arrays.mismatch(expected, actual);
        if (at >= 0) {
            throw new Failed(what + ": bytes differ from offset " + at + " (" + actual.length + " read, "
                    + expected.length + " written)");
        }
    }
}
