package dev.cloudfiles.store.uploads;

import java.time.Instant;
import java.util.Optional;

/**
 * An upload in progress: an S3 multipart upload of a fresh blob, owned by one drive and one name.
 *
 * @param id the public upload id (a ULID, so its creation time is part of it)
 * @param drive the drive's partition key
 * @param contentType the type given at the start or with the first part; guessed at commit otherwise
 * @param partSize for presigned uploads, the part size handed out; 0 for parts sent through the API
 * @param size the size declared at the start, binding at commit; always present for presigned uploads
 * @param assembled a commit completed the blob from the parts and then did not land (a failed
 *     precondition): the upload takes no more parts, and a later commit commits that blob
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
        Optional<Long> size,
        boolean assembled) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    public boolean presigned() {
        return partSize > 0;
    }

    /** The exact size of part {@code part} of a presigned upload: every part is full but the last. */
    public long presignedPartLength(int part) {
        long total = size.orElseThrow();
        return Math.min(partSize, total - (part - 1) * partSize);
    }
}
