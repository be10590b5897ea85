package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** End to end: the real handlers of template.yaml behind the gateway, on both emulators. */
class LocalStackTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void putThenListThroughTheGateway() throws Exception {
        String key = stack.newKey("e2e").secret();
        URI files = URI.create(stack.gatewayUri() + "/v1/e2e/docs/files");

        var put = HTTP.send(
                HttpRequest.newBuilder(URI.create(files + "?name=notes/hello.txt"))
                        .header("X-Api-Key", key)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("Hello, Cloud Files"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(JSON.readTree(put.body()).get("name").asText()).isEqualTo("notes/hello.txt");

        var list = HTTP.send(
                HttpRequest.newBuilder(files).header("X-Api-Key", key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode names = JSON.readTree(list.body()).get("names");
        assertThat(names).extracting(JsonNode::asText).containsExactly("notes/hello.txt");
    }

    @Test
    void unknownRouteIsJsonAndMissingKeyIs401() throws Exception {
        var unknown = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/nope"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isIn(404, 405);
        assertThat(unknown.headers().firstValue("content-type").orElse("")).startsWith("application/json");

        var anonymous = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/v1/e2e/docs/files"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
