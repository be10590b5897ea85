package dev.cloudfiles.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.TestHttp;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code uploads}, {@code abort ID} and {@code put --resume}'s exit status, in process against the local stack. */
class UploadsCliTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path dir;

    private Map<String, String> env;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of(
                CloudDriveConfig.ENV_URL, stack.gatewayUri().toString(),
                CloudDriveConfig.ENV_KEY, stack.newKeySecret(),
                // named like a command on purpose: an option's value is never taken for a command
                CloudDriveConfig.ENV_DRIVE, "uploads",
                CloudDriveConfig.ENV_STATE_DIR, dir.resolve("state").toString()));
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CloudFilesCli(
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        false)
                .configure(b -> b.backoffBase(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)))
                .run(args);
        return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    /** Opens a presigned upload of {@code size} bytes through the API, as an interrupted put leaves one. */
    private String openUpload(String name, long size) throws Exception {
        var response = TestHttp.API.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/v1/"
                                + env.get(CloudDriveConfig.ENV_KEY).split("_")[0]
                                + "/uploads/uploads?name="
                                + name + "&presigned=true&size=" + size))
                        .header("X-Api-Key", env.get(CloudDriveConfig.ENV_KEY))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response.body().replaceAll(".*\"upload_id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void uploadsPrintsATableAndAbortEndsOneByItsId() throws Exception {
        assertThat(run("uploads")).isEqualTo(new Result(0, "", ""));
        String first = openUpload("videos/a.mp4", 20_000_000);
        String second = openUpload("b.bin", 9_000_000);

        Result listed = run("uploads");
        assertThat(listed.code()).as(listed.err()).isZero();
        var lines = listed.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("STARTED", "EXPIRES", "SIZE", "NAME");
        assertThat(lines.get(1)).startsWith(first).contains("20000000").endsWith("videos/a.mp4");
        assertThat(lines.get(2)).startsWith(second).endsWith("b.bin");

        Result json = run("uploads", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        var uploads = TestHttp.JSON.readTree(json.out()).path("uploads");
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).path("upload_id").asText()).isEqualTo(first);
        assertThat(uploads.get(0).path("name").asText()).isEqualTo("videos/a.mp4");
        assertThat(uploads.get(0).path("size").asLong()).isEqualTo(20_000_000);
        assertThat(uploads.get(0).path("part_size").asLong()).isPositive();
        assertThat(uploads.get(0).path("created").asText()).endsWith("Z");
        assertThat(uploads.get(0).path("expires_at").asText()).endsWith("Z");
        assertThat(uploads.get(1).path("upload_id").asText()).isEqualTo(second);
        assertThat(run("uploads", "--json").out()).isEqualTo(json.out()).endsWith("}" + System.lineSeparator());

        Result aborted = run("abort", first);
        assertThat(aborted.code()).as(aborted.err()).isZero();
        assertThat(aborted.out()).contains("aborted " + first + " (videos/a.mp4)");
        assertThat(run("uploads").out()).doesNotContain(first).contains(second);

        assertThat(run("abort", "--name", "b.bin", second).code()).isZero();
        Result unknown = run("abort", first);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no open upload " + first);
    }

    @Test
    void putResumeWithNothingToResumeExitsThree() throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[5 * 1024 * 1024]);
        Result r = run("put", "--resume", file.toString(), "big.bin");
        assertThat(r.code())
                .as(r.err())
                .isEqualTo(CloudFilesCli.NOTHING_TO_RESUME)
                .isEqualTo(3);
        assertThat(r.err()).startsWith("cloudfiles: no interrupted upload of").contains("without resuming");
        assertThat(run("uploads").out()).as("nothing was started").isEmpty();
        assertThat(run("put", "--resume", "-", "x").code()).isEqualTo(2);
    }

    @Test
    void theStateDirectoryDefaultsFollowXdg() {
        assertThat(ConnectionOptions.defaultStateDir(
                        Map.of("CLOUD_FILES_STATE_DIR", "/own", "XDG_STATE_HOME", "/xdg", "HOME", "/home/u")))
                .isEqualTo("/own");
        assertThat(ConnectionOptions.defaultStateDir(Map.of("XDG_STATE_HOME", "/xdg", "HOME", "/home/u")))
                .isEqualTo(Path.of("/xdg", "cloudfiles", "uploads").toString());
        assertThat(ConnectionOptions.defaultStateDir(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u", ".local", "state", "cloudfiles", "uploads")
                        .toString());
        assertThat(ConnectionOptions.defaultStateDir(Map.of()))
                .as("nothing to record into")
                .isNull();
    }
}
