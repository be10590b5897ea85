package dev.cloudfiles.local.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of a large file never pass through a handler: the local stack, in its own JVM capped
 * at 256 MiB of heap (and told to die on OutOfMemoryError), takes a 1 GiB presigned upload and
 * serves its download, byte-exact.
 */
class BoundedMemoryTest {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long SIZE = 1024L * 1024 * 1024;
    private static final long SEED = 1024;
    private static final Pattern GATEWAY = Pattern.compile("API \\(gateway\\):\\s+(http://\\S+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path data;

    static Process stack;
    static URI gateway;
    static String key;

    @BeforeAll
    static void startStackWithSmallHeap() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        stack = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.cloudfiles.local.Main",
                        "--port=0",
                        "--s3-port=0",
                        "--dynamodb-port=0",
                        "--data=" + data)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = GATEWAY.matcher(line);
            if (m.find()) gateway = URI.create(m.group(1));
            if (line.contains("Try it")) break; // the banner is printed once everything listens
        }
        assertThat(gateway).as("the stack printed its banner").isNotNull();
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "stack-output");
        drain.setDaemon(true);
        drain.start();
        key = Files.readString(data.resolve("dev-api-key")).trim();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.destroy();
            if (!stack.waitFor(30, TimeUnit.SECONDS)) stack.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private HttpResponse<byte[]> api(String method, String pathAndQuery) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + "/v1/dev/big" + pathAndQuery))
                        .header("X-Api-Key", key)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aOneGibFileGoesUpAndComesBackThroughAStackWith256MibOfHeap() throws Exception {
        var started = api("POST", "/uploads?name=huge.bin&presigned=true&size=" + SIZE);
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode session = JSON.readTree(started.body());
        long partSize = session.get("part_size").asLong();
        for (JsonNode part : session.get("parts")) {
            long from = (part.get("part").asLong() - 1) * partSize;
            long count = Math.min(partSize, SIZE - from);
            var put = HTTP.send(
                    HttpRequest.newBuilder(URI.create(part.get("url").asText()))
                            .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(
                                            () -> GeneratedContent.slice(SEED, from, count)),
                                    count))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(put.statusCode()).as("part %s", part.get("part")).isEqualTo(200);
        }
        var committed = api("PATCH", "/uploads/" + session.get("upload_id").asText() + "?name=huge.bin");
        assertThat(committed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(committed.body()).get("size").asLong()).isEqualTo(SIZE);

        var redirect = api("GET", "/files/download?name=huge.bin");
        assertThat(redirect.statusCode()).isEqualTo(302);
        var download = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                redirect.headers().firstValue("location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        String sha;
        try (InputStream in = download.body()) {
            sha = GeneratedContent.sha256(in);
        }
        assertThat(sha).isEqualTo(GeneratedContent.sha256(SEED, SIZE));
        assertThat(stack.isAlive()).as("the 256 MiB stack is still up").isTrue();
    }
}
