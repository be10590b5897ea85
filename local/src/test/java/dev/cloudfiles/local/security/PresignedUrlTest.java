package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a presigned URL grants: one operation on one object, for the configured lifetime, never
 * a listing; and the download's Content-Disposition is safe for any legal name. S3Proxy checks
 * SigV4, so every refusal below is a real signature check.
 */
class PresignedUrlTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    /** Files of this test live on a drive of their own: the canary drive must stay as planted. */
    static final String DRIVE = "/v1/" + Canary.PROJECT + "/presign";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static Canary canary;
    static URI docUrl;
    static URI otherUrl;

    @BeforeAll
    static void files() {
        canary = Canary.plant(stack);
        put("doc.txt", "the document");
        put("other.txt", "another object");
        docUrl = presignedGet("doc.txt");
        otherUrl = presignedGet("other.txt");
    }

    static void put(String name, String content) {
        var put = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", DRIVE + "/files?name=" + enc(name))
                        .header("X-Api-Key", canary.ownerKey())
                        .body(content));
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
    }

    static URI presignedGet(String name) {
        var link = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", DRIVE + "/files/download?redirect=false&name=" + enc(name))
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        return URI.create(link.json().get("url").asText());
    }

    static RawHttp.Response fetch(String method, URI url) {
        return RawHttp.exchange(url, RawHttp.Request.to(method, url).end());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String param(URI url, String name) {
        Matcher m =
                Pattern.compile("(?:^|&)" + Pattern.quote(name) + "=([^&]*)").matcher(url.getRawQuery());
        assertThat(m.find()).as(name + " in " + url).isTrue();
        return m.group(1);
    }

    static URI withParam(URI url, String name, String value) {
        String query =
                url.getRawQuery().replaceFirst("(^|&)" + Pattern.quote(name) + "=[^&]*", "$1" + name + "=" + value);
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + "?" + query);
    }

    @Test
    void theUrlReadsItsObject() {
        var response = fetch("GET", docUrl);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("the document");
        assertThat(docUrl.getRawPath()).doesNotContain("doc.txt"); // the S3 key is opaque, not the name
    }

    @Test
    void aGetUrlNeitherWritesNorDeletes() {
        var put = RawHttp.exchange(docUrl, RawHttp.Request.to("PUT", docUrl).body("replaced"));
        assertThat(put.status()).as(put.toString()).isEqualTo(403);
        assertThat(fetch("DELETE", docUrl).status()).isEqualTo(403);
        assertThat(fetch("GET", docUrl).text()).isEqualTo("the document");
        canary.assertUnchanged();
    }

    @Test
    void itsSignatureCoversOnlyItsObject() {
        URI swapped = URI.create(otherUrl.getScheme() + "://" + otherUrl.getRawAuthority() + otherUrl.getRawPath() + "?"
                + docUrl.getRawQuery());
        assertThat(fetch("GET", swapped).status()).isEqualTo(403);
        URI canaryBlob = URI.create(swapped.toString().replace(otherUrl.getRawPath(), docUrl.getRawPath() + "x"));
        assertThat(fetch("GET", canaryBlob).status()).isIn(403, 404).isNotEqualTo(200);
    }

    @Test
    void itNeverListsTheBucketOrTheDrive() {
        String path = docUrl.getRawPath();
        String bucketPath = path.substring(0, path.indexOf('/', 1));
        String drivePrefix = path.substring(0, path.lastIndexOf('/') + 1);
        for (String target : List.of(bucketPath, bucketPath + "/", drivePrefix, "/")) {
            URI stripped = URI.create(
                    docUrl.getScheme() + "://" + docUrl.getRawAuthority() + target + "?" + docUrl.getRawQuery());
            var response = fetch("GET", stripped);
            assertThat(response.status()).as(target + ": " + response).isEqualTo(403);
            assertThat(response.text()).doesNotContain("<Key>", "ListBucketResult");
        }
        URI listing = URI.create(docUrl.getScheme() + "://" + docUrl.getRawAuthority() + bucketPath + "?list-type=2&"
                + docUrl.getRawQuery());
        assertThat(fetch("GET", listing).status()).isEqualTo(403);
    }

    /**
     * Expiry is S3's check of X-Amz-Date + X-Amz-Expires: the URL carries exactly the configured
     * lifetime, and neither value can be moved without breaking the signature (no sleeping here).
     */
    @Test
    void itLivesExactlyTheConfiguredTtlAndTheClockCannotBeMoved() {
        assertThat(Long.parseLong(param(docUrl, "X-Amz-Expires")))
                .isEqualTo(stack.config().presignTtl().toSeconds())
                .isEqualTo(900);
        Instant signedAt =
                LocalDateTime.parse(param(docUrl, "X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        assertThat(signedAt).isBefore(Instant.now().plusSeconds(300));

        String later = AMZ_DATE.format(LocalDateTime.ofInstant(signedAt.plusSeconds(3600), ZoneOffset.UTC));
        assertThat(fetch("GET", withParam(docUrl, "X-Amz-Date", later)).status())
                .isEqualTo(403);
        assertThat(fetch("GET", withParam(docUrl, "X-Amz-Expires", "604800")).status())
                .isEqualTo(403);
    }

    @Test
    void itsResponseHeadersCannotBeChanged() {
        assertThat(fetch("GET", withParam(docUrl, "response-content-disposition", "inline"))
                        .status())
                .isEqualTo(403);
        // Turning a download into a page of the S3 origin would need a new type: it is signed too.
        assertThat(param(docUrl, "response-content-type")).isEqualTo("text%2Fplain");
        assertThat(fetch("GET", withParam(docUrl, "response-content-type", "text%2Fhtml"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aPresignedPartUrlOnlyUploadsThatPart() {
        var start = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", DRIVE + "/uploads?presigned=true&size=5&name=parted.bin")
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(start.status()).as(start.toString()).isEqualTo(202);
        URI part = URI.create(start.json().get("parts").get(0).get("url").asText());
        assertThat(fetch("GET", part).status()).isEqualTo(403);
        assertThat(fetch("DELETE", part).status()).isEqualTo(403);
        URI otherPart = withParam(part, "partNumber", "2");
        assertThat(RawHttp.exchange(
                                otherPart, RawHttp.Request.to("PUT", otherPart).body("12345"))
                        .status())
                .isEqualTo(403);
        URI otherUpload = withParam(part, "uploadId", "forged");
        assertThat(RawHttp.exchange(
                                otherUpload,
                                RawHttp.Request.to("PUT", otherUpload).body("12345"))
                        .status())
                .isEqualTo(403);
        var abort = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request(
                                "DELETE",
                                DRIVE + "/uploads/"
                                        + start.json().get("upload_id").asText() + "?name=parted.bin")
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(abort.status()).as(abort.toString()).isEqualTo(200);
    }

    static List<String> hostileNames() {
        return List.of(
                "quote\"d.txt",
                "semi;colon; filename=evil.exe",
                "per%cent%0d%0aSet-Cookie: x=y.txt",
                "back\\slash.txt",
                "ünïcödé €uro 😀.txt",
                "line\u2028sep\u0085nel\u2029.txt",
                "=?utf-8?q?encoded?=.txt",
                "'single'quotes'.txt",
                "dir/sub/inner name.txt",
                "tab\u00a0nbsp and spaces .txt");
    }

    /** Both the gateway's inline answer and S3Proxy's answer to the presigned GET. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileNames")
    void contentDispositionIsSafeForAnyLegalName(String name) {
        put(name, "content");
        String base = name.substring(name.lastIndexOf('/') + 1);
        var inline = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", DRIVE + "/files/download?name=" + enc(name))
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(inline.status()).as(inline.toString()).isEqualTo(200);
        assertSafe(inline, base);
        var presigned = fetch("GET", presignedGet(name));
        assertThat(presigned.status()).as(presigned.toString()).isEqualTo(200);
        assertSafe(presigned, base);
    }

    private static void assertSafe(RawHttp.Response response, String baseName) {
        assertThat(response.head().replace("\r\n", ""))
                .as("no stray CR or LF in the head")
                .doesNotContain("\r", "\n");
        assertThat(response.headers()).noneMatch(h -> h.name().equalsIgnoreCase("Set-Cookie"));
        String disposition = response.header("Content-Disposition").orElseThrow();
        assertThat(disposition).as("printable ASCII").matches("[\\x20-\\x7e]*").startsWith("attachment; ");
        Matcher fallback = Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
        assertThat(fallback.find()).as(disposition).isTrue();
        assertThat(fallback.group(1)).doesNotContain("\"", ";", "\\", "%");
        Matcher exact = Pattern.compile("filename\\*=UTF-8''([^;\\s]*)").matcher(disposition);
        assertThat(exact.find()).as(disposition).isTrue();
        assertThat(percentDecode(exact.group(1))).isEqualTo(baseName);
        assertThat(disposition.indexOf(';', exact.start()))
                .as("filename* is the last parameter")
                .isEqualTo(-1);
    }

    /** Strict RFC 5987 decoding: every byte outside attr-char must have come as %XX. */
    private static String percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                assertThat(String.valueOf(c)).matches("[A-Za-z0-9!#$&+\\-.^_`|~]");
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
