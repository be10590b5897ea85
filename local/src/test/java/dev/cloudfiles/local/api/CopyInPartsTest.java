package dev.cloudfiles.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.BlobStore;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The copy of a blob over S3's 5 GiB CopyObject limit goes in UploadPartCopy parts: the same code
 * path, run here against S3Proxy with 5 MiB parts (S3's smallest) instead of 512 MiB ones.
 */
class CopyInPartsTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    @Test
    void aBlobCopiedInPartsIsByteForByteTheSourceAndNamesItsNewOwner() throws Exception {
        var clients = stack.clients();
        String bucket = stack.config().bucket();
        BlobStore blobs = new BlobStore(clients::s3, clients::presigner, bucket, Clock.systemUTC());
        Drive drive = Drive.of("parts", "d1");
        byte[] content = new byte[12 * 1024 * 1024 + 123];
        new Random(11).nextBytes(content);
        String source = blobs.newKey(drive);
        blobs.put(source, drive, "source.bin", content);

        String target = blobs.newKey(drive);
        String etag = blobs.copyInParts(source, target, drive, "target.bin", content.length, 5L * 1024 * 1024);

        assertThat(etag).endsWith("-3\"");
        try (var in = blobs.open(target, java.util.Optional.empty()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(blobs.head(target).orElseThrow().owner())
                .hasValue(new BlobStore.Owner(drive.partitionKey(), "target.bin"));
        assertThat(clients.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .isEmpty();
    }
}
