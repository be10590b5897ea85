package dev.cloudfiles.names;

import java.nio.charset.StandardCharsets;

/**
 * A validated file name: UTF-8, 1 to 1,024 bytes, stored exactly as sent. {@code /} separates
 * directories, which exist only while a file under them does.
 */
public record FileName(String value) implements Comparable<FileName> {

    public static final int MAX_BYTES = 1024;

    public FileName {
        String problem = problem(value);
        if (problem != null) throw new InvalidNameException(problem);
    }

    public static FileName of(String value) {
        return new FileName(value);
    }

    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** Why {@code value} is not a valid file name, or null when it is. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) return "name is missing";
        if (value.isBlank()) return "name must not be only whitespace";
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) return "name must not contain control characters";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return "name is not valid UTF-8";
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "name is not valid UTF-8";
            }
        }
        if (Utf8.length(value) > MAX_BYTES) return "name is longer than " + MAX_BYTES + " bytes of UTF-8";
        if (value.startsWith("/")) return "name must not start with '/'";
        if (value.endsWith("/")) return "name must not end with '/'";
        if (value.contains("//")) return "name must not contain '//'";
        for (String segment : value.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return "name must not contain '.' or '..' segments";
        }
        return null;
    }

    public int byteLength() {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The part after the last {@code /}: what a download is saved as. */
    public String baseName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(FileName other) {
        return Utf8.compare(value, other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
