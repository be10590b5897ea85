package dev.cloudfiles.client.sync;

import java.nio.charset.StandardCharsets;

/**
 * The store's rules for a file name (API.md "Names"; the server's {@code names.FileName}), so that
 * a sync reports a local file the store would refuse instead of failing its upload. The client
 * does not depend on the server's code; {@code StoreNameTest} checks both agree.
 */
final class StoreName {
    static final int MAX_BYTES = 1024;

    private StoreName() {}

    /** Why {@code name} is not a valid file name in the store, or {@code null} when it is. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) return "name is missing";
        if (name.isBlank()) return "name must not be only whitespace";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) return "name must not contain control characters";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return "name is not valid UTF-8";
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "name is not valid UTF-8";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "name is longer than " + MAX_BYTES + " bytes of UTF-8";
        }
        if (name.startsWith("/")) return "name must not start with '/'";
        if (name.endsWith("/")) return "name must not end with '/'";
        if (name.contains("//")) return "name must not contain '//'";
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return "name must not contain '.' or '..' segments";
        }
        return null;
    }
}
