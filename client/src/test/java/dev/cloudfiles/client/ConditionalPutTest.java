package dev.cloudfiles.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PutOptions#ifAbsent()} and {@link PutOptions#ifMatch(String)} against the local stack:
 * on the inline request for small content, on the multipart commit for content over 4 MiB.
 */
class ConditionalPutTest {
    private static final int LARGE = 4 * 1024 * 1024 + 1024;

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path dir;

    private CloudDrive drive;

    @BeforeEach
    void open() {
        drive = CloudDrive.create(CloudDriveTest.config(stack, stack.newKeySecret(), "conditional"));
    }

    @AfterEach
    void close() {
        drive.close();
    }

    private byte[] content(String name) {
        try (StreamingBody body = drive.get(name)) {
            return body.read();
        }
    }

    @Test
    void ifAbsentCreatesOnceThenFailsAndKeepsTheFirstContentInline() {
        FileInfo first = drive.put("once.txt", "first", PutOptions.ifAbsent());
        assertThat(first.size()).isEqualTo(5);

        assertThatThrownBy(() -> drive.put("once.txt", "second", PutOptions.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("putting once.txt: HTTP 412")
                .satisfies(e -> assertThat(((CloudFilesException) e).status()).isEqualTo(412));
        assertThat(new String(content("once.txt"), UTF_8)).isEqualTo("first");
    }

    @Test
    void ifMatchReplacesTheCurrentVersionAndRefusesAStaleOneInline() {
        FileInfo v1 = drive.put("counter.txt", "1");
        FileInfo v2 = drive.put("counter.txt", "2", PutOptions.ifMatch(v1.etag()));
        assertThat(new String(content("counter.txt"), UTF_8)).isEqualTo("2");

        assertThatThrownBy(() -> drive.put("counter.txt", "3", PutOptions.ifMatch(v1.etag())))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(new String(content("counter.txt"), UTF_8)).isEqualTo("2");

        // an ETag from a download works as well, quoted or not
        String etag;
        try (StreamingBody body = drive.get("counter.txt")) {
            etag = body.etag();
        }
        assertThat(etag).isEqualTo(v2.etag());
        drive.put("counter.txt", "4", PutOptions.ifMatch(etag.replace("\"", "")));
        assertThat(new String(content("counter.txt"), UTF_8)).isEqualTo("4");
    }

    @Test
    void ifMatchOnAMissingFileFails() {
        assertThatThrownBy(() -> drive.put("never.txt", "x", PutOptions.ifMatch("*")))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> drive.put("never.txt", "x", PutOptions.ifMatch("\"0123\"")))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(drive.get("never.txt")).isNull();
    }

    @Test
    void ifAbsentCreatesOnceThenFailsAndKeepsTheFirstContentMultipart() throws Exception {
        byte[] first = GeneratedContent.bytes(1, LARGE);
        AtomicLong reported = new AtomicLong();
        FileInfo stored = drive.put("big/once.bin", first, PutOptions.ifAbsent().withListener(reported::addAndGet));
        assertThat(stored.size()).isEqualTo(LARGE);
        assertThat(reported.get()).isEqualTo(LARGE);

        byte[] second = GeneratedContent.bytes(2, LARGE);
        assertThatThrownBy(() -> drive.put("big/once.bin", second, PutOptions.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("committing the upload of big/once.bin: HTTP 412");
        Path file = dir.resolve("second.bin");
        Files.write(file, second);
        assertThatThrownBy(() -> drive.put("big/once.bin", file, PutOptions.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        // a stream of unknown length, spooled to a temporary file first
        assertThatThrownBy(() -> drive.put(
                        "big/once.bin",
                        new ByteArrayInputStream(second),
                        CloudDrive.UNKNOWN_SIZE,
                        PutOptions.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(content("big/once.bin")).isEqualTo(first);
        assertThat(drive.list("big")).containsExactly("big/once.bin");
    }

    @Test
    void ifMatchReplacesTheCurrentVersionAndRefusesAStaleOneMultipart() {
        FileInfo v1 = drive.put("big/counter.bin", GeneratedContent.bytes(3, LARGE));
        byte[] v2Bytes = GeneratedContent.bytes(4, LARGE);
        FileInfo v2 = drive.put(
                "big/counter.bin", v2Bytes, PutOptions.ifMatch(v1.etag()).withContentType("application/x-counter"));
        assertThat(v2.contentType()).isEqualTo("application/x-counter");
        assertThat(v2.etag()).isNotEqualTo(v1.etag());
        assertThat(content("big/counter.bin")).isEqualTo(v2Bytes);

        assertThatThrownBy(() ->
                        drive.put("big/counter.bin", GeneratedContent.bytes(5, LARGE), PutOptions.ifMatch(v1.etag())))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(content("big/counter.bin")).isEqualTo(v2Bytes);
    }

    @Test
    void optionsCheckAndNormalizeTheEtag() {
        assertThat(PutOptions.ifMatch("abc").requiredEtag()).isEqualTo("\"abc\"");
        assertThat(PutOptions.ifMatch(" \"abc\" ").requiredEtag()).isEqualTo("\"abc\"");
        assertThat(PutOptions.ifMatch("*").requiredEtag()).isEqualTo("*");
        assertThat(PutOptions.ifAbsent().requiresAbsent()).isTrue();
        assertThat(PutOptions.defaults().requiresAbsent()).isFalse();
        assertThat(PutOptions.defaults().requiredEtag()).isNull();
        assertThat(PutOptions.ifAbsent().withContentType("text/csv").contentType())
                .isEqualTo("text/csv");
        assertThatThrownBy(() -> PutOptions.ifMatch("W/\"abc\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PutOptions.ifMatch("\"a\", \"b\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PutOptions.ifMatch(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
