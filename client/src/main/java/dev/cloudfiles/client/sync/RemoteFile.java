package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.FileInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * A file of the drive under the prefix of a sync.
 *
 * @param path         its name relative to the prefix, e.g. {@code a/b.txt} for {@code photos/a/b.txt}
 * @param name         its full name in the drive
 * @param size         its size in bytes
 * @param lastModified when it was written (milliseconds), or {@code null} if unknown
 * @param etag         its ETag as the API reports it (quoted), or {@code null}
 * @param sha256       the hex SHA-256 of its bytes when the server reports one, else {@code null}
 */
public record RemoteFile(String path, String name, long size, Instant lastModified, String etag, String sha256) {

    /** The sync's view of a listed file, with the server's SHA-256 when it has one. */
    static RemoteFile of(String path, FileInfo info) {
        return new RemoteFile(path, info.name(), info.size(), info.lastModified(), info.etag(), info.sha256());
    }

    /** What its metadata lets a local file's bytes be compared with, if anything. */
    Optional<ContentDigest> digest() {
        return ContentDigest.of(sha256, etag);
    }
}
