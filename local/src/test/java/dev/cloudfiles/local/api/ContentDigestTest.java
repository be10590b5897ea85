package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.FilesApiTest.assertCode;
import static dev.cloudfiles.local.api.TestApi.enc;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static dev.cloudfiles.local.api.UploadsTest.MIB;
import static dev.cloudfiles.local.api.UploadsTest.commit;
import static dev.cloudfiles.local.api.UploadsTest.part;
import static dev.cloudfiles.local.api.UploadsTest.start;
import static dev.cloudfiles.local.api.UploadsTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * [ext] Verified content through the local stack: {@code Content-Digest} on puts and API parts,
 * {@code sha256} in answers and metadata, {@code Repr-Digest} on downloads, and presigned parts
 * whose MD5 is signed into the URL, refused by S3Proxy (signatures checked) when their bytes change.
 */
class ContentDigestTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private TestApi api;
    private String drive;

    @BeforeEach
    void freshDrive() {
        String key = stack.createKey("dig", Set.of(), false).secret();
        drive = "drive" + DRIVES.incrementAndGet();
        api = new TestApi(stack.gatewayUri(), "dig", drive, key);
    }

    static byte[] digest(String algorithm, byte[] bytes) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(bytes);
    }

    static String contentDigest(byte[] bytes) throws Exception {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", bytes)) + ":";
    }

    static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    private List<String> bucketKeys() {
        List<String> keys = new ArrayList<>();
        for (var page : stack.clients()
                .s3()
                .listObjectsV2Paginator(b -> b.bucket(stack.config().bucket()))) {
            page.contents().forEach(o -> keys.add(o.key()));
        }
        return keys;
    }

    @Test
    void aPutWithTheRightDigestIsStoredAndAnswersItsSha256() throws Exception {
        byte[] body = "verified bytes".getBytes(StandardCharsets.UTF_8);
        var put = api.put("a.txt", body, "Content-Digest", contentDigest(body));
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        assertThat(json(put).get("sha256").asText()).isEqualTo(hex(body));
    }

    @Test
    void everyPutAnswersItsSha256WithoutADigestSent() throws Exception {
        var put = api.put("plain.txt", "no digest sent");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(json(put).get("sha256").asText()).isEqualTo(hex("no digest sent".getBytes(StandardCharsets.UTF_8)));
        var empty = api.put("empty.bin", new byte[0]);
        assertThat(json(empty).get("sha256").asText())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aPutWhoseBytesDoNotMatchItsDigestIsRefusedAndLeavesNothing() throws Exception {
        List<String> before = bucketKeys();
        byte[] sent = "the bytes that arrive".getBytes(StandardCharsets.UTF_8);
        byte[] meant = "the bytes that were meant".getBytes(StandardCharsets.UTF_8);
        var put = api.put("changed.txt", sent, "Content-Digest", contentDigest(meant));
        assertCode(put, 400, "digest_mismatch");
        assertThat(json(put).get("errors").get(0).asText()).contains("nothing was stored");
        assertThat(api.get("changed.txt").statusCode()).isEqualTo(404);
        assertThat(text(api.list(""))).doesNotContain("changed.txt");
        assertThat(bucketKeys()).as("no blob was written").isEqualTo(before);
    }

    @Test
    void aMismatchDoesNotTouchTheVersionItWouldReplace() throws Exception {
        api.put("keep.txt", "version one");
        var put = api.put("keep.txt", "version two", "Content-Digest", contentDigest(new byte[] {1}));
        assertCode(put, 400, "digest_mismatch");
        assertThat(text(api.get("keep.txt"))).isEqualTo("version one");
    }

    @Test
    void aTextBodyThatApiGatewayWouldChangeIsRefusedNotStoredChanged() throws Exception {
        // Latin-1, sent as text/*: API Gateway (and the local gateway, which applies its rule) hands the
        // function a UTF-8 string, so the bytes that arrive are not the bytes sent. The digest says so.
        byte[] latin1 = "Jos\u00e9;Z\u00fcrich".getBytes(StandardCharsets.ISO_8859_1);
        var put = api.put("people.csv", latin1, "Content-Type", "text/csv", "Content-Digest", contentDigest(latin1));
        assertCode(put, 400, "digest_mismatch");
        assertThat(api.get("people.csv").statusCode()).isEqualTo(404);
        var binary = api.put(
                "people.csv",
                latin1,
                "Content-Type",
                "application/octet-stream",
                "Content-Digest",
                contentDigest(latin1));
        assertThat(binary.statusCode()).isEqualTo(201);
        assertThat(api.get("people.csv").body()).isEqualTo(latin1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sha-256=abc",
                "sha-256=:not base64!:",
                "sha-256=:AAAA:", // 3 bytes, not 32
                "sha-256",
                "SHA-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", // keys are lowercase
                "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:,",
                "=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
            })
    void aMalformedContentDigestIsA400(String field) {
        var put = api.put("m.txt", "x", "Content-Digest", field);
        assertCode(put, 400, "bad_request");
        assertThat(text(put)).contains("Content-Digest");
        assertThat(api.get("m.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownAlgorithmsAreIgnoredAndSha256AmongThemIsChecked() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        String md5 = "md5=:" + Base64.getEncoder().encodeToString(digest("MD5", new byte[] {7})) + ":";
        assertThat(api.put("u.txt", body, "Content-Digest", md5).statusCode()).isEqualTo(201);
        assertThat(api.put("u.txt", body, "Content-Digest", "sha-512=:AAAA:, " + contentDigest(body) + ";p=1")
                        .statusCode())
                .isEqualTo(201);
        assertCode(
                api.put("u.txt", body, "Content-Digest", md5 + ", " + contentDigest(new byte[] {2})),
                400,
                "digest_mismatch");
    }

    @Test
    void sha256IsInTheDetailedListingHeadAndGetWithReprDigest() throws Exception {
        byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
        api.put("d/file.bin", body);
        JsonNode files = json(api.list("detailed=true")).get("files");
        assertThat(files.get(0).get("sha256").asText()).isEqualTo(hex(body));
        String repr = contentDigest(body);
        var head = api.send("HEAD", "/files/download?name=" + enc("d/file.bin"), null);
        assertThat(head.headers().firstValue("repr-digest")).contains(repr);
        var get = api.get("d/file.bin");
        assertThat(get.body()).isEqualTo(body);
        assertThat(get.headers().firstValue("repr-digest")).contains(repr);
        // A range carries the digest of the whole file (RFC 9530 §3), not of the part sent.
        var range = api.get("d/file.bin", "Range", "bytes=2-4");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("repr-digest")).contains(repr);
        var link = api.send("GET", "/files/download?name=" + enc("d/file.bin") + "&redirect=false", null);
        assertThat(json(link).get("sha256").asText()).isEqualTo(hex(body));
    }

    @Test
    void aFileWrittenBeforeDigestsHasNoSha256AndNoReprDigest() {
        api.put("old.txt", "written before this change");
        // What an item written by the previous version looks like: no sha256 attribute.
        stack.clients()
                .dynamo()
                .updateItem(b -> b.tableName(stack.config().table())
                        .key(Map.of("pk", AttributeValue.fromS("dig/" + drive), "sk", AttributeValue.fromS("old.txt")))
                        .updateExpression("REMOVE sha256"));
        assertThat(json(api.list("detailed=true")).get("files").get(0).has("sha256"))
                .isFalse();
        var get = api.get("old.txt");
        assertThat(text(get)).isEqualTo("written before this change");
        assertThat(get.headers().firstValue("repr-digest")).isEmpty();
    }

    @Test
    void aVersionFromPartsDoesNotInheritTheSha256OfTheOneItReplaces() {
        api.put("over.bin", "small, hashed");
        String id = start(api, "over.bin", "").get("upload_id").asText();
        assertThat(part(api, id, "over.bin", 1, new byte[] {1, 2, 3}).statusCode())
                .isEqualTo(200);
        var committed = commit(api, id, "over.bin");
        assertThat(committed.statusCode()).isEqualTo(200);
        assertThat(json(committed).has("sha256")).isFalse();
        assertThat(api.get("over.bin").headers().firstValue("repr-digest")).isEmpty();
    }

    @Test
    void anApiPartWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        String id = start(api, "parts.bin", "").get("upload_id").asText();
        byte[] bytes = "part one".getBytes(StandardCharsets.UTF_8);
        var refused = part(api, id, "parts.bin", 1, bytes, "Content-Digest", contentDigest(new byte[] {0}));
        assertCode(refused, 400, "digest_mismatch");
        assertThat(json(status(api, id, "parts.bin")).get("parts"))
                .as("S3 holds no part")
                .isEmpty();
        assertCode(part(api, id, "parts.bin", 1, bytes, "Content-Digest", "sha-256=:x:"), 400, "bad_request");
        assertThat(part(api, id, "parts.bin", 1, bytes, "Content-Digest", contentDigest(bytes))
                        .statusCode())
                .isEqualTo(200);
        assertThat(commit(api, id, "parts.bin").statusCode()).isEqualTo(200);
        assertThat(api.get("parts.bin").body()).isEqualTo(bytes);
    }

    private static HttpResponse<byte[]> putPart(String url, byte[] body, String contentMd5) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentMd5 != null) b.header("Content-MD5", contentMd5);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * True when S3 refused the part for its signature: a 403, or the connection cut while the
     * refused body was still on its way (S3Proxy answers before it reads the body).
     */
    private static boolean refusedBySignature(String url, byte[] body, String contentMd5) throws Exception {
        try {
            return putPart(url, body, contentMd5).statusCode() == 403;
        } catch (IOException cut) {
            return true;
        }
    }

    private JsonNode urls(String id, String name, Object parts) {
        var r = api.send(
                "POST",
                "/uploads/" + id + "/urls?name=" + enc(name),
                Json.write(Map.of("parts", parts)),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        return json(r);
    }

    @Test
    void aPresignedPartChangedOnTheWayIsRefusedByS3() throws Exception {
        long size = 9 * MIB; // parts of 8 MiB and 1 MiB
        JsonNode session = start(api, "p.bin", "&presigned=true&size=" + size);
        String id = session.get("upload_id").asText();
        byte[] first = new byte[(int) (8 * MIB)];
        new Random(1).nextBytes(first);
        byte[] second = new byte[(int) MIB];
        new Random(2).nextBytes(second);
        String md5First = Base64.getEncoder().encodeToString(digest("MD5", first));
        String md5Second = Base64.getEncoder().encodeToString(digest("MD5", second));
        JsonNode answer = urls(
                id,
                "p.bin",
                List.of(Map.of("part", 2, "content_md5", md5Second), Map.of("part", 1, "content_md5", md5First)));
        assertThat(answer.get("parts")).hasSize(2);
        assertThat(answer.get("parts").get(0).get("part").asInt()).isEqualTo(2);
        String url2 = answer.get("parts").get(0).get("url").asText();
        String url1 = answer.get("parts").get(1).get("url").asText();
        assertThat(url1).contains("content-md5");

        byte[] corrupted = first.clone();
        corrupted[12345] ^= 1; // one bit flipped on the way, the declared MD5 unchanged
        var refused = putPart(url1, corrupted, md5First);
        assertThat(refused.statusCode()).as(text(refused)).isEqualTo(400);
        assertThat(text(refused)).contains("BadDigest");
        // The MD5 is signed: a sender cannot swap it for the corrupted bytes' own.
        assertThat(refusedBySignature(url1, corrupted, Base64.getEncoder().encodeToString(digest("MD5", corrupted))))
                .isTrue();
        // Without the header the signature does not match either.
        assertThat(refusedBySignature(url1, first, null)).isTrue();
        assertThat(json(status(api, id, "p.bin")).get("parts"))
                .as("nothing landed")
                .isEmpty();

        assertThat(putPart(url1, first, md5First).statusCode()).isEqualTo(200);
        assertThat(putPart(url2, second, md5Second).statusCode()).isEqualTo(200);
        var committed = commit(api, id, "p.bin");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        assertThat(json(committed).get("size").asLong()).isEqualTo(size);
    }

    @Test
    void partUrlsWithoutDigestsStillWork() throws Exception {
        JsonNode session = start(api, "q.bin", "&presigned=true&size=3");
        String id = session.get("upload_id").asText();
        JsonNode answer = urls(id, "q.bin", List.of(Map.of("part", 1)));
        String url = answer.get("parts").get(0).get("url").asText();
        assertThat(url).doesNotContain("content-md5");
        assertThat(putPart(url, new byte[] {1, 2, 3}, null).statusCode()).isEqualTo(200);
        assertThat(commit(api, id, "q.bin").statusCode()).isEqualTo(200);
    }

    @Test
    void aBadPartUrlBodyIsA400() {
        String id =
                start(api, "r.bin", "&presigned=true&size=3").get("upload_id").asText();
        String path = "/uploads/" + id + "/urls?name=r.bin";
        for (String body : List.of(
                "{}",
                "{\"parts\":[]}",
                "{\"parts\":[{\"part\":2}]}",
                "{\"parts\":[{\"part\":1},{\"part\":1}]}",
                "{\"parts\":[{\"part\":1,\"content_md5\":\"AAAA\"}]}",
                "{\"parts\":[{\"part\":1,\"content_md5\":5}]}",
                // only a whole number is a part number: not 1.0, 1e0 or "1", nor 2^32 + 1 (1 as an int)
                "{\"parts\":[{\"part\":1.0}]}",
                "{\"parts\":[{\"part\":1e0}]}",
                "{\"parts\":[{\"part\":\"1\"}]}",
                "{\"parts\":[{\"part\":4294967297}]}")) {
            assertCode(api.send("POST", path, body.getBytes(StandardCharsets.UTF_8)), 400, "bad_request");
        }
        assertCode(
                api.send("POST", path + "&from=1", "{\"parts\":[{\"part\":1}]}".getBytes(StandardCharsets.UTF_8)),
                400,
                "bad_request");
    }
}
