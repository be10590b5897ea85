package dev.cloudfiles.store.blobs;

import com.github.f4b6a3.ulid.Ulid;
import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.Internal;
import dev.cloudfiles.store.table.InFlight;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * File bytes in S3 under opaque keys {@code {project}/{drive}/{ULID}}; every single-object S3
 * operation and the blob metadata live here. User names never become S3 keys; they travel as
 * metadata only, so that the sweeper can match a blob to its index entry. The ULID in the key says
 * when the write began, which bounds how long it may still be in flight ({@link InFlight}).
 */
public final class BlobStore {
    static final String OPAQUE = "application/octet-stream";
    private static final String META_NAME = "cf-name";
    private static final String META_DRIVE = "cf-drive";
    /** Keys of blobs to look at first, left by writes that could not record their garbage. */
    @Internal
    public static final String RECHECK_PREFIX = "#recheck/";

    /** Whose blob this is, from its metadata: the drive and the name it was written for. */
    public record Owner(String drive, String name) {}

    /** A complete blob: its size, S3's ETag and its owner, when the metadata names one. */
    public record Head(long size, String etag, Optional<Owner> owner) {}

    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;
    private final Clock clock;

    /** The clients are asked for on each use: they may be built on first use ({@code Clients}). */
    public BlobStore(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
    }

    private S3Client s3() {
        return s3.get();
    }

    /** A key no write has used before, stamped with the moment the write begins. */
    public String newKey(Drive drive) {
        return drive.partitionKey() + "/" + UniqueIds.shared().ulid(clock.millis());
    }

    /**
     * The blob of upload session {@code session}, {@code {project}/{drive}/u/{session}}: the key
     * names the session, so the sweeper can ask whether it still lives without reading the blob.
     * The session id is a ULID made when the upload started, as every blob key's is.
     */
    public static String uploadKey(Drive drive, String session) {
        return drive.partitionKey() + "/u/" + session;
    }

    /** The upload session a blob belongs to: its drive's partition key and id. */
    public record UploadRef(String drive, String id) {}

    /** The session whose blob this is, when the key is an upload's. */
    public static Optional<UploadRef> upload(String key) {
        String[] parts = key.split("/", -1);
        return parts.length == 4 && parts[2].equals("u")
                ? Optional.of(new UploadRef(parts[0] + "/" + parts[1], parts[3]))
                : Optional.empty();
    }

    /** When the write of this blob began (the ULID in its key), if the key is one of ours. */
    public static Optional<Instant> began(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        return Ulid.isValid(last) ? Optional.of(Ulid.from(last).getInstant()) : Optional.empty();
    }

    /**
     * Writes bytes under a fresh key that nobody references yet; returns S3's ETag. Blobs are opaque:
     * the file's content type lives in the index and is given to S3 only per presigned GET.
     */
    public String put(String key, Drive drive, String name, byte[] content) {
        return s3().putObject(
                        b -> b.bucket(bucket).key(key).contentType(OPAQUE).metadata(metadata(drive, name)),
                        RequestBody.fromBytes(content))
                .eTag();
    }

    /** The empty blob of an upload with no parts (S3 cannot complete a multipart upload of none). */
    @Internal
    public String putEmpty(String key, Drive drive, String name) {
        return put(key, drive, name, new byte[0]);
    }

    /** Opens a blob, or empty when it is gone (deleted under a reader). */
    public Optional<ResponseInputStream<GetObjectResponse>> open(String key, Optional<String> range) {
        try {
            return Optional.of(s3().getObject(b -> b.bucket(bucket).key(key).range(range.orElse(null))));
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        }
    }

    /** Size, ETag and owner of a complete blob, or empty when there is none. */
    public Optional<Head> head(String key) {
        try {
            var head = s3().headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Head(head.contentLength(), head.eTag(), owner(head.metadata())));
        } catch (S3Exception e) {
            if (Quirks.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    /**
     * A short-lived GET URL for exactly this one object, answering with the given headers, signed
     * with the window's credentials for its lifetime.
     */
    public Signing.Presigned presignGet(
            String key, Signing.Window window, String contentType, String contentDisposition) {
        return window.sign(lifetime -> presigner
                .get()
                .presignGetObject(p -> p.signatureDuration(lifetime)
                        .getObjectRequest(g -> g.bucket(bucket)
                                .key(key)
                                .responseContentType(contentType)
                                .responseContentDisposition(contentDisposition)
                                .overrideConfiguration(o -> o.credentialsProvider(window.provider())))));
    }

    /** Deletes a blob; one that is gone already is fine (S3 answers 204 either way). */
    public void delete(String key) {
        s3().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Deletes up to 1,000 blobs in one request; returns the keys S3 could not delete (to try again later). */
    @Internal
    public Set<String> deleteAll(List<String> keys) {
        if (keys.isEmpty()) return Set.of();
        List<ObjectIdentifier> ids = keys.stream()
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        var response = s3().deleteObjects(
                        b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        Set<String> failed = new HashSet<>();
        response.errors().forEach(e -> failed.add(e.key()));
        return failed;
    }

    /** One page of the bucket's keys after {@code after}, for the orphan scan. */
    @Internal
    public record Listing(List<S3Object> objects, boolean truncated) {}

    @Internal
    public Listing list(String prefix, String after, int max) {
        var page = s3().listObjectsV2(b -> b.bucket(bucket)
                .prefix(prefix.isEmpty() ? null : prefix)
                .maxKeys(max)
                .startAfter(after.isEmpty() ? null : after));
        return new Listing(page.contents(), Boolean.TRUE.equals(page.isTruncated()));
    }

    /**
     * Leaves a marker that makes the sweeper look at {@code key} on its next run: the fallback when
     * the table cannot take a garbage record (an outage), so that the blob does not wait for the
     * orphan scan's slow pass over the whole bucket.
     */
    @Internal
    public void markForRecheck(String key) {
        s3().putObject(b -> b.bucket(bucket).key(RECHECK_PREFIX + key), RequestBody.empty());
    }

    static Map<String, String> metadata(Drive drive, String name) {
        return Map.of(
                META_DRIVE,
                drive.partitionKey(),
                META_NAME,
                Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<Owner> owner(Map<String, String> meta) {
        String drive = meta.get(META_DRIVE);
        String encodedName = meta.get(META_NAME);
        if (drive == null || encodedName == null) return Optional.empty(); // not written by Cloud Files
        try {
            String name = new String(Base64.getUrlDecoder().decode(encodedName), StandardCharsets.UTF_8);
            return Optional.of(new Owner(drive, name));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
