package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.TestApi.enc;
import static dev.cloudfiles.local.api.TestApi.fetch;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.Tampering;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

/** Every endpoint of docs/API.md, through the local stack over real HTTP. */
class FilesApiTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        String key = stack.createKey("proj", Set.of(), false).secret();
        api = new TestApi(stack.gatewayUri(), "proj", "drive" + DRIVES.incrementAndGet(), key);
    }

    static void assertError(HttpResponse<byte[]> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode errors = json(response).get("errors");
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.get(0).asText()).contains(messagePart);
        assertThat(json(response).path("code").asText())
                .as("every error carries a machine-readable code")
                .matches("[a-z_]+");
    }

    /** The error's machine-readable {@code code}, which clients decide by (docs/API.md). */
    static void assertCode(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(json(response).path("code").asText()).isEqualTo(code);
    }

    private List<String> allNames(String query) {
        List<String> names = new ArrayList<>();
        String last = null;
        for (int pages = 0; pages < 100; pages++) {
            var response = api.list(query + (last == null ? "" : "&last=" + enc(last)));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            body.get("names").forEach(n -> names.add(n.asText()));
            if (!body.has("paging")) return names;
            assertThat(body.get("paging").get("size").asInt())
                    .isEqualTo(body.get("names").size());
            last = body.get("paging").get("last").asText();
        }
        throw new AssertionError("listing never ended");
    }

    // ---- put ----

    @Test
    void putAnswers201WithTheMetadata() {
        var response = api.put("notes/hello.txt", "Hello, Cloud Files");
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("name").asText()).isEqualTo("notes/hello.txt");
        assertThat(body.get("project_id").asText()).isEqualTo("proj");
        assertThat(body.get("drive_name").asText()).startsWith("drive");
        assertThat(body.get("size").asLong()).isEqualTo(18);
        assertThat(body.get("content_type").asText()).isEqualTo("text/plain");
        assertThat(body.get("etag").asText()).matches("\"[0-9a-f]{32}\"");
        assertThat(body.get("last_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(text(api.get("notes/hello.txt"))).isEqualTo("Hello, Cloud Files");
    }

    @Test
    void putMethodIsAnAlias() {
        var response = api.send("PUT", "/files?name=alias.txt", "via PUT".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(text(api.get("alias.txt"))).isEqualTo("via PUT");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "with space.txt",
                "plus+sign",
                "100% sure",
                "what?.txt",
                "#hash#",
                "a&b=c",
                "ünïcödé/日本語.txt",
                "emoji 😀",
                "dir/sub/deep/file",
                ".hidden",
                "semi;colon",
                "quote\"s",
                "back\\slash",
                "tab-less ~!@$^*()[]{}|"
            })
    void oddButLegalNamesRoundTrip(String name) {
        assertThat(api.put(name, "content of " + name).statusCode()).isEqualTo(201);
        assertThat(text(api.get(name))).isEqualTo("content of " + name);
        assertThat(allNames("")).containsExactly(name);
    }

    @Test
    void namesOf1024BytesAreAcceptedAnd1025Rejected() {
        String max = "é".repeat(511) + "ab"; // 1,024 bytes
        assertThat(api.put(max, "x").statusCode()).isEqualTo(201);
        assertThat(text(api.get(max))).isEqualTo("x");
        assertError(api.put(max + "c", "x"), 400, "1024 bytes");
        assertThat(allNames("")).containsExactly(max);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {" ", "/lead", "trail/", "a//b", ".", "..", "a/./b", "a/../b", "ctl\u0001x", "nl\nx", "del\u007fx"
            })
    void invalidNamesAre400AndStoreNothing(String name) {
        assertError(api.put(name, "x"), 400, "name");
        assertThat(allNames("")).isEmpty();
    }

    @Test
    void invalidUtf8AndMissingNamesAre400() {
        assertError(api.send("POST", "/files?name=%FF%FE", "x".getBytes()), 400, "UTF-8");
        assertError(api.send("POST", "/files?name=%ED%A0%80", "x".getBytes()), 400, "UTF-8");
        assertError(api.send("POST", "/files", "x".getBytes()), 400, "'name' is required");
        assertError(api.send("POST", "/files?name=", "x".getBytes()), 400, "'name' is required");
        assertError(api.send("POST", "/files?name=a&name=b", "x".getBytes()), 400, "more than once");
        assertThat(allNames("")).isEmpty();
    }

    @Test
    void binaryContentRoundTripsByteExact() {
        byte[] every = new byte[256];
        for (int i = 0; i < 256; i++) every[i] = (byte) i;
        byte[] random = new byte[300_000];
        new Random(42).nextBytes(random);
        assertThat(api.put("bytes.bin", every).statusCode()).isEqualTo(201);
        assertThat(api.put("random.bin", random, "Content-Type", "application/x-test")
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.get("bytes.bin").body()).isEqualTo(every);
        var got = api.get("random.bin");
        assertThat(got.body()).isEqualTo(random);
        assertThat(got.headers().firstValue("content-type")).contains("application/x-test");
    }

    @Test
    void emptyFilesAreFiles() {
        assertThat(api.put("empty", new byte[0]).statusCode()).isEqualTo(201);
        var got = api.get("empty");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEmpty();
    }

    @Test
    void contentTypeIsGivenOrGuessed() {
        api.put("photo.png", new byte[] {1}, "Content-Type", "binary/octet-stream");
        api.put("data.csv", "a,b", "Content-Type", "text/csv; charset=utf-8");
        api.put("blob", new byte[] {1});
        api.put("curl-default.txt", "a=b", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(api.get("curl-default.txt").headers().firstValue("content-type"))
                .contains("text/plain");
        assertThat(api.get("photo.png").headers().firstValue("content-type")).contains("image/png");
        assertThat(api.get("data.csv").headers().firstValue("content-type")).contains("text/csv; charset=utf-8");
        assertThat(api.get("blob").headers().firstValue("content-type")).contains("application/octet-stream");
    }

    @Test
    void overwriteReplacesTheBytes() {
        api.put("f.txt", "one");
        api.put("f.txt", "two");
        assertThat(text(api.get("f.txt"))).isEqualTo("two");
        assertThat(allNames("")).containsExactly("f.txt");
    }

    @Test
    void ifNoneMatchStarCreatesOnly() {
        assertThat(api.put("once.txt", "first", "If-None-Match", "*").statusCode())
                .isEqualTo(201);
        assertError(api.put("once.txt", "second", "If-None-Match", "*"), 412, "already exists");
        assertThat(text(api.get("once.txt"))).isEqualTo("first");
    }

    @Test
    void ifMatchReplacesOnlyThatVersion() {
        String etag = json(api.put("v.txt", "v1")).get("etag").asText();
        assertThat(api.put("v.txt", "v2", "If-Match", etag).statusCode()).isEqualTo(201);
        assertError(api.put("v.txt", "v3", "If-Match", etag), 412, "If-Match");
        assertThat(text(api.get("v.txt"))).isEqualTo("v2");
        assertError(api.put("absent.txt", "x", "If-Match", "*"), 412, "If-Match");
        assertThat(api.get("absent.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void bodyOverTheInlineLimitIs413AndStoresNothing() {
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        assertError(api.put("big.bin", big), 413, "presigned=true");
        assertThat(api.get("big.bin").statusCode()).isEqualTo(404);
    }

    /**
     * A text body reaches Lambda as a JSON-escaped string, not base64 (API Gateway's rule, which the
     * local gateway follows with the real event's bytes): the limit counts its escaped size, so what
     * is accepted always fits Lambda's 6 MB, and a body over it that reaches the function gets our 413.
     */
    @Test
    void aTextBodyCountsAtItsEscapedSize() {
        byte[] quotes = "\"".repeat(2_700_000).getBytes(StandardCharsets.US_ASCII);
        var fits = api.put("quotes.txt", quotes, "Content-Type", "text/plain"); // 5.4 MB escaped
        assertThat(fits.statusCode()).as(text(fits)).isEqualTo(201);
        assertThat(json(fits).get("size").asLong()).isEqualTo(quotes.length);

        byte[] moreQuotes = "\"".repeat(2_800_000).getBytes(StandardCharsets.US_ASCII); // 5.6 MB
        byte[] controls = new byte[1_000_000]; // 6.0 MB, each byte escaped in six
        Arrays.fill(controls, (byte) 1);
        for (byte[] body : List.of(moreQuotes, controls)) {
            for (String type : List.of("text/plain", "application/json")) {
                var refused = api.put("escaped.txt", body, "Content-Type", type);
                assertError(refused, 413, "once JSON-escaped as API Gateway passes text to Lambda");
                assertCode(refused, 413, "too_large");
                assertThat(text(refused)).contains("presigned=true");
            }
        }
        assertThat(api.get("escaped.txt").statusCode()).isEqualTo(404);

        // The same bytes as binary are base64 in the event, well within the limit.
        assertThat(api.put("quotes.bin", moreQuotes, "Content-Type", "application/octet-stream")
                        .statusCode())
                .isEqualTo(201);
    }

    /** A body that cannot fit Lambda's event never reaches the function; the gateway names the limit as sent. */
    @Test
    void aBodyBeyondLambdasPayloadNamesTheLimitAsSentAndThePartsRoute() {
        var binary = api.put("five.bin", new byte[5 * 1000 * 1000], "Content-Type", "application/octet-stream");
        assertError(binary, 413, "4 MiB as sent");
        assertThat(text(binary)).contains("POST /uploads?name=NAME&size=BYTES&presigned=true");
        byte[] quotes = "\"".repeat(4 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        assertError(api.put("quotes4.txt", quotes, "Content-Type", "text/plain"), 413, "JSON-escaped for text");
        assertThat(api.get("five.bin").statusCode()).isEqualTo(404);
        assertThat(api.get("quotes4.txt").statusCode()).isEqualTo(404);
    }

    // ---- get ----

    @Test
    void getAnswersWithTheMetadataHeaders() {
        String etag = json(api.put("a/b.txt", "hello")).get("etag").asText();
        var got = api.get("a/b.txt");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("etag")).contains(etag);
        assertThat(got.headers().firstValue("content-length")).contains("5");
        assertThat(got.headers().firstValue("accept-ranges")).contains("bytes");
        assertThat(got.headers().firstValue("last-modified").orElseThrow()).endsWith(" GMT");
        assertThat(got.headers().firstValue("content-disposition").orElseThrow())
                .contains("filename=\"b.txt\"");
    }

    @Test
    void missingFileIs404Json() {
        assertError(api.get("nothing-here"), 404, "not found");
    }

    @Test
    void headAnswersMetadataWithoutABody() {
        api.put("h.txt", "12345");
        var head = api.send("HEAD", "/files/download?name=h.txt", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-type")).contains("text/plain");
        assertThat(api.send("HEAD", "/files/download?name=none", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void rangesAnswer206And416() {
        api.put("r.txt", "0123456789");
        var part = api.get("r.txt", "Range", "bytes=2-5");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(text(part)).isEqualTo("2345");
        assertThat(part.headers().firstValue("content-range")).contains("bytes 2-5/10");
        assertThat(text(api.get("r.txt", "Range", "bytes=-3"))).isEqualTo("789");
        var outside = api.get("r.txt", "Range", "bytes=10-");
        assertError(outside, 416, "range");
        assertThat(outside.headers().firstValue("content-range")).contains("bytes */10");
    }

    @Test
    void ifNoneMatchAnswers304() {
        String etag = json(api.put("c.txt", "cache me")).get("etag").asText();
        var notModified = api.get("c.txt", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(api.get("c.txt", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void largeFilesRedirectToAPresignedUrlThatNeedsNoKey() {
        byte[] content = new byte[1024 * 1024 + 1];
        new Random(7).nextBytes(content);
        String etag = json(api.put("big/файл \"1\".bin", content)).get("etag").asText();

        var redirect = api.get("big/файл \"1\".bin");
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(stack.s3Uri().toString());

        var fetched = fetch(location);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(content);
        assertThat(fetched.headers().firstValue("content-type")).contains("application/octet-stream");
        assertThat(fetched.headers().firstValue("content-disposition").orElseThrow())
                .startsWith("attachment; filename=\"")
                .contains("filename*=UTF-8''%D1%84");

        var ranged = fetch(location, "Range", "bytes=0-9");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOf(content, 10));

        String tampered = Tampering.signature(location);
        assertThat(tampered).isNotEqualTo(location).hasSameSizeAs(location);
        assertThat(fetch(tampered).statusCode()).isEqualTo(403);

        // If-None-Match is answered before the redirect, at any size.
        assertThat(api.get("big/файл \"1\".bin", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
    }

    @Test
    void redirectFalseAnswersTheLinkAsJson() {
        api.put("small.txt", "tiny");
        var response = api.send("GET", "/files/download?name=small.txt&redirect=false", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode link = json(response);
        assertThat(link.get("size").asLong()).isEqualTo(4);
        assertThat(link.get("content_type").asText()).isEqualTo("text/plain");
        assertThat(link.get("expires_at").asText()).endsWith("Z");
        assertThat(link.get("last_modified").asText())
                .as("what a ranged download reports as the file's date")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(text(fetch(link.get("url").asText()))).isEqualTo("tiny");
    }

    // ---- list ----

    @Test
    void listsInByteOrderAcrossPages() {
        List<String> names = List.of("b", "a", "a/x", "c😀", "c\uff61", "B", "a b");
        names.forEach(n -> api.put(n, n));
        List<String> expected = List.of("B", "a", "a b", "a/x", "b", "c\uff61", "c😀");
        assertThat(allNames("")).containsExactlyElementsOf(expected);
        assertThat(allNames("limit=2")).containsExactlyElementsOf(expected);
        assertThat(allNames("limit=1")).containsExactlyElementsOf(expected);

        JsonNode first = json(api.list("limit=3"));
        assertThat(first.get("paging").get("size").asInt()).isEqualTo(3);
        assertThat(first.get("paging").get("last").asText()).isEqualTo("a b");
        assertThat(new String(api.list("limit=3").body(), StandardCharsets.UTF_8))
                .as("paging keeps the contract's key order, whatever the JVM's hash seed")
                .startsWith("{\"paging\":{\"size\":3,\"last\":\"a b\"},\"names\":");
        JsonNode whole = json(api.list("limit=7"));
        assertThat(whole.has("paging")).as("paging is absent on the final page").isFalse();
    }

    @Test
    void prefixAndLastNarrowTheListing() {
        for (String n : List.of("notes/a", "notes/b", "notes/c", "notesX", "other")) api.put(n, n);
        assertThat(allNames("prefix=notes/")).containsExactly("notes/a", "notes/b", "notes/c");
        assertThat(allNames("prefix=notes/&last=notes/a")).containsExactly("notes/b", "notes/c");
        assertThat(allNames("prefix=notes/&last=a")).containsExactly("notes/a", "notes/b", "notes/c");
        assertThat(allNames("prefix=notes/&last=z")).isEmpty();
        assertThat(allNames("last=&prefix=")).hasSize(5); // the JS SDK sends empty values
    }

    @Test
    void foldingShowsEachSubDirectoryOnce() {
        for (String n : List.of(
                "top.txt",
                "list/a.txt",
                "list/child/1",
                "list/child/2",
                "list/child/deeper/3",
                "list/z.txt",
                "music/x.mp3",
                "zebra")) {
            api.put(n, n);
        }
        assertThat(allNames("recursive=false")).containsExactly("list/", "music/", "top.txt", "zebra");
        assertThat(allNames("recursive=false&prefix=list/")).containsExactly("list/a.txt", "list/child/", "list/z.txt");
        assertThat(allNames("recursive=false&prefix=list/&limit=1"))
                .containsExactly("list/a.txt", "list/child/", "list/z.txt");
        assertThat(allNames("recursive=false&limit=1")).containsExactly("list/", "music/", "top.txt", "zebra");

        JsonNode detailed = json(api.list("recursive=false&prefix=list/&detailed=true"));
        assertThat(detailed.get("files")).hasSize(2);
        assertThat(detailed.get("files").get(0).get("name").asText()).isEqualTo("list/a.txt");
        assertThat(detailed.get("files").get(0).get("size").asLong()).isEqualTo(10);
    }

    @Test
    void detailedListingsCarryMetadata() {
        api.put("d.json", "{}");
        JsonNode file = json(api.list("detailed=true")).get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("d.json");
        assertThat(file.get("content_type").asText()).isEqualTo("application/json");
        assertThat(file.get("etag").asText()).startsWith("\"");
        assertThat(file.get("last_modified").asText()).endsWith("Z");
        assertThat(json(api.list("")).has("files")).isFalse();
    }

    @Test
    void badListParametersAre400() {
        assertError(api.list("limit=0"), 400, "limit");
        assertError(api.list("limit=1001"), 400, "limit");
        assertError(api.list("limit=many"), 400, "limit");
        assertError(api.list("recursive=perhaps"), 400, "recursive");
        assertError(api.list("prefix=a&prefix=b"), 400, "more than once");
        assertError(api.list("prefix=" + "x".repeat(1025)), 400, "prefix");
    }

    // ---- delete ----

    @Test
    void deleteManyCountsMissingNamesAsDeleted() {
        api.put("keep", "k");
        api.put("gone1", "1");
        api.put("dir/gone2", "2");
        var response = api.delete(List.of("gone1", "dir/gone2", "never-existed", "bad//name"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("deleted"))
                .extracting(JsonNode::asText)
                .containsExactly("gone1", "dir/gone2", "never-existed");
        assertThat(body.get("failed").get("bad//name").asText()).isEqualTo("invalid name");
        assertThat(api.get("gone1").statusCode()).isEqualTo(404);
        assertThat(allNames("")).containsExactly("keep");
    }

    @Test
    void deleteManyWithIfMatchDeletesOnlyTheVersionsItNames() {
        String seen = json(api.put("seen", "v1")).get("etag").asText();
        String stale = json(api.put("replaced", "v1")).get("etag").asText();
        api.put("replaced", "v2, written after the caller looked");
        api.put("plain", "p");
        byte[] body = Json.write(Map.of(
                "names",
                List.of("seen", "replaced", "plain", "never-existed"),
                "if_match",
                Map.of("seen", seen, "replaced", stale, "never-existed", "\"0\"")));

        var response = api.send("DELETE", "/files", body);

        assertThat(response.statusCode()).as(TestApi.text(response)).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("deleted"))
                .extracting(JsonNode::asText)
                .containsExactly("seen", "plain", "never-existed");
        assertThat(answer.get("failed").get("replaced").asText()).contains("changed");
        assertThat(TestApi.text(api.get("replaced"))).isEqualTo("v2, written after the caller looked");
        assertThat(allNames("")).containsExactly("replaced");
    }

    @Test
    void malformedDeleteBodiesAre400AndDeleteNothing() {
        api.put("keep", "k");
        assertError(api.send("DELETE", "/files", "{not json".getBytes()), 400, "JSON");
        assertError(api.send("DELETE", "/files", new byte[0]), 400, "JSON");
        assertError(api.send("DELETE", "/files", "{\"names\":[]}".getBytes()), 400, "1 to 1000");
        assertError(api.send("DELETE", "/files", "{\"names\":\"keep\"}".getBytes()), 400, "names");
        assertError(api.send("DELETE", "/files", "{\"names\":[1]}".getBytes()), 400, "string");
        assertError(api.send("DELETE", "/files", "[\"keep\"]".getBytes()), 400, "names");
        assertError(api.send("DELETE", "/files", "{\"names\":[\"keep\"],\"names\":[\"x\"]}".getBytes()), 400, "JSON");
        assertError(
                api.send("DELETE", "/files", "{\"names\":[\"keep\"],\"if_match\":[\"x\"]}".getBytes()),
                400,
                "if_match");
        assertError(
                api.send("DELETE", "/files", "{\"names\":[\"keep\"],\"if_match\":{\"other\":\"x\"}}".getBytes()),
                400,
                "does not list");
        assertError(
                api.send("DELETE", "/files", "{\"names\":[\"keep\"],\"if_match\":{\"keep\":1}}".getBytes()),
                400,
                "string");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) tooMany.add("n" + i);
        assertError(api.delete(tooMany), 400, "1 to 1000");
        assertThat(allNames("")).containsExactly("keep");
    }

    // ---- routes ----

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        assertError(api.sendTo(URI.create(stack.gatewayUri() + "/nowhere"), "GET", null), 404, "no such route");
        assertError(api.send("PATCH", "/files", null), 405, "not allowed");
        assertError(api.send("POST", "/files/download?name=x", "x".getBytes()), 405, "not allowed");
    }
}
