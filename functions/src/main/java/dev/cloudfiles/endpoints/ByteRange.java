package dev.cloudfiles.endpoints;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A single {@code Range: bytes=...} request resolved against a file's size (RFC 9110 §14). */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    /** Thrown for a syntactically valid range that lies outside the file: the answer is 416. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    /**
     * The range to serve, or empty to serve the whole file: a header that is absent, malformed or
     * asks for several ranges is ignored, as RFC 9110 allows.
     */
    static Optional<ByteRange> parse(Optional<String> header, long size) throws Unsatisfiable {
        if (header.isEmpty()) return Optional.empty();
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return Optional.empty();
        try {
            if (m.group(1).isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0 || size == 0) throw new Unsatisfiable();
                return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) return Optional.empty();
            if (first >= size) throw new Unsatisfiable();
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    long length() {
        return last - first + 1;
    }

    String header() {
        return "bytes=" + first + "-" + last;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
