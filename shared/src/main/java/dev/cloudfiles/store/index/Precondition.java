package dev.cloudfiles.store.index;

/** The condition a write is made under: none, create only, or replace only one version. */
public sealed interface Precondition {
    Precondition NONE = new None();

    record None() implements Precondition {}

    /** {@code If-None-Match: *}: the name must not exist yet. */
    record IfAbsent() implements Precondition {}

    /** {@code If-Match: "etag"}: the current version must have this ETag; {@code *}: any version must exist. */
    record IfMatch(String etag) implements Precondition {}
}
