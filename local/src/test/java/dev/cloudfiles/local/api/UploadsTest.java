package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.FilesApiTest.assertCode;
import static dev.cloudfiles.local.api.FilesApiTest.assertError;
import static dev.cloudfiles.local.api.TestApi.enc;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import dev.cloudfiles.local.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API.md #2–#5 through the local stack: upload sessions, presigned parts, commit and abort. */
class UploadsTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .configure(config -> config.withMaxOpenUploads(5))
            .build();

    static final long MIB = 1024 * 1024;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        api = new TestApi(
                stack.gatewayUri(),
                "up",
                "drive" + DRIVES.incrementAndGet(),
                stack.createKey("up", Set.of(), false).secret());
    }

    static JsonNode start(TestApi api, String name, String query, String... headers) {
        var response = api.send("POST", "/uploads?name=" + enc(name) + query, null, headers);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("name").asText()).isEqualTo(name);
        assertThat(body.get("upload_id").asText()).isNotEmpty();
        return body;
    }

    static HttpResponse<byte[]> part(TestApi api, String id, String name, int part, byte[] bytes, String... headers) {
        return api.send("POST", "/uploads/" + id + "/parts?name=" + enc(name) + "&part=" + part, bytes, headers);
    }

    static HttpResponse<byte[]> commit(TestApi api, String id, String name, String... headers) {
        return api.send("PATCH", "/uploads/" + id + "?name=" + enc(name), null, headers);
    }

    static HttpResponse<byte[]> abort(TestApi api, String id, String name) {
        return api.send("DELETE", "/uploads/" + id + "?name=" + enc(name), null);
    }

    /** Uploads part {@code part} of the generated content straight to S3 by its presigned URL. */
    static int putPresigned(String url, long seed, long size, long partSize, int part) throws Exception {
        long from = (part - 1) * partSize;
        long count = Math.min(partSize, size - from);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedContent.slice(seed, from, count)),
                        count))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Follows the download's 302 without the API key and hashes the bytes as they stream. */
    static String downloadSha256(TestApi api, String name) throws Exception {
        var redirect = api.get(name);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("location").orElseThrow();
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body()) {
            return GeneratedContent.sha256(in);
        }
    }

    @Test
    void a64MiBFileGoesUpByPresignedPartsAndComesBackByteExact() throws Exception {
        long size = 64 * MIB;
        JsonNode session = start(api, "videos/big.mp4", "&presigned=true&size=" + size);
        long partSize = session.get("part_size").asLong();
        assertThat(partSize).isGreaterThanOrEqualTo(8 * MIB);
        JsonNode parts = session.get("parts");
        assertThat(parts).hasSize((int) ((size + partSize - 1) / partSize));
        assertThat(session.get("expires_at").asText()).endsWith("Z");
        for (JsonNode p : parts) {
            assertThat(putPresigned(
                            p.get("url").asText(),
                            64,
                            size,
                            partSize,
                            p.get("part").asInt()))
                    .isEqualTo(200);
        }
        var committed = commit(api, session.get("upload_id").asText(), "videos/big.mp4");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        JsonNode file = json(committed);
        assertThat(file.get("size").asLong()).isEqualTo(size);
        assertThat(file.get("content_type").asText()).isEqualTo("video/mp4");
        assertThat(file.get("upload_id").asText())
                .isEqualTo(session.get("upload_id").asText());
        assertThat(downloadSha256(api, "videos/big.mp4")).isEqualTo(GeneratedContent.sha256(64, size));
        assertThat(json(api.list("")).get("names")).extracting(JsonNode::asText).containsExactly("videos/big.mp4");
    }

    @Test
    void aPresignedPartUrlIsForThatPartOnly() throws Exception {
        JsonNode session = start(api, "p.bin", "&presigned=true&size=" + (9 * MIB));
        String url = session.get("parts").get(0).get("url").asText();
        String otherPart = url.replace("partNumber=1", "partNumber=2");
        assertThat(otherPart).isNotEqualTo(url);
        var tampered = HTTP.send(
                HttpRequest.newBuilder(URI.create(otherPart))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[16]))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(tampered.statusCode()).isEqualTo(403);
    }

    @Test
    void aSmallSinglePartUploadThroughTheApi() {
        JsonNode session = start(api, "notes/small.txt", "");
        String id = session.get("upload_id").asText();
        var part = part(api, id, "notes/small.txt", 1, "hello parts".getBytes(StandardCharsets.UTF_8));
        assertThat(part.statusCode()).isEqualTo(200);
        assertThat(json(part).get("part").asInt()).isEqualTo(1);
        assertThat(json(part).get("upload_id").asText()).isEqualTo(id);
        assertThat(commit(api, id, "notes/small.txt").statusCode()).isEqualTo(200);
        var got = api.get("notes/small.txt");
        assertThat(text(got)).isEqualTo("hello parts");
        assertThat(got.headers().firstValue("content-type")).contains("text/plain");
        // A finished upload is gone.
        assertError(commit(api, id, "notes/small.txt"), 404, "upload not found");
    }

    @Test
    void noPartsAreAnEmptyFileOnlyWhenNoOtherSizeWasDeclared() {
        api.put("empty.dat", "not empty yet");
        String declared = start(api, "empty.dat", "&size=5").get("upload_id").asText();
        assertError(commit(api, declared, "empty.dat"), 409, "size=5");
        assertThat(text(api.get("empty.dat")))
                .as("a refused commit changes nothing")
                .isEqualTo("not empty yet");

        // size=0, presigned or not, and Deta's way (no size: how Deta's SDKs put an empty file)
        for (String query : List.of("&size=0", "&presigned=true&size=0", "")) {
            JsonNode session = start(api, "empty.dat", query);
            if (session.has("parts")) assertThat(session.get("parts")).isEmpty();
            var committed = commit(api, session.get("upload_id").asText(), "empty.dat");
            assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
            assertThat(json(committed).get("size").asLong()).isZero();
            var got = api.get("empty.dat");
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEmpty();
        }
    }

    @Test
    void aCommitRefusesPartsThatDoNotMakeTheDeclaredSizeAndChangesNothing() throws Exception {
        api.put("big.bin", "the old version");
        long size = 20 * MIB;
        JsonNode session = start(api, "big.bin", "&presigned=true&size=" + size);
        String id = session.get("upload_id").asText();
        long partSize = session.get("part_size").asLong();
        JsonNode parts = session.get("parts");
        assertThat(parts).hasSize(3);

        assertError(commit(api, id, "big.bin"), 409, "nothing has been uploaded");
        assertCode(commit(api, id, "big.bin"), 409, "upload_incomplete");
        assertThat(putPresigned(parts.get(0).get("url").asText(), 20, size, partSize, 1))
                .isEqualTo(200);
        assertThat(putPresigned(parts.get(2).get("url").asText(), 20, size, partSize, 3))
                .isEqualTo(200);
        assertError(commit(api, id, "big.bin"), 409, "part 2 is missing");
        assertThat(text(api.get("big.bin"))).isEqualTo("the old version");

        // The middle part's URL is signed for its exact length: S3 refuses one byte more or less.
        String url2 = parts.get(1).get("url").asText();
        assertThat(url2).contains("content-length");
        for (long wrong : List.of(partSize - 1, partSize + 1)) {
            assertThat(sendRefused(url2, wrong)).as("a part of %d bytes", wrong).isTrue();
            assertError(commit(api, id, "big.bin"), 409, "part 2 is missing");
        }
        assertThat(putPresigned(url2, 20, size, partSize, 2)).isEqualTo(200);
        var committed = commit(api, id, "big.bin");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        assertThat(json(committed).get("size").asLong()).isEqualTo(size);
        assertThat(downloadSha256(api, "big.bin")).isEqualTo(GeneratedContent.sha256(20, size));
    }

    /**
     * Sends {@code length} bytes to a presigned part URL; true when S3 refused them (a 403, or the
     * connection cut while the refused body was still on its way).
     */
    private static boolean sendRefused(String url, long length) {
        try {
            var answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) length]))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 403;
        } catch (IOException cut) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aSizeDeclaredForApiPartsIsBindingToTheByte() {
        api.put("d.txt", "old");
        String id = start(api, "d.txt", "&size=12").get("upload_id").asText();
        part(api, id, "d.txt", 1, "hello world".getBytes(StandardCharsets.UTF_8)); // 11 bytes: one short
        assertError(commit(api, id, "d.txt"), 409, "add up to 11 bytes");
        assertThat(text(api.get("d.txt"))).isEqualTo("old");
        part(api, id, "d.txt", 1, "hello world!".getBytes(StandardCharsets.UTF_8));
        var committed = commit(api, id, "d.txt");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        assertThat(text(api.get("d.txt"))).isEqualTo("hello world!");
    }

    @Test
    void aPresignedUploadOfOneByteTakesNoMore() throws Exception {
        JsonNode session = start(api, "one.bin", "&presigned=true&size=1");
        String url = session.get("parts").get(0).get("url").asText();
        assertThat(sendRefused(url, 9 * 1024)).isTrue();
        assertError(commit(api, session.get("upload_id").asText(), "one.bin"), 409, "nothing has been uploaded");
        assertThat(api.get("one.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void aPartAfterTheAssemblyIsAConflictAndTheCommitCanBeRepeated() {
        api.put("r.txt", "first");
        String id = start(api, "r.txt", "").get("upload_id").asText();
        part(api, id, "r.txt", 1, "second".getBytes(StandardCharsets.UTF_8));
        assertError(commit(api, id, "r.txt", "If-None-Match", "*"), 412, "already exists");
        assertError(
                part(api, id, "r.txt", 2, "more".getBytes(StandardCharsets.UTF_8)), 409, "commit it again or abort it");
        var committed = commit(api, id, "r.txt");
        assertThat(committed.statusCode()).as(text(committed)).isEqualTo(200);
        assertThat(text(api.get("r.txt"))).isEqualTo("second");
    }

    @Test
    void aDriveHasABoundedNumberOfOpenUploads() {
        int max = stack.config().maxOpenUploads();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < max; i++)
            ids.add(start(api, "u" + i, "").get("upload_id").asText());
        assertError(api.send("POST", "/uploads?name=one-more", null), 409, "open uploads");
        assertCode(api.send("POST", "/uploads?name=one-more", null), 409, "too_many_uploads");
        assertThat(api.onDrive("up", "another" + DRIVES.incrementAndGet())
                        .send("POST", "/uploads?name=x", null)
                        .statusCode())
                .as("the bound is per drive")
                .isEqualTo(202);
        assertThat(abort(api, ids.get(0), "u0").statusCode()).isEqualTo(200);
        start(api, "one-more", "");
    }

    @Test
    void contentTypeComesFromTheStartThenTheFirstPartThenTheName() {
        String a = start(api, "a.bin", "", "Content-Type", "image/webp")
                .get("upload_id")
                .asText();
        part(api, a, "a.bin", 1, new byte[] {1}, "Content-Type", "text/plain");
        commit(api, a, "a.bin");
        String b = start(api, "b.bin", "", "Content-Type", "binary/octet-stream")
                .get("upload_id")
                .asText();
        part(api, b, "b.bin", 1, new byte[] {1}, "Content-Type", "application/pdf");
        commit(api, b, "b.bin");
        String c = start(api, "c.png", "").get("upload_id").asText();
        part(api, c, "c.png", 1, new byte[] {1});
        commit(api, c, "c.png");
        assertThat(api.get("a.bin").headers().firstValue("content-type")).contains("image/webp");
        assertThat(api.get("b.bin").headers().firstValue("content-type")).contains("application/pdf");
        assertThat(api.get("c.png").headers().firstValue("content-type")).contains("image/png");
    }

    @Test
    void partsUnder5MiBBeforeTheLastAre409AndStoreNothing() {
        String id = start(api, "small-parts", "").get("upload_id").asText();
        part(api, id, "small-parts", 1, new byte[1024]);
        part(api, id, "small-parts", 2, new byte[1024]);
        assertError(commit(api, id, "small-parts"), 409, "at least 5 MiB");
        assertThat(api.get("small-parts").statusCode()).isEqualTo(404);
    }

    @Test
    void badPartNumbersAndOversizedPartsAreRefused() {
        String id = start(api, "n", "").get("upload_id").asText();
        assertError(part(api, id, "n", 0, new byte[1]), 400, "part");
        assertError(part(api, id, "n", 10_001, new byte[1]), 400, "part");
        assertError(api.send("POST", "/uploads/" + id + "/parts?name=n&part=one", new byte[1]), 400, "part");
        assertError(api.send("POST", "/uploads/" + id + "/parts?name=n", new byte[1]), 400, "part");
        assertError(part(api, id, "n", 1, new byte[(int) (4 * MIB) + 1]), 413, "presigned=true");
    }

    @Test
    void unknownAbortedForeignAndMismatchedUploadsAreRefused() {
        String id = start(api, "mine", "").get("upload_id").asText();
        assertError(commit(api, "01JUNKUNKNOWNUPLOAD0000000", "mine"), 404, "upload not found");
        assertError(commit(api, "not-a-ulid", "mine"), 404, "upload not found");
        assertCode(commit(api, "not-a-ulid", "mine"), 404, "not_found");
        assertError(part(api, id, "other-name", 1, new byte[1]), 400, "does not match");

        TestApi otherDrive = api.onDrive("up", "elsewhere");
        assertError(part(otherDrive, id, "mine", 1, new byte[1]), 404, "upload not found");
        TestApi otherProject = new TestApi(
                stack.gatewayUri(),
                "else",
                "drive1",
                stack.createKey("else", Set.of(), false).secret());
        assertError(commit(otherProject, id, "mine"), 404, "upload not found");

        assertThat(abort(api, id, "mine").statusCode()).isEqualTo(200);
        assertError(part(api, id, "mine", 1, new byte[1]), 404, "upload not found");
        assertError(commit(api, id, "mine"), 404, "upload not found");
        assertThat(api.get("mine").statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredUploadIsGone() {
        String id = start(api, "late", "").get("upload_id").asText();
        part(api, id, "late", 1, new byte[] {1});
        clock.advance(Duration.ofHours(25));
        assertError(commit(api, id, "late"), 404, "upload not found");
        assertThat(api.get("late").statusCode()).isEqualTo(404);
    }

    @Test
    void presignedStartNeedsAValidSize() {
        assertError(api.send("POST", "/uploads?name=x&presigned=true", null), 400, "size");
        assertError(api.send("POST", "/uploads?name=x&presigned=true&size=-1", null), 400, "size");
        assertError(api.send("POST", "/uploads?name=x&presigned=true&size=6000000000000", null), 400, "size");
        assertError(api.send("POST", "/uploads?name=bad//name", null), 400, "//");
        assertCode(api.send("POST", "/uploads?name=bad//name", null), 400, "invalid_name");
    }

    @Test
    void commitHonoursConditionsAndReplacesOldVersions() {
        api.put("doc.txt", "version one");
        String id = start(api, "doc.txt", "").get("upload_id").asText();
        part(api, id, "doc.txt", 1, "version two".getBytes(StandardCharsets.UTF_8));
        assertError(commit(api, id, "doc.txt", "If-None-Match", "*"), 412, "already exists");
        assertThat(text(api.get("doc.txt"))).isEqualTo("version one");
        String etag = api.get("doc.txt").headers().firstValue("etag").orElseThrow();
        assertThat(commit(api, id, "doc.txt", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(text(api.get("doc.txt"))).isEqualTo("version two");
    }

    @Test
    void freshPartUrlsForAPresignedUploadThatOutlivesItsFirstOnes() throws Exception {
        long size = 17 * MIB;
        JsonNode session = start(api, "slow.bin", "&presigned=true&size=" + size);
        String id = session.get("upload_id").asText();
        long partSize = session.get("part_size").asLong();
        assertThat(session.get("parts")).hasSize(3);

        var fresh = api.send("POST", "/uploads/" + id + "/urls?name=slow.bin&from=2", null);
        assertThat(fresh.statusCode()).as(text(fresh)).isEqualTo(200);
        JsonNode urls = json(fresh);
        assertThat(urls.get("upload_id").asText()).isEqualTo(id);
        assertThat(urls.get("part_size").asLong()).isEqualTo(partSize);
        assertThat(urls.get("parts")).extracting(p -> p.get("part").asInt()).containsExactly(2, 3);

        assertThat(putPresigned(session.get("parts").get(0).get("url").asText(), 17, size, partSize, 1))
                .isEqualTo(200);
        for (JsonNode p : urls.get("parts")) {
            assertThat(putPresigned(
                            p.get("url").asText(),
                            17,
                            size,
                            partSize,
                            p.get("part").asInt()))
                    .isEqualTo(200);
        }
        assertThat(commit(api, id, "slow.bin").statusCode()).isEqualTo(200);
        assertThat(downloadSha256(api, "slow.bin")).isEqualTo(GeneratedContent.sha256(17, size));
    }

    @Test
    void partUrlsAreOnlyForPresignedUploadsOfThisDrive() {
        String id = start(api, "api-parts.bin", "").get("upload_id").asText();
        assertError(api.send("POST", "/uploads/" + id + "/urls?name=api-parts.bin", null), 400, "presigned=true");
        String presigned =
                start(api, "p.bin", "&presigned=true&size=100").get("upload_id").asText();
        assertError(api.send("POST", "/uploads/" + presigned + "/urls?name=p.bin&from=2", null), 400, "from");
        assertError(
                api.onDrive("up", "elsewhere").send("POST", "/uploads/" + presigned + "/urls?name=p.bin", null),
                404,
                "upload not found");
    }

    static HttpResponse<byte[]> status(TestApi api, String id, String name) {
        return api.send("GET", "/uploads/" + id + "?name=" + enc(name), null);
    }

    @Test
    void statusListsThePartsReceivedThroughTheApi() {
        String id = start(api, "s.txt", "").get("upload_id").asText();
        JsonNode empty = json(status(api, id, "s.txt"));
        assertThat(empty.get("upload_id").asText()).isEqualTo(id);
        assertThat(empty.get("name").asText()).isEqualTo("s.txt");
        assertThat(empty.get("size").isNull()).as("no size declared").isTrue();
        assertThat(empty.get("part_size").isNull())
                .as("parts through the API have no fixed size")
                .isTrue();
        assertThat(empty.get("expires_at").asText()).endsWith("Z");
        assertThat(empty.get("parts")).isEmpty();
        assertThat(empty.has("assembled")).isFalse();

        byte[] first = new byte[(int) MIB];
        assertThat(part(api, id, "s.txt", 1, first).statusCode()).isEqualTo(200);
        assertThat(part(api, id, "s.txt", 3, new byte[7]).statusCode()).isEqualTo(200);
        var response = status(api, id, "s.txt");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode parts = json(response).get("parts");
        assertThat(parts).extracting(p -> p.get("part").asInt()).containsExactly(1, 3);
        assertThat(parts).extracting(p -> p.get("size").asLong()).containsExactly(MIB, 7L);
        assertThat(parts).allSatisfy(p -> assertThat(p.get("etag").asText()).isNotEmpty());

        // Sending a part again replaces it: the status shows the new one only.
        assertThat(part(api, id, "s.txt", 3, new byte[9]).statusCode()).isEqualTo(200);
        assertThat(json(status(api, id, "s.txt")).get("parts"))
                .extracting(p -> p.get("size").asLong())
                .containsExactly(MIB, 9L);
    }

    @Test
    void statusListsThePartsReceivedByPresignedUrls() throws Exception {
        long size = 17 * MIB;
        JsonNode session = start(api, "ps.bin", "&presigned=true&size=" + size);
        String id = session.get("upload_id").asText();
        long partSize = session.get("part_size").asLong();
        JsonNode urls = session.get("parts");
        assertThat(urls).hasSize(3);
        assertThat(putPresigned(urls.get(0).get("url").asText(), 5, size, partSize, 1))
                .isEqualTo(200);
        assertThat(putPresigned(urls.get(2).get("url").asText(), 5, size, partSize, 3))
                .isEqualTo(200);

        JsonNode status = json(status(api, id, "ps.bin"));
        assertThat(status.get("size").asLong()).isEqualTo(size);
        assertThat(status.get("part_size").asLong()).isEqualTo(partSize);
        assertThat(status.get("parts")).extracting(p -> p.get("part").asInt()).containsExactly(1, 3);
        assertThat(status.get("parts"))
                .extracting(p -> p.get("size").asLong())
                .containsExactly(partSize, size - 2 * partSize);

        // Send what is missing, as a resumed upload would, and commit.
        assertThat(putPresigned(urls.get(1).get("url").asText(), 5, size, partSize, 2))
                .isEqualTo(200);
        assertThat(json(status(api, id, "ps.bin")).get("parts"))
                .extracting(p -> p.get("part").asInt())
                .containsExactly(1, 2, 3);
        assertThat(commit(api, id, "ps.bin").statusCode()).isEqualTo(200);
        assertCode(status(api, id, "ps.bin"), 404, "not_found");
        assertThat(downloadSha256(api, "ps.bin")).isEqualTo(GeneratedContent.sha256(5, size));
    }

    @Test
    void anAssembledUploadHasNoPartsLeft() {
        api.put("a.txt", "first");
        String id = start(api, "a.txt", "&size=6").get("upload_id").asText();
        part(api, id, "a.txt", 1, "second".getBytes(StandardCharsets.UTF_8));
        assertError(commit(api, id, "a.txt", "If-None-Match", "*"), 412, "already exists");
        var response = status(api, id, "a.txt");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode status = json(response);
        assertThat(status.get("assembled").asBoolean()).isTrue();
        assertThat(status.get("parts")).isEmpty();
        assertThat(status.get("size").asLong()).isEqualTo(6);
    }

    @Test
    void statusOfUnknownForeignExpiredOrMismatchedUploadsIsRefused() {
        String id = start(api, "mine", "").get("upload_id").asText();
        assertCode(status(api, "01JUNKUNKNOWNUPLOAD0000000", "mine"), 404, "not_found");
        assertCode(status(api, "not-a-ulid", "mine"), 404, "not_found");
        assertCode(status(api.onDrive("up", "elsewhere"), id, "mine"), 404, "not_found");
        assertError(status(api, id, "other-name"), 400, "does not match");
        assertCode(api.send("GET", "/uploads/" + id, null), 400, "bad_request");

        String aborted = start(api, "gone", "").get("upload_id").asText();
        assertThat(abort(api, aborted, "gone").statusCode()).isEqualTo(200);
        assertCode(status(api, aborted, "gone"), 404, "not_found");

        clock.advance(Duration.ofHours(25));
        assertCode(status(api, id, "mine"), 404, "not_found");
    }

    static JsonNode openUploads(TestApi api) {
        var response = api.send("GET", "/uploads", null);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return json(response).get("uploads");
    }

    @Test
    void theDriveListsItsOpenUploadsOldestFirstUntilTheyEnd() {
        assertThat(openUploads(api)).isEmpty();
        long size = 20 * MIB;
        JsonNode presigned = start(api, "big.bin", "&presigned=true&size=" + size);
        String big = presigned.get("upload_id").asText();
        String small = start(api, "notes/small.txt", "").get("upload_id").asText();
        String assembled = start(api, "a.txt", "&size=3").get("upload_id").asText();
        part(api, assembled, "a.txt", 1, "abc".getBytes(StandardCharsets.UTF_8));
        api.put("a.txt", "old");
        assertThat(commit(api, assembled, "a.txt", "If-None-Match", "*").statusCode())
                .isEqualTo(412);

        JsonNode listed = openUploads(api);
        assertThat(listed).extracting(u -> u.get("upload_id").asText()).containsExactly(big, small, assembled);
        JsonNode first = listed.get(0);
        assertThat(first.get("name").asText()).isEqualTo("big.bin");
        assertThat(first.get("size").asLong()).isEqualTo(size);
        assertThat(first.get("part_size").asLong())
                .isEqualTo(presigned.get("part_size").asLong());
        assertThat(Instant.parse(first.get("expires_at").asText()))
                .isAfter(Instant.parse(first.get("created").asText()));
        assertThat(first.has("assembled")).isFalse();
        assertThat(listed.get(1).get("size").isNull()).as("no size declared").isTrue();
        assertThat(listed.get(1).get("part_size").isNull())
                .as("parts through the API")
                .isTrue();
        assertThat(listed.get(2).get("assembled").asBoolean()).isTrue();

        assertThat(abort(api, small, "notes/small.txt").statusCode()).isEqualTo(200);
        assertThat(commit(api, assembled, "a.txt").statusCode()).isEqualTo(200);
        assertThat(openUploads(api))
                .extracting(u -> u.get("upload_id").asText())
                .containsExactly(big);
        assertThat(openUploads(api.onDrive("up", "another" + DRIVES.incrementAndGet())))
                .as("another drive's uploads are not listed")
                .isEmpty();

        clock.advance(Duration.ofHours(25));
        assertThat(openUploads(api)).as("an expired upload is not open").isEmpty();
    }

    @Test
    void onlyWritersListUploads() {
        start(api, "w.bin", "");
        TestApi reader = api.withKey(stack.createKey("up", Set.of(), true).secret());
        assertCode(reader.send("GET", "/uploads", null), 403, "forbidden");
        assertThat(openUploads(api)).hasSize(1);
    }
}
