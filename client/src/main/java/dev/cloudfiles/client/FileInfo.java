package dev.cloudfiles.client;

import java.time.Instant;

/**
 * A stored file's metadata, as the API reports it after a write, in a detailed listing, or with a
 * download.
 *
 * @param name         the file's full name, e.g. {@code notes/september/today.txt}
 * @param size         its size in bytes
 * @param contentType  its content type
 * @param etag         its entity tag, quoted as in HTTP (e.g. {@code "9b2cf535f27731c974343645a3985328"})
 * @param lastModified when it was written (millisecond precision), or {@code null} if unknown
 * @param sha256       the lowercase hex SHA-256 of its bytes as the service computed it when they
 *                     arrived whole (files up to the inline limit, 4 MiB), or {@code null}: files
 *                     uploaded in parts, and files stored before the service kept digests. A
 *                     download of a file with one is checked against it.
 */
public record FileInfo(String name, long size, String contentType, String etag, Instant lastModified, String sha256) {}
