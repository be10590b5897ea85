package dev.cloudfiles.store.index;

/** The condition a write is made under: none, create only, or replace only one version. */
public sealed interface Precondition {
    Precondition NONE = new None();

    record None() implements Precondition {}

    /** {@code If-None-Match: *}: the name must not exist yet. */
    record IfAbsent() implements Precondition {}

    /** {@code If-Match: "etag"}: the current version must have this ETag; {@code *}: any version must exist. */
    record IfMatch(String etag) implements Precondition {
        /** Whether a visible version with this ETag satisfies it: the one place If-Match is checked in code. */
        public boolean admits(String current) {
            return etag.equals("*") || etag.equals(current);
        }
    }
}
