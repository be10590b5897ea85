package dev.cloudfiles.store;

import dev.cloudfiles.names.Drive;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3 multipart uploads of one blob: the bytes of a large file, in parts, straight or through the API. */
public final class Multipart {
    /** A part S3 holds: its number, size and ETag. */
    public record Part(int number, long size, String etag) {}

    /** What a finished blob is: its size and S3's ETag. */
    public record Stored(long size, String etag) {}

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public Multipart(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    public String start(String blob, Drive drive, String name) {
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(blob).contentType(BlobStore.OPAQUE)
                .metadata(BlobStore.metadata(drive, name))).uploadId();
    }

    public void upload(String blob, String uploadId, int part, byte[] bytes) {
        s3.uploadPart(b -> b.bucket(bucket).key(blob).uploadId(uploadId).partNumber(part), RequestBody.fromBytes(bytes));
    }

    /** A URL that lets its holder upload exactly this one part, and nothing else, until it expires. */
    public URL presignPart(String blob, String uploadId, int part, Duration ttl) {
        return presigner.presignUploadPart(p -> p.signatureDuration(ttl)
                .uploadPartRequest(u -> u.bucket(bucket).key(blob).uploadId(uploadId).partNumber(part))).url();
    }

    /** Every part S3 holds, in order; empty when the upload no longer exists. */
    public Optional<List<Part>> parts(String blob, String uploadId) {
        List<Part> parts = new ArrayList<>();
        try {
            for (var page : s3.listPartsPaginator(b -> b.bucket(bucket).key(blob).uploadId(uploadId))) {
                page.parts().forEach(p -> parts.add(new Part(p.partNumber(), p.size(), p.eTag())));
            }
        } catch (NoSuchUploadException gone) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw e;
        }
        return Optional.of(parts);
    }

    public String complete(String blob, String uploadId, List<Part> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
                .toList();
        return s3.completeMultipartUpload(b -> b.bucket(bucket).key(blob).uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed))).eTag();
    }

    /** Aborts the upload; one that is already gone (aborted, completed) is fine. */
    public void abort(String blob, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(blob).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
            // nothing left to abort
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
        }
    }

    /** Size and ETag of a complete blob, or empty when there is none. */
    public Optional<Stored> head(String blob) {
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(blob));
            return Optional.of(new Stored(head.contentLength(), head.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** The user metadata of a blob, or empty when there is no such blob. */
    public Optional<java.util.Map<String, String>> metadata(String blob) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(blob)).metadata());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Deletes a blob; one that is gone already is fine (S3 answers 204 either way). */
    public void deleteBlob(String blob) {
        s3.deleteObject(b -> b.bucket(bucket).key(blob));
    }

    /** An upload committed with no parts is an empty file: S3 cannot complete one, so write it plainly. */
    public String putEmpty(String blob, Drive drive, String name) {
        return s3.putObject(b -> b.bucket(bucket).key(blob).contentType(BlobStore.OPAQUE).metadata(BlobStore.metadata(drive, name)),
                RequestBody.empty()).eTag();
    }
}
