package dev.cloudfiles.names;

/**
 * UTF-8 facts about Java strings without encoding them: byte length and byte order, which is the
 * order DynamoDB sorts keys in (UTF-16 order differs for characters above U+FFFF).
 */
public final class Utf8 {
    private Utf8() {}

    /** Byte length of the UTF-8 encoding of a well-formed string. */
    public static int length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    /** Compares two strings by the byte order of their UTF-8 encodings. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb); // code point order == UTF-8 byte order
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
