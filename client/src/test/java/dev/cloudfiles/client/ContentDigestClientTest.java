package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's side of verified content, against the local stack through a real loopback proxy
 * that changes bytes on the way: puts carry {@code Content-Digest} and are refused when their bytes
 * change; downloads are checked against the file's SHA-256 and fail loudly at their end.
 */
class ContentDigestClientTest {
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private FaultProxy proxy;
    private CloudDrive drive;

    @BeforeEach
    void open() throws Exception {
        proxy = new FaultProxy();
        drive = CloudDrive.create(CloudDriveTest.config(stack, stack.newKeySecret(), "digests").toBuilder()
                .proxy(proxy.selector())
                .build());
    }

    @AfterEach
    void close() {
        drive.close();
        proxy.close();
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] changed = bytes.clone();
        changed[at] ^= 1;
        return changed;
    }

    private static boolean isPut(FaultProxy.Seen s) {
        return s.method().equals("POST") && s.uri().getPath().endsWith("/files");
    }

    private static boolean isInlineDownload(FaultProxy.Seen s) {
        return s.method().equals("GET") && s.uri().getPath().endsWith("/files/download");
    }

    @Test
    void aPutSendsTheContentDigestOfItsBytesAndGetsBackTheirSha256() throws Exception {
        byte[] bytes = "digested".getBytes(StandardCharsets.UTF_8);

        FileInfo stored = drive.put("a.txt", bytes);

        FaultProxy.Seen put = proxy.seen().stream()
                .filter(ContentDigestClientTest::isPut)
                .findFirst()
                .orElseThrow();
        assertThat(put.header("Content-Digest"))
                .isEqualTo("sha-256=:"
                        + Base64.getEncoder()
                                .encodeToString(
                                        MessageDigest.getInstance("SHA-256").digest(bytes)) + ":");
        assertThat(stored.sha256()).isEqualTo(sha256Hex(bytes));
        assertThat(drive.listDetailed("").get(0).sha256()).isEqualTo(sha256Hex(bytes));
    }

    @Test
    void aPutChangedOnTheWayIsRefusedAndNothingIsStored() {
        proxy.rewriteRequest(s -> isPut(s) ? flipped(s.body(), 3) : s.body());

        assertThatThrownBy(() -> drive.put("changed.txt", "the bytes as sent"))
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("digest_mismatch");
                });

        proxy.rewriteRequest(FaultProxy.Seen::body);
        assertThat(drive.get("changed.txt")).isNull();
    }

    @Test
    void aDownloadIsCheckedAgainstTheFilesSha256() throws Exception {
        byte[] bytes = GeneratedContent.bytes(1, 1000);
        drive.put("ok.bin", bytes);

        try (StreamingBody body = drive.get("ok.bin")) {
            assertThat(body.info().sha256()).isEqualTo(sha256Hex(bytes));
            assertThat(body.read()).isEqualTo(bytes);
        }
    }

    @Test
    void aDownloadChangedOnTheWayFailsLoudlyAtItsEnd() {
        byte[] bytes = GeneratedContent.bytes(2, 1000);
        drive.put("bad.bin", bytes);
        proxy.rewrite((s, body) -> isInlineDownload(s) ? flipped(body, 500) : body);

        try (StreamingBody body = drive.get("bad.bin")) {
            assertThat(body.read(999)).hasSize(999); // nothing is known before the end
            assertThatThrownBy(body::read)
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining("bad.bin")
                    .hasMessageContaining("changed on the way");
            assertThatThrownBy(body::read).isInstanceOf(DigestMismatchException.class); // and stays failed
        }
    }

    @Test
    void aDownloadToAFileIsCheckedBeforeItReplacesTheTarget(@TempDir Path dir) throws Exception {
        byte[] bytes = GeneratedContent.bytes(4, 1000);
        drive.put("saved.bin", bytes);
        Path target = dir.resolve("saved.bin");
        Files.writeString(target, "the old copy");
        proxy.rewrite((s, body) -> isInlineDownload(s) ? flipped(body, 10) : body);

        assertThatThrownBy(() -> drive.download("saved.bin", target))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("saved.bin");
        assertThat(target).as("left as it was").hasContent("the old copy");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file").containsExactly(target);
        }

        proxy.rewrite((s, body) -> body);
        assertThat(drive.download("saved.bin", target).sha256()).isEqualTo(sha256Hex(bytes));
        assertThat(target).hasBinaryContent(bytes);
    }

    @Test
    void aRedirectedDownloadIsCheckedAgainstTheSha256OfTheRedirect() throws Exception {
        byte[] bytes = GeneratedContent.bytes(3, 2 * MIB); // above the 1 MiB inline download: S3 serves it
        drive.put("big.bin", bytes);
        proxy.rewrite((s, body) ->
                s.method().equals("GET") && !s.uri().getPath().startsWith("/v1/") ? flipped(body, MIB) : body);

        try (StreamingBody body = drive.get("big.bin");
                InputStream in = body.asInputStream()) {
            assertThat(body.info().sha256()).isEqualTo(sha256Hex(bytes));
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
        }
    }

    @Test
    void aFileFromPartsHasNoSha256AndDownloadsUnchecked() throws Exception {
        byte[] bytes = GeneratedContent.bytes(4, 9 * MIB);

        FileInfo stored = drive.put("parts.bin", bytes);

        assertThat(stored.sha256()).isNull();
        try (StreamingBody body = drive.get("parts.bin")) {
            assertThat(body.info().sha256()).isNull();
            assertThat(sha256Hex(body.read())).isEqualTo(sha256Hex(bytes));
        }
    }
}
