package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.FilesApiTest.assertError;
import static dev.cloudfiles.local.api.TestApi.enc;
import static dev.cloudfiles.local.api.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bytes and their stored type travel apart: the body under a binary type (so API Gateway passes it
 * base64, byte for byte) and the type in the [ext] {@code content_type} parameter, which wins.
 */
class ContentTypeTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private static final String LATIN1_CSV = "text/csv; charset=iso-8859-1";
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        api = new TestApi(
                stack.gatewayUri(),
                "types",
                "drive" + DRIVES.incrementAndGet(),
                stack.createKey("types", Set.of(), false).secret());
    }

    @Test
    void aLatin1CsvRoundTripsByteExactWithItsDeclaredType() {
        byte[] latin1 = "name;city\nJosé;Zürich\n".getBytes(StandardCharsets.ISO_8859_1);
        var put = api.send(
                "POST",
                "/files?name=people.csv&content_type=" + enc(LATIN1_CSV),
                latin1,
                "Content-Type",
                "application/octet-stream");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(json(put).get("content_type").asText()).isEqualTo(LATIN1_CSV);
        assertThat(json(put).get("size").asLong()).isEqualTo(latin1.length);

        var got = api.get("people.csv");
        assertThat(got.body()).isEqualTo(latin1);
        assertThat(got.headers().firstValue("content-type")).contains(LATIN1_CSV);
    }

    @Test
    void theParameterWinsOverTheHeaderAndIsTakenAsItIs() {
        var declared = api.send(
                "POST", "/files?name=a.txt&content_type=image%2Fpng", new byte[] {1}, "Content-Type", "text/plain");
        assertThat(json(declared).get("content_type").asText()).isEqualTo("image/png");
        // Even the type that, as a header, counts as "not given": the caller said so explicitly.
        var octets = api.send("POST", "/files?name=b.txt&content_type=application%2Foctet-stream", new byte[] {1});
        assertThat(json(octets).get("content_type").asText()).isEqualTo("application/octet-stream");
        var guessed = api.send("POST", "/files?name=c.txt", new byte[] {1}, "Content-Type", "application/octet-stream");
        assertThat(json(guessed).get("content_type").asText()).isEqualTo("text/plain");
    }

    @Test
    void anInvalidDeclaredTypeIs400() {
        assertError(
                api.send("POST", "/files?name=a.txt&content_type=" + enc("text/plain\r\nX: y"), new byte[] {1}),
                400,
                "content_type");
        assertError(api.send("POST", "/uploads?name=a.txt&content_type=nonsense", null), 400, "content_type");
    }

    @Test
    void anUploadTakesItsTypeFromTheParameterToo() {
        var start = api.send("POST", "/uploads?name=big.csv&content_type=" + enc(LATIN1_CSV), null);
        assertThat(start.statusCode()).isEqualTo(202);
        String id = json(start).get("upload_id").asText();
        byte[] part = "a;b\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(api.send(
                                "POST",
                                "/uploads/" + id + "/parts?name=big.csv&part=1",
                                part,
                                "Content-Type",
                                "application/octet-stream")
                        .statusCode())
                .isEqualTo(200);
        var commit = api.send("PATCH", "/uploads/" + id + "?name=big.csv", null);
        assertThat(json(commit).get("content_type").asText()).isEqualTo(LATIN1_CSV);
    }

    /** What curl --data-binary sends: random bytes under application/x-www-form-urlencoded, stored exactly. */
    @Test
    void aCurlStyleFormBodyIsStoredByteExact() {
        byte[] bytes = new byte[100_000];
        new Random(17).nextBytes(bytes);
        var put =
                api.send("POST", "/files?name=random.bin", bytes, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(json(put).get("size").asLong()).isEqualTo(bytes.length);
        assertThat(api.get("random.bin").body()).isEqualTo(bytes);
    }
}
