package dev.cloudfiles.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.store.sweep.Sweeper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** Move and copy (API.md [ext]) through the local gateway: every status, and what the sweeper then keeps. */
class MoveCopyTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    private static final String PROJECT = "moves";
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        clock.reset();
        api = new TestApi(
                stack.gatewayUri(),
                PROJECT,
                "d" + DRIVES.incrementAndGet(),
                stack.createKey(PROJECT, Set.of(), false).secret());
    }

    private static byte[] body(String from, String to) {
        return Json.write(Map.of("from", from, "to", to));
    }

    private HttpResponse<byte[]> move(TestApi as, String from, String to, String... headers) {
        return as.send("POST", "/files/move", body(from, to), headers);
    }

    private HttpResponse<byte[]> copy(TestApi as, String from, String to, String... headers) {
        return as.send("POST", "/files/copy", body(from, to), headers);
    }

    private HttpResponse<byte[]> move(String from, String to, String... headers) {
        return move(api, from, to, headers);
    }

    private HttpResponse<byte[]> copy(String from, String to, String... headers) {
        return copy(api, from, to, headers);
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        TestApi.json(api.list("")).get("names").forEach(n -> names.add(n.asText()));
        return names;
    }

    private String read(String name) {
        var r = api.get(name);
        assertThat(r.statusCode()).as("GET %s: %s", name, TestApi.text(r)).isEqualTo(200);
        return TestApi.text(r);
    }

    private void assertMissing(String name) {
        assertThat(api.get(name).statusCode()).as("GET %s", name).isEqualTo(404);
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) {
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(status);
        assertThat(TestApi.json(r).get("code").asText()).isEqualTo(code);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    /** Runs the sweeper with time moved a day on, until it has nothing left to do. */
    private void settle() {
        for (int round = 0; round < 5; round++) {
            clock.advance(Duration.ofDays(1));
            Sweeper.Report report = stack.app().sweeper().sweep();
            assertThat(report.failures()).isZero();
            if (report.blobsDeleted() + report.blobsKept() + report.orphansFound() + report.deferred() == 0) return;
        }
    }

    @Test
    void aMoveAnswersLikeAPutAndLeavesOnlyTheTarget() {
        assertThat(api.put("a/report.txt", "quarterly", "Content-Type", "text/plain")
                        .statusCode())
                .isEqualTo(201);
        String etag =
                TestApi.json(api.list("detailed=true")).at("/files/0/etag").asText();

        var r = move("a/report.txt", "b/final.txt");
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(200);
        JsonNode moved = TestApi.json(r);
        assertThat(moved.get("name").asText()).isEqualTo("b/final.txt");
        assertThat(moved.get("project_id").asText()).isEqualTo(PROJECT);
        assertThat(moved.get("size").asLong()).isEqualTo(9);
        assertThat(moved.get("etag").asText()).isEqualTo(etag);
        assertThat(moved.get("content_type").asText()).isEqualTo("text/plain");
        assertThat(moved.has("last_modified")).isTrue();

        assertThat(read("b/final.txt")).isEqualTo("quarterly");
        assertMissing("a/report.txt");
        assertThat(names()).containsExactly("b/final.txt");
        var head = api.send("HEAD", "/files/download?name=" + TestApi.enc("a/report.txt"), null);
        assertThat(head.statusCode()).isEqualTo(404);
    }

    @Test
    void movedAndCopiedFilesKeepTheirSha256() {
        String sha256 = TestApi.json(api.put("digest/src.txt", "same bytes"))
                .get("sha256")
                .asText();
        assertThat(sha256).hasSize(64);

        var copied = copy("digest/src.txt", "digest/copy.txt");
        var moved = move("digest/src.txt", "digest/moved.txt");

        assertThat(TestApi.json(copied).get("sha256").asText()).isEqualTo(sha256);
        assertThat(TestApi.json(moved).get("sha256").asText()).isEqualTo(sha256);
        String repr =
                "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":";
        for (String name : List.of("digest/copy.txt", "digest/moved.txt")) {
            assertThat(api.get(name).headers().firstValue("Repr-Digest"))
                    .as(name)
                    .contains(repr);
        }
        JsonNode files = TestApi.json(api.list("detailed=true")).get("files");
        assertThat(files)
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.get("sha256").asText()).isEqualTo(sha256));
    }

    @Test
    void aMoveReplacesAnExistingTargetUnlessIfNoneMatchSaysOtherwise() {
        api.put("from.txt", "new bytes");
        api.put("to.txt", "old bytes");

        assertError(move("from.txt", "to.txt", "If-None-Match", "*"), 412, "precondition_failed");
        assertThat(read("from.txt")).isEqualTo("new bytes");
        assertThat(read("to.txt")).isEqualTo("old bytes");

        assertThat(move("from.txt", "to.txt").statusCode()).isEqualTo(200);
        assertThat(read("to.txt")).isEqualTo("new bytes");
        assertMissing("from.txt");

        // the replaced version is garbage, the moved one is not
        settle();
        assertThat(read("to.txt")).isEqualTo("new bytes");
        assertThat(stack.app().sweeper().sweep().failures()).isZero();
    }

    @Test
    void ifMatchAppliesToTheSource() {
        api.put("src.txt", "v1");
        String etag =
                TestApi.json(api.list("detailed=true")).at("/files/0/etag").asText();
        assertError(
                move("src.txt", "dst.txt", "If-Match", "\"0123456789abcdef0123456789abcdef\""),
                412,
                "precondition_failed");
        assertError(
                copy("src.txt", "dst.txt", "If-Match", "\"0123456789abcdef0123456789abcdef\""),
                412,
                "precondition_failed");
        assertThat(names()).containsExactly("src.txt");
        assertThat(copy("src.txt", "copy.txt", "If-Match", etag).statusCode()).isEqualTo(201);
        assertThat(move("src.txt", "dst.txt", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(names()).containsExactly("copy.txt", "dst.txt");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        api.put("here.txt", "x");
        assertError(move("missing.txt", "there.txt"), 404, "not_found");
        assertError(copy("missing.txt", "there.txt"), 404, "not_found");
        assertError(move("here.txt", "here.txt"), 400, "bad_request");
        assertError(copy("here.txt", "here.txt"), 400, "bad_request");
        assertError(move("here.txt", "a//b"), 400, "invalid_name");
        assertError(copy("../x", "y"), 400, "invalid_name");
        for (String route : List.of("/files/move", "/files/copy")) {
            assertError(api.send("POST", route, "{not json".getBytes(StandardCharsets.UTF_8)), 400, "bad_request");
            assertError(
                    api.send("POST", route, "{\"from\":\"here.txt\"}".getBytes(StandardCharsets.UTF_8)),
                    400,
                    "bad_request");
            assertError(
                    api.send("POST", route, "{\"from\":1,\"to\":\"y\"}".getBytes(StandardCharsets.UTF_8)),
                    400,
                    "bad_request");
            assertError(api.send("POST", route, "[]".getBytes(StandardCharsets.UTF_8)), 400, "bad_request");
            assertError(api.send("POST", route, null), 400, "bad_request");
        }
        assertThat(names()).containsExactly("here.txt");
        assertThat(read("here.txt")).isEqualTo("x");
    }

    @Test
    void aReadOnlyKeyMayNeitherMoveNorCopy() {
        api.put("mine.txt", "x");
        TestApi reader = api.withKey(stack.createKey(PROJECT, Set.of(), true).secret());
        assertError(move(reader, "mine.txt", "yours.txt"), 403, "forbidden");
        assertError(copy(reader, "mine.txt", "yours.txt"), 403, "forbidden");
        assertError(move(api.withKey(null), "mine.txt", "yours.txt"), 401, "unauthorized");
        assertThat(names()).containsExactly("mine.txt");
    }

    @Test
    void aMovedFileAndAMoveChainSurviveTheSweeper() {
        api.put("one.txt", "first");
        api.put("a", "chained");
        assertThat(move("one.txt", "two.txt").statusCode()).isEqualTo(200);
        assertThat(move("a", "b").statusCode()).isEqualTo(200);
        assertThat(move("b", "c").statusCode()).isEqualTo(200);
        assertThat(move("c", "a").statusCode()).isEqualTo(200); // and back to where it began

        // a day later: every queued check and the orphan scan over the whole bucket
        settle();
        settle();
        assertThat(read("two.txt")).isEqualTo("first");
        assertThat(read("a")).isEqualTo("chained");
        assertThat(names()).containsExactly("a", "two.txt");

        // overwrite the moved file: its blob is garbage now, recorded under the new name, and goes
        api.put("two.txt", "second");
        settle();
        assertThat(read("two.txt")).isEqualTo("second");
    }

    @Test
    void aCopySharesItsSourcesBytesYetOutlivesIt() {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        String etag = TestApi.json(api.put("orig.bin", content, "Content-Type", "application/octet-stream"))
                .get("etag")
                .asText();
        var r = copy("orig.bin", "copy.bin");
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(201);
        assertThat(TestApi.json(r).get("name").asText()).isEqualTo("copy.bin");
        assertThat(TestApi.json(r).get("size").asLong()).isEqualTo(content.length);
        // the same bytes, shared: the same ETag (what a ranged download's If-Match carries)
        assertThat(TestApi.json(r).get("etag").asText()).isEqualTo(etag);
        assertThat(api.get("copy.bin").headers().firstValue("ETag")).hasValue(etag);
        assertThat(api.get("orig.bin").body()).isEqualTo(content);
        assertThat(api.get("copy.bin").body()).isEqualTo(content);

        assertError(copy("orig.bin", "copy.bin", "If-None-Match", "*"), 412, "precondition_failed");
        assertThat(api.delete(List.of("orig.bin")).statusCode()).isEqualTo(200);
        settle();
        assertMissing("orig.bin");
        assertThat(api.get("copy.bin").body()).isEqualTo(content);

        // and the other way round: delete the copy, the source stays
        assertThat(copy("copy.bin", "again.bin").statusCode()).isEqualTo(201);
        api.delete(List.of("again.bin"));
        settle();
        assertThat(api.get("copy.bin").body()).isEqualTo(content);
        assertThat(names()).containsExactly("copy.bin");
    }
}
