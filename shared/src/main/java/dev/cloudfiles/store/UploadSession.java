package dev.cloudfiles.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An upload in progress: an S3 multipart upload of a fresh blob, owned by one drive and one name.
 *
 * @param id the public upload id (a ULID, so its creation time is part of it)
 * @param contentType the type given at the start or with the first part; guessed at commit otherwise
 * @param partSize for presigned uploads, the part size handed out; 0 otherwise
 */
public record UploadSession(
        String id,
        String drive,
        String name,
        String blob,
        String s3UploadId,
        Optional<String> contentType,
        Instant created,
        Instant expires,
        long partSize,
        long size) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
