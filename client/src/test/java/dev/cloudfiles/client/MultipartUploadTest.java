package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presigned multipart uploads (API #2, #4, #5) end to end: the parts go from the client straight to
 * S3Proxy through the URLs the server signed. Part failures are injected by a real loopback proxy
 * that the client uses for every request.
 */
class MultipartUploadTest {
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private String key;
    private FaultProxy proxy;
    private CloudDrive drive;

    @BeforeEach
    void open() throws Exception {
        key = stack.newKeySecret();
        proxy = new FaultProxy();
        drive = CloudDrive.create(CloudDriveTest.config(stack, key, "large").toBuilder()
                .proxy(proxy.selector())
                .parallelism(2)
                .build());
    }

    @AfterEach
    void close() {
        drive.close();
        proxy.close();
    }

    private byte[] download(String name) {
        try (StreamingBody body = drive.get(name)) {
            return body.read();
        }
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private List<FaultProxy.Seen> partPuts() {
        return proxy.seen().stream()
                .filter(s -> s.method().equals("PUT")
                        && s.uri().getQuery() != null
                        && s.uri().getQuery().contains("partNumber="))
                .toList();
    }

    /** Requests for the URL of part {@code number} (API #3b), each naming it with its MD5 in the body. */
    private List<FaultProxy.Seen> urlRequests(int number) {
        return proxy.seen().stream()
                .filter(s -> s.method().equals("POST")
                        && s.uri().getPath().endsWith("/urls")
                        && s.bodyText()
                                .matches(".*\\{\"part\":" + number + ",\"content_md5\":\"[A-Za-z0-9+/=]{24}\"}.*"))
                .toList();
    }

    private static boolean isPart(FaultProxy.Seen s, int number) {
        return s.method().equals("PUT")
                        && s.uri().getQuery() != null
                        && s.uri().getQuery().contains("partNumber=" + number + "&")
                || s.method().equals("PUT")
                        && s.uri().getQuery() != null
                        && s.uri().getQuery().endsWith("partNumber=" + number);
    }

    @Test
    void bytesOverTheInlineLimitGoAsPresignedParts() throws Exception {
        byte[] bytes = GeneratedContent.bytes(1, 9 * MIB + 3);

        FileInfo stored =
                drive.put("large/bytes.bin", bytes, PutOptions.defaults().withContentType("application/x-test"));

        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.contentType()).isEqualTo("application/x-test");
        assertThat(partPuts())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.has("X-Api-Key")).isFalse());
        assertThat(proxy.seen())
                .noneMatch(
                        s -> s.uri().getPath().endsWith("/files") && s.method().equals("POST"));
        assertThat(sha256(download("large/bytes.bin"))).isEqualTo(sha256(bytes));
        assertThat(drive.list("large")).containsExactly("large/bytes.bin");
    }

    @Test
    void aFileIsSentPartByPartWithProgress(@TempDir Path dir) throws Exception {
        byte[] bytes = GeneratedContent.bytes(2, 17 * MIB);
        Path file = dir.resolve("video.mp4");
        Files.write(file, bytes);
        AtomicLong progress = new AtomicLong();

        FileInfo stored =
                drive.put("videos/video.mp4", file, PutOptions.defaults().withListener(progress::addAndGet));

        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.contentType()).isEqualTo("video/mp4");
        assertThat(progress.get()).isEqualTo(bytes.length);
        assertThat(partPuts()).hasSize(3);
        assertThat(sha256(download("videos/video.mp4"))).isEqualTo(sha256(bytes));
    }

    @Test
    void aStreamOfUnknownLengthIsSpooledThenUploaded() throws Exception {
        byte[] bytes = GeneratedContent.bytes(3, 9 * MIB);

        FileInfo stored = drive.put("stream/unknown.bin", new ByteArrayInputStream(bytes), CloudDrive.UNKNOWN_SIZE);

        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(partPuts()).hasSize(2);
        assertThat(sha256(download("stream/unknown.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void aStreamOfKnownLengthIsBufferedPartByPart() throws Exception {
        byte[] bytes = GeneratedContent.bytes(4, 8 * MIB + 1);

        drive.put("stream/known.bin", new ByteArrayInputStream(bytes), bytes.length);

        assertThat(partPuts()).hasSize(2);
        assertThat(sha256(download("stream/known.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void aPartThatFailsOnceSucceedsByRetry() throws Exception {
        byte[] bytes = GeneratedContent.bytes(5, 9 * MIB);
        AtomicInteger failed = new AtomicInteger();
        proxy.rule(s -> isPart(s, 2) && failed.getAndIncrement() == 0 ? FaultProxy.Fault.of(500) : null);

        FileInfo stored = drive.put("retry/part.bin", bytes);

        assertThat(failed.get()).isEqualTo(2);
        assertThat(partPuts()).hasSize(3);
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(sha256(download("retry/part.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void anUploadThatFailsForGoodLeavesNoSessionAndNoFile() throws Exception {
        byte[] bytes = GeneratedContent.bytes(6, 9 * MIB);
        proxy.rule(s -> isPart(s, 2) ? FaultProxy.Fault.of(503) : null);

        assertThatThrownBy(() -> drive.put("doomed/file.bin", bytes))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("part 2");

        assertThat(proxy.seen().stream().filter(s -> isPart(s, 2)))
                .hasSize(drive.config().retry().maxAttempts());
        assertNoTrace("doomed/file.bin");
    }

    @Test
    void aPartRefusedOnceGetsAFreshUrlAndSucceeds() throws Exception {
        byte[] bytes = GeneratedContent.bytes(7, 9 * MIB);
        AtomicInteger refused = new AtomicInteger();
        proxy.rule(s -> isPart(s, 2) && refused.getAndIncrement() == 0 ? FaultProxy.Fault.of(403) : null);

        FileInfo stored = drive.put("renew/part.bin", bytes);

        assertThat(urlRequests(2))
                .as("the URL before the part, and a fresh one after the 403")
                .hasSize(2);
        assertThat(proxy.seen().stream().filter(s -> isPart(s, 2))).hasSize(2);
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(sha256(download("renew/part.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void eachPartGoesToAUrlSignedForItsMd5FetchedRightBeforeIt() throws Exception {
        byte[] bytes = GeneratedContent.bytes(8, 17 * MIB);

        drive.put("signed/parts.bin", bytes);

        List<FaultProxy.Seen> seen = proxy.seen();
        assertThat(partPuts()).hasSize(3);
        for (int part = 1; part <= 3; part++) {
            int k = part;
            FaultProxy.Seen put =
                    seen.stream().filter(s -> isPart(s, k)).findFirst().orElseThrow();
            byte[] slice = Arrays.copyOfRange(bytes, (k - 1) * 8 * MIB, Math.min(bytes.length, k * 8 * MIB));
            String md5 = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(slice));
            assertThat(put.header("Content-MD5")).isEqualTo(md5);
            assertThat(put.uri().getQuery()).contains("content-md5");
            assertThat(urlRequests(k)).hasSize(1);
            assertThat(urlRequests(k).get(0).bodyText()).contains(md5);
            assertThat(seen.indexOf(urlRequests(k).get(0))).isLessThan(seen.indexOf(put));
        }
        assertThat(sha256(download("signed/parts.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void aPartChangedOnTheWayIsRefusedByS3AndTheUploadAborted() throws Exception {
        byte[] bytes = GeneratedContent.bytes(9, 9 * MIB);
        proxy.rewriteRequest(s -> {
            if (!isPart(s, 2)) return s.body();
            byte[] changed = s.body().clone();
            changed[100] ^= 1; // one bit, its declared Content-MD5 left as it was
            return changed;
        });

        assertThatThrownBy(() -> drive.put("corrupt/part.bin", bytes))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("part 2")
                .hasMessageContaining("BadDigest");

        assertNoTrace("corrupt/part.bin");
    }

    @Test
    void aPartRefusedTwiceFailsAndAborts() throws Exception {
        proxy.rule(s -> isPart(s, 1) ? FaultProxy.Fault.of(403) : null);

        assertThatThrownBy(() -> drive.put("rejected.bin", GeneratedContent.bytes(7, 9 * MIB)))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("part 1");

        assertThat(proxy.seen().stream().filter(s -> isPart(s, 1))).hasSize(2);
        assertThat(urlRequests(1)).hasSize(2);
        assertNoTrace("rejected.bin");
    }

    @Test
    void aStreamShorterThanDeclaredAborts() throws Exception {
        InputStream shortStream = new ByteArrayInputStream(GeneratedContent.bytes(8, 9 * MIB));

        assertThatThrownBy(() -> drive.put("short.bin", shortStream, 20L * MIB))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("ended");

        assertNoTrace("short.bin");
    }

    private static boolean isCommit(FaultProxy.Seen s) {
        return s.method().equals("PATCH") && s.uri().getPath().contains("/uploads/");
    }

    private static boolean isAbort(FaultProxy.Seen s) {
        return s.method().equals("DELETE") && s.uri().getPath().contains("/uploads/");
    }

    /** upload_busy: an earlier commit or abort of the session is still running; it is worth another attempt. */
    @Test
    void aCommitAnsweredUploadBusyIsRetried() throws Exception {
        byte[] bytes = GeneratedContent.bytes(10, 9 * MIB);
        AtomicInteger busy = new AtomicInteger();
        proxy.rule(s -> isCommit(s) && busy.getAndIncrement() == 0 ? FaultProxy.Fault.of(409, "upload_busy") : null);

        FileInfo stored = drive.put("busy/once.bin", bytes);

        assertThat(proxy.seen().stream().filter(MultipartUploadTest::isCommit)).hasSize(2);
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(sha256(download("busy/once.bin"))).isEqualTo(sha256(bytes));
    }

    @Test
    void aCommitBusyOnEveryAttemptIsThrottledAndAborted() throws Exception {
        proxy.rule(s -> isCommit(s) ? FaultProxy.Fault.of(409, "upload_busy") : null);

        assertThatThrownBy(() -> drive.put("busy/always.bin", GeneratedContent.bytes(11, 9 * MIB)))
                .isInstanceOfSatisfying(ThrottledException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("upload_busy");
                });

        assertThat(proxy.seen().stream().filter(MultipartUploadTest::isCommit))
                .hasSize(drive.config().retry().maxAttempts());
        assertNoTrace("busy/always.bin");
    }

    /** Any other 409 (here the parts do not match the declared size, or an older server's, without a code) is final. */
    @Test
    void anotherConflictAtTheCommitIsNotRetried() throws Exception {
        proxy.rule(s -> isCommit(s) ? FaultProxy.Fault.of(409, "upload_incomplete") : null);
        assertThatThrownBy(() -> drive.put("conflict/coded.bin", GeneratedContent.bytes(12, 9 * MIB)))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.code()).isEqualTo("upload_incomplete"));
        assertThat(proxy.seen().stream().filter(MultipartUploadTest::isCommit)).hasSize(1);

        proxy.rule(s -> isCommit(s) ? FaultProxy.Fault.of(409) : null);
        assertThatThrownBy(() -> drive.put("conflict/uncoded.bin", GeneratedContent.bytes(13, 9 * MIB)))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.code()).isNull());
        assertThat(proxy.seen().stream().filter(MultipartUploadTest::isCommit)).hasSize(2);
    }

    @Test
    void anAbortAnsweredUploadBusyIsRetried() throws Exception {
        AtomicInteger busy = new AtomicInteger();
        proxy.rule(s -> isPart(s, 1)
                ? FaultProxy.Fault.of(400)
                : isAbort(s) && busy.getAndIncrement() == 0 ? FaultProxy.Fault.of(409, "upload_busy") : null);

        assertThatThrownBy(() -> drive.put("busy/abort.bin", GeneratedContent.bytes(14, 9 * MIB)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("part 1");

        assertThat(proxy.seen().stream().filter(MultipartUploadTest::isAbort)).hasSize(2);
        assertThat(drive.get("busy/abort.bin")).isNull();
        assertThat(stack.clients()
                        .s3()
                        .listMultipartUploads(b -> b.bucket(LocalStack.DEFAULT_BUCKET))
                        .uploads())
                .isEmpty();
    }

    /** No file under the name, the session aborted (the API no longer knows it) and no S3 multipart upload left. */
    private void assertNoTrace(String name) throws Exception {
        assertThat(drive.get(name)).isNull();
        assertThat(drive.list()).doesNotContain(name);
        List<FaultProxy.Seen> aborts = proxy.seen().stream()
                .filter(s -> s.method().equals("DELETE") && s.uri().getPath().contains("/uploads/"))
                .toList();
        assertThat(aborts).hasSize(1);

        URI session = URI.create(stack.gatewayUri() + aborts.get(0).uri().getRawPath() + "?"
                + aborts.get(0).uri().getRawQuery());
        HttpResponse<String> commit = TestHttp.API.send(
                HttpRequest.newBuilder(session)
                        .header("X-Api-Key", key)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode())
                .as("committing the aborted session: %s", commit.body())
                .isEqualTo(404);

        var open = stack.clients()
                .s3()
                .listMultipartUploads(b -> b.bucket(LocalStack.DEFAULT_BUCKET))
                .uploads();
        assertThat(open).isEmpty();
    }
}
