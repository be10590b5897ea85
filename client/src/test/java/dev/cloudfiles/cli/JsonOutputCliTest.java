package dev.cloudfiles.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.TestHttp;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} (one document per call, the HTTP API's field names) and {@code ls -h}, in
 * process against the local stack; plus what a pipe gets: no escape codes.
 */
class JsonOutputCliTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    /** Exactly one JSON document, nothing after it. */
    private static final ObjectReader ONE_DOCUMENT =
            TestHttp.JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;

    private Map<String, String> env;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            assertThat(out).endsWith("\n");
            return ONE_DOCUMENT.readValue(out);
        }
    }

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of(
                CloudDriveConfig.ENV_URL, stack.gatewayUri().toString(),
                CloudDriveConfig.ENV_KEY, stack.newKeySecret(),
                CloudDriveConfig.ENV_DRIVE, "json"));
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
                .run(args);
        return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private String local(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, UTF_8);
        return file.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void putStatLsMvCpAndRmPrintTheApiFields() throws Exception {
        JsonNode put = run("put", local("t.txt", "twelve bytes"), "notes/t.txt", "--json")
                .json();
        assertThat(put.path("name").asText()).isEqualTo("notes/t.txt");
        assertThat(put.path("size").asLong()).isEqualTo(12);
        assertThat(put.path("content_type").asText()).isEqualTo("text/plain");
        assertThat(put.path("etag").asText()).startsWith("\"");
        assertThat(put.path("last_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(put.path("sha256").asText()).hasSize(64);
        assertThat(run("stat", "notes/t.txt", "--json").json()).isEqualTo(put);

        Result stat = run("stat", "notes/t.txt");
        assertThat(stat.code()).isZero();
        assertThat(stat.out())
                .contains("size:          12")
                .contains("sha256:        " + put.path("sha256").asText());
        Result missing = run("stat", "notes/none.txt", "--json");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("no such file: notes/none.txt");

        run("put", local("u.txt", "u"), "notes/deeper/u.txt");
        assertThat(texts(run("ls", "notes", "--json").json().path("names")))
                .containsExactly("notes/deeper/u.txt", "notes/t.txt");
        JsonNode files = run("ls", "notes", "-l", "--folded", "--json").json().path("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).toString()).isEqualTo("{\"name\":\"notes/deeper/\"}");
        assertThat(files.get(1)).isEqualTo(put);
        assertThat(run("ls", "nothing", "--json").json().toString()).isEqualTo("{\"names\":[]}");

        JsonNode moved = run("mv", "notes/t.txt", "moved.txt", "--json").json();
        assertThat(moved.path("name").asText()).isEqualTo("moved.txt");
        assertThat(moved.path("etag")).isEqualTo(put.path("etag"));
        JsonNode copied = run("cp", "moved.txt", "copied.txt", "--json").json();
        assertThat(copied.path("name").asText()).isEqualTo("copied.txt");
        assertThat(copied.path("size").asLong()).isEqualTo(12);
        assertThat(run("mv", "copied.txt", "again.txt").out())
                .as("quiet without --json")
                .isEmpty();

        JsonNode removed = run("rm", "moved.txt", "never-was.txt", "--json").json();
        assertThat(texts(removed.path("deleted"))).containsExactlyInAnyOrder("moved.txt", "never-was.txt");
        assertThat(removed.path("failed").size()).isZero();
        Result partly = run("rm", "again.txt", "bad//name", "--json");
        assertThat(partly.code()).isEqualTo(1);
        assertThat(partly.json().path("failed").path("bad//name").asText()).isEqualTo("invalid name");
        assertThat(texts(partly.json().path("deleted"))).containsExactly("again.txt");
        assertThat(partly.err()).contains("could not delete bad//name");
    }

    @Test
    void shareAndSharesPrintTheApiFields() throws Exception {
        run("put", local("r.txt", "report"), "r.txt");
        JsonNode created = run("share", "r.txt", "--ttl", "1h", "--json").json();
        assertThat(created.path("url").asText()).startsWith(stack.gatewayUri() + "/s/");
        assertThat(created.path("name").asText()).isEqualTo("r.txt");
        JsonNode listed = run("shares", "--json").json().path("shares");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("share_id")).isEqualTo(created.path("share_id"));
        assertThat(listed.get(0).path("expires_at")).isEqualTo(created.path("expires_at"));
        assertThat(listed.get(0).has("url")).as("a listing has no URL").isFalse();
        assertThat(run("unshare", created.path("share_id").asText()).code()).isZero();
        assertThat(run("shares", "--json").json().toString()).isEqualTo("{\"shares\":[]}");
    }

    @Test
    void lsDashHIsHumanSizesAndHelpIsStillThere() throws Exception {
        run("put", local("k.bin", "x".repeat(1025)), "k.bin");
        run("put", local("b.bin", "x".repeat(100)), "b.bin");
        assertThat(run("ls", "-l", "-h").out().lines())
                .anySatisfy(l -> assertThat(l).matches("\\s+1\\.1K\\s.*k\\.bin"))
                .anySatisfy(l -> assertThat(l).matches("\\s+100\\s.*b\\.bin"));
        assertThat(run("ls", "-lh").out()).isEqualTo(run("ls", "-l", "-h").out());
        assertThat(run("ls", "-l").out()).contains("1025");
        assertThat(run("ls", "-h").out().lines()).containsExactly("b.bin", "k.bin");
        Result help = run("ls", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: cloudfiles ls").contains("-h, --human-readable");
    }

    @Test
    void humanSizesAreThoseOfLs() {
        assertThat(LsCommand.humanSize(0)).isEqualTo("0");
        assertThat(LsCommand.humanSize(1023)).isEqualTo("1023");
        assertThat(LsCommand.humanSize(1024)).isEqualTo("1.0K");
        assertThat(LsCommand.humanSize(1025)).isEqualTo("1.1K");
        assertThat(LsCommand.humanSize(10 * 1024 - 1)).isEqualTo("10K");
        assertThat(LsCommand.humanSize(10 * 1024 + 1)).isEqualTo("11K");
        assertThat(LsCommand.humanSize(1024 * 1024 - 1)).isEqualTo("1.0M");
        assertThat(LsCommand.humanSize(5L * 1024 * 1024 + 7)).isEqualTo("5.1M");
        assertThat(LsCommand.humanSize(512L * 1024 * 1024)).isEqualTo("512M");
        assertThat(LsCommand.humanSize(3L * 1024 * 1024 * 1024)).isEqualTo("3.0G");
    }

    /** Help that goes to a pipe carries no escape codes, even where picocli is told colours are fine. */
    @Test
    void helpInAPipeHasNoEscapeCodes() {
        String before = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true");
        try {
            for (String[] args : new String[][] {{"--help"}, {"ls", "--help"}, {"put", "--help"}}) {
                Result help = run(args);
                assertThat(help.code()).isZero();
                assertThat(help.out()).contains("Usage:").doesNotContain("\u001b[");
            }
        } finally {
            if (before == null) System.clearProperty("picocli.ansi");
            else System.setProperty("picocli.ansi", before);
        }
    }
}
