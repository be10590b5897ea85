package dev.cloudfiles.store.blobs;

import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.UploadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3 multipart uploads of one blob: the bytes of a large file, in parts, straight or through the API. */
public final class Multipart {
    /** A part S3 holds: its number, size and ETag. */
    public record Part(int number, long size, String etag) {}

    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    /** The clients are asked for on each use: they may be built on first use ({@code Clients}). */
    public Multipart(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    private S3Client s3() {
        return s3.get();
    }

    /** Starts the multipart upload of {@code blob} (a {@link BlobStore#uploadKey}). */
    public String start(String blob, Drive drive, String name) {
        return s3().createMultipartUpload(b -> b.bucket(bucket)
                        .key(blob)
                        .contentType(BlobStore.OPAQUE)
                        .metadata(BlobStore.metadata(drive, name)))
                .uploadId();
    }

    public void upload(String blob, String uploadId, int part, byte[] bytes) {
        s3().uploadPart(
                        b -> b.bucket(bucket).key(blob).uploadId(uploadId).partNumber(part),
                        RequestBody.fromBytes(bytes));
    }

    /**
     * A URL that lets its holder upload exactly this one part, of exactly {@code length} bytes, until
     * it expires. The length is signed: S3 refuses a part of any other size. A {@code contentMd5}
     * (base64) is signed too: the holder must send it as {@code Content-MD5}, and S3 refuses a body
     * whose MD5 differs (400 BadDigest), whatever the upload's checksum settings.
     */
    public Signing.Presigned presignPart(
            String blob, String uploadId, int part, long length, Signing.Window window, Optional<String> contentMd5) {
        return window.sign(lifetime -> presigner
                .get()
                .presignUploadPart(p -> p.signatureDuration(lifetime)
                        .uploadPartRequest(u -> u.bucket(bucket)
                                .key(blob)
                                .uploadId(uploadId)
                                .partNumber(part)
                                .contentLength(length)
                                .contentMD5(contentMd5.orElse(null))
                                .overrideConfiguration(o -> o.credentialsProvider(window.provider())))));
    }

    /** Every part S3 holds, in order; empty when the upload no longer exists (aborted or completed). */
    public Optional<List<Part>> parts(String blob, String uploadId) {
        List<Part> parts = new ArrayList<>();
        try {
            for (var page :
                    s3().listPartsPaginator(b -> b.bucket(bucket).key(blob).uploadId(uploadId))) {
                page.parts().forEach(p -> parts.add(new Part(p.partNumber(), p.size(), p.eTag())));
            }
        } catch (S3Exception e) {
            if (Quirks.isNoSuchUpload(e)) return Optional.empty();
            throw e;
        }
        parts.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return Optional.of(parts);
    }

    /**
     * Assembles the blob from these parts; returns its ETag. S3 refuses parts that changed since
     * they were listed (a part sent again meanwhile): that is the caller's conflict, not our error.
     */
    public String complete(String blob, String uploadId, List<Part> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder()
                        .partNumber(p.number())
                        .eTag(p.etag())
                        .build())
                .toList();
        try {
            return s3().completeMultipartUpload(
                            b -> b.bucket(bucket).key(blob).uploadId(uploadId).multipartUpload(m -> m.parts(completed)))
                    .eTag();
        } catch (NoSuchUploadException gone) {
            // S3 lost the upload under a request that found its session (an abort raced it): it is gone.
            throw new UploadException(UploadException.Kind.NOT_FOUND, "upload not found: it was aborted or finished");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (PARTS_CHANGED.contains(code)) {
                throw new UploadException(
                        UploadException.Kind.INCOMPLETE,
                        "the parts changed while this commit ran (a part was sent again): commit again");
            }
            throw e;
        }
    }

    private static final java.util.Set<String> PARTS_CHANGED =
            java.util.Set.of("InvalidPart", "InvalidPartOrder", "EntityTooSmall");

    /** Aborts the upload; one that is already gone (aborted, completed) is fine. */
    public void abort(String blob, String uploadId) {
        try {
            s3().abortMultipartUpload(b -> b.bucket(bucket).key(blob).uploadId(uploadId));
        } catch (S3Exception e) {
            if (!Quirks.isNoSuchUpload(e)) throw e;
        }
    }
}
