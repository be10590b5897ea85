package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.FilesApiTest.assertError;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.local.LocalStackExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile but well-formed client sequences on the upload routes. None may reach a
 * 500; each answer is JSON. (Parts up to 6 MiB through the API here, so that the 5 MiB rule can be hit.)
 */
class UploadRouteInputsTest {
    static final long MIB = 1024 * 1024;

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().inlineLimits(6 * MIB, MIB).build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        api = new TestApi(
                stack.gatewayUri(),
                "rv",
                "drive" + DRIVES.incrementAndGet(),
                stack.createKey("rv", Set.of(), false).secret());
    }

    private String start(String name, String query) {
        var r = api.send("POST", "/uploads?name=" + name + query, null);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
        return json(r).get("upload_id").asText();
    }

    private HttpResponse<byte[]> part(String id, String name, int part, byte[] bytes) {
        return api.send("POST", "/uploads/" + id + "/parts?name=" + name + "&part=" + part, bytes);
    }

    private HttpResponse<byte[]> commit(String id, String name, String... headers) {
        return api.send("PATCH", "/uploads/" + id + "?name=" + name, null, headers);
    }

    private static void notA500(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(text(r)).isLessThan(500);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
    }

    /** A single empty part sent through the API (Deta's SDK with an empty buffer, as a part). */
    @Test
    void aSingleEmptyPartCommitsAnEmptyFileOrIsRefused() {
        String id = start("e0", "");
        var p = part(id, "e0", 1, new byte[0]);
        notA500(p);
        var c = commit(id, "e0");
        notA500(c);
        if (c.statusCode() == 200) assertThat(api.get("e0").body()).isEmpty();
    }

    /** 5 MiB, then an empty last part: S3's rule allows a small last part; not a 500 either way. */
    @Test
    void anEmptyLastPartIsNotA500() {
        String id = start("e1", "");
        notA500(part(id, "e1", 1, new byte[(int) (5 * MIB)]));
        notA500(part(id, "e1", 2, new byte[0]));
        var c = commit(id, "e1");
        notA500(c);
        if (c.statusCode() == 200) assertThat(api.get("e1").statusCode()).isIn(200, 302);
    }

    @Test
    void aLonePartTenThousandIsA409() {
        String id = start("p", "");
        notA500(part(id, "p", 10_000, new byte[] {1}));
        assertError(commit(id, "p"), 409, "part 1 is missing");
    }

    /** Parts through the API of a presigned upload: the right length commits, an extra part is refused. */
    @Test
    void apiPartsOfAPresignedUploadFollowTheDeclaredLayout() {
        String id = start("q", "&presigned=true&size=3");
        notA500(part(id, "q", 2, new byte[] {1}));
        notA500(part(id, "q", 1, new byte[] {1, 2, 3}));
        assertError(commit(id, "q"), 409, "never handed out");
        String ok = start("q2", "&presigned=true&size=3");
        notA500(part(ok, "q2", 1, new byte[] {1, 2, 3}));
        assertThat(commit(ok, "q2").statusCode()).isEqualTo(200);
        assertThat(api.get("q2").body()).containsExactly(1, 2, 3);
    }

    @Test
    void oddSizesAndFlagsAre400s() {
        for (String q : List.of(
                "&size=",
                "&size=1.5",
                "&size=99999999999999999999",
                "&size=%2B5",
                "&size=0x10",
                "&presigned=yes&size=5",
                "&presigned=true&size=",
                "&presigned=true&size=-0")) {
            var r = api.send("POST", "/uploads?name=x" + q, null);
            notA500(r);
        }
    }

    /** The boundaries of a presigned upload's size: 0, 1, 5 TiB exactly (1,024 URLs of 5 GiB), one more. */
    @Test
    void presignedSizeBoundaries() {
        var zero = api.send("POST", "/uploads?name=z&presigned=true&size=0", null);
        assertThat(zero.statusCode()).isEqualTo(202);
        String zid = json(zero).get("upload_id").asText();
        var urls = api.send("POST", "/uploads/" + zid + "/urls?name=z", null);
        notA500(urls);
        var fromTwo = api.send("POST", "/uploads/" + zid + "/urls?name=z&from=2", null);
        notA500(fromTwo);
        assertThat(commit(zid, "z").statusCode()).isEqualTo(200);

        long max = 5L * 1024 * 1024 * 1024 * 1024;
        var huge = api.send("POST", "/uploads?name=huge&presigned=true&size=" + max, null);
        assertThat(huge.statusCode()).as(text(huge)).isEqualTo(202);
        JsonNode body = json(huge);
        assertThat(body.get("parts")).hasSize(1024);
        assertThat(body.get("part_size").asLong()).isEqualTo(5L * 1024 * 1024 * 1024);
        var last = api.send("POST", "/uploads/" + body.get("upload_id").asText() + "/urls?name=huge&from=1024", null);
        assertThat(last.statusCode()).as(text(last)).isEqualTo(200);
        assertThat(json(last).get("parts")).hasSize(1);
        notA500(api.send("POST", "/uploads/" + body.get("upload_id").asText() + "/urls?name=huge&from=1025", null));
        notA500(api.send("POST", "/uploads?name=huge2&presigned=true&size=" + (max + 1), null));
        notA500(commit(body.get("upload_id").asText(), "huge"));
    }

    @Test
    void oddIdsConditionsAndRepeatsAreNot500s() {
        String id = start("r", "");
        notA500(part(id, "r", 1, "x".getBytes(StandardCharsets.UTF_8)));
        notA500(commit(id.toLowerCase(), "r"));
        notA500(commit(id + "0", "r"));
        notA500(commit(id, "r", "If-Match", "\"bogus\""));
        notA500(commit(id, "r", "If-None-Match", "\"x\""));
        notA500(commit(id, "r", "If-Match", "*"));
        var ok = commit(id, "r");
        assertThat(ok.statusCode()).as(text(ok)).isEqualTo(200);
        notA500(commit(id, "r"));
        notA500(api.send("DELETE", "/uploads/" + id + "?name=r", null));
        notA500(part(id, "r", 2, new byte[] {1}));
        notA500(api.send("POST", "/uploads/" + id + "/urls?name=r", null));
    }
}
