package dev.cloudfiles.store;

import java.time.Instant;

/**
 * One file as the index knows it. {@code blob} is the opaque S3 key of its bytes, unique per write,
 * so that an overwrite never touches bytes a reader may still be streaming.
 */
public record FileRecord(
        String name, long size, String contentType, String etag, Instant lastModified, String blob, long version) {}
