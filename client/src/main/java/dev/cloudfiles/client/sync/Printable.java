package dev.cloudfiles.client.sync;

/** Paths as plan and report lines show them: one line each, no terminal control codes. */
final class Printable {
    private Printable() {}

    /** {@code path} with control characters as {@code \xNN} (a newline is {@code \x0a}). */
    static String path(String path) {
        StringBuilder s = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) s.append(String.format("\\x%02x", (int) c));
            else s.append(c);
        }
        return s.toString();
    }
}
