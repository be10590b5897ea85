package dev.cloudfiles.store;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.cloudfiles.names.Drive;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * File bytes in S3 under opaque keys {@code {project}/{drive}/{ULID}}. User names never become S3
 * keys; they travel as metadata only so that the sweeper can match an orphan to its index entry.
 */
public final class BlobStore {
    static final String META_NAME = "cf-name";
    static final String META_DRIVE = "cf-drive";
    static final String OPAQUE = "application/octet-stream";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public BlobStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** A key no write has used before. */
    public String newKey(Drive drive) {
        return drive.partitionKey() + "/" + UlidCreator.getMonotonicUlid();
    }

    /**
     * Writes bytes under a fresh key that nobody references yet; returns S3's ETag. Blobs are opaque:
     * the file's content type lives in the index and is given to S3 only per presigned GET.
     */
    public String put(String key, Drive drive, String name, byte[] content) {
        return s3.putObject(b -> b.bucket(bucket).key(key).contentType(OPAQUE).metadata(metadata(drive, name)),
                RequestBody.fromBytes(content)).eTag();
    }

    /** Opens a blob, or empty when it is gone (deleted under a reader). */
    public Optional<ResponseInputStream<GetObjectResponse>> open(String key, Optional<String> range) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key).range(range.orElse(null))));
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        }
    }

    /** A short-lived GET URL for exactly this one object, answering with the given headers. */
    public URL presignGet(String key, Duration ttl, String contentType, String contentDisposition) {
        return presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g
                .bucket(bucket).key(key)
                .responseContentType(contentType)
                .responseContentDisposition(contentDisposition))).url();
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    static Map<String, String> metadata(Drive drive, String name) {
        return Map.of(META_DRIVE, drive.partitionKey(),
                META_NAME, Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
    }
}
