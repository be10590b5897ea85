package dev.cloudfiles.store.blobs;

import dev.cloudfiles.store.Internal;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How S3 and its emulator say "not there", in one place. AWS answers a HEAD of a missing key with
 * a bare 404 (no body, so no {@code NoSuchKey} code), and S3Proxy answers ListParts of an aborted
 * upload with a 404 that the SDK does not always map to {@code NoSuchUploadException}. S3Proxy also
 * answers ListParts of a <em>completed</em> upload with an empty list (AWS: {@code NoSuchUpload}) and
 * accepts parts for it; {@code Uploads} therefore treats "no parts" as "maybe completed" and looks
 * for the blob, and records on the session that its parts were assembled.
 */
@Internal
public final class Quirks {
    private Quirks() {}

    /** The object does not exist. */
    public static boolean isNotFound(S3Exception e) {
        return e instanceof NoSuchKeyException || e.statusCode() == 404;
    }

    /** The multipart upload does not exist (aborted, or completed). */
    public static boolean isNoSuchUpload(S3Exception e) {
        return e instanceof NoSuchUploadException || e.statusCode() == 404;
    }
}
