package dev.cloudfiles.local.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic tampering for tests: the changed value always differs from the original (replacing
 * a character with a fixed one does not, when it already was that character: 1 run in 16 for a hex
 * signature).
 */
public final class Tampering {
    private static final Pattern SIGNATURE = Pattern.compile("([?&]X-Amz-Signature=)([0-9a-f])");

    private Tampering() {}

    /** {@code url} with the first hex digit of its SigV4 signature changed to another one. */
    public static String signature(String url) {
        Matcher m = SIGNATURE.matcher(url);
        if (!m.find()) throw new IllegalArgumentException("no X-Amz-Signature in " + url);
        return url.substring(0, m.start(2)) + otherHexDigit(m.group(2).charAt(0)) + url.substring(m.end(2));
    }

    static char otherHexDigit(char c) {
        return c == '0' ? '1' : '0';
    }
}
