package dev.cloudfiles.store.index;

import java.time.Instant;

/**
 * One file as the index knows it. {@code blob} is the opaque S3 key of its bytes, unique per write,
 * so that an overwrite never touches bytes a reader may still be streaming. {@code sha256} is the
 * lowercase hex SHA-256 of the bytes, computed by the service when it received them whole (an
 * inline put), or null: files written before digests existed, and files assembled from parts (the
 * service never sees their bytes whole). Whoever rewrites a record keeps it.
 */
public record FileRecord(
        String name,
        long size,
        String contentType,
        String etag,
        Instant lastModified,
        String blob,
        long version,
        String sha256) {}
