package dev.cloudfiles.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.local.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * events/*.json through the functions of template.yaml under the real Lambda runtime interface
 * client, against a live local stack: what `sam local invoke -e events/X.json` checks, minus
 * Docker. One warm runtime process per function; the events run in the order of
 * events/README.md (each relies on the ones before it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class HandlersUnderRuntimeClientTest {

    private static final String KEY_PLACEHOLDER = "dev_REPLACE_WITH_YOUR_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final TemplateFunctions TEMPLATE = TemplateFunctions.load();
    private static final Map<String, LocalLambda> RUNNING = new LinkedHashMap<>();
    private static String apiKey;

    @BeforeAll
    static void startOneRuntimePerFunction() {
        apiKey = stack.createKey("dev", Set.of(), false).secret();
        Map<String, String> env = new HashMap<>(stack.config().environment());
        // Started together: their JVMs boot in parallel while the first event waits.
        for (TemplateFunctions.Function fn : new HashSet<>(TEMPLATE.byRouteKey().values())) {
            RUNNING.computeIfAbsent(fn.logicalId(), id -> LocalLambda.start(id, fn.handler(), env));
        }
    }

    @AfterAll
    static void stopRuntimes() {
        RUNNING.values().forEach(LocalLambda::close);
        RUNNING.clear();
    }

    /** The HTTP response a function returned for one event file. */
    record HttpResult(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws Exception {
            assertThat(headers.get("content-type")).as("content-type").startsWith("application/json");
            return JSON.readTree(body);
        }
    }

    private static HttpResult run(String eventFile) throws Exception {
        String event = RepoFiles.read("events/" + eventFile).replace(KEY_PLACEHOLDER, apiKey);
        String routeKey = JSON.readTree(event).path("routeKey").asText();
        TemplateFunctions.Function fn = TEMPLATE.forRouteKey(routeKey)
                .orElseThrow(() -> new AssertionError(eventFile + ": no function in template.yaml for " + routeKey));
        LocalLambda lambda = RUNNING.get(fn.logicalId());
        RuntimeApiEmulator.Result result = lambda.invoke(event);
        assertThat(result.isError())
                .as(eventFile + " → " + result + "\n--- runtime log ---\n" + lambda.log())
                .isFalse();

        JsonNode response = JSON.readTree(result.body());
        Map<String, String> headers = new HashMap<>();
        response.path("headers")
                .properties()
                .forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue().asText()));
        String body =
                response.path("body").isNull() ? "" : response.path("body").asText();
        byte[] bytes = response.path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new HttpResult(response.path("statusCode").asInt(), headers, bytes);
    }

    private static byte[] eventBody(String eventFile) throws Exception {
        JsonNode event = JSON.readTree(RepoFiles.read("events/" + eventFile));
        String body = event.path("body").asText();
        return event.path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    @Order(1)
    void everyEventRoutesToAFunctionOfTheTemplate() throws Exception {
        assertThat(TEMPLATE.byRouteKey())
                .containsKeys(
                        "POST /v1/{project_id}/{drive_name}/files",
                        "PUT /v1/{project_id}/{drive_name}/files",
                        "GET /v1/{project_id}/{drive_name}/files/download",
                        "HEAD /v1/{project_id}/{drive_name}/files/download",
                        "GET /v1/{project_id}/{drive_name}/files",
                        "DELETE /v1/{project_id}/{drive_name}/files",
                        "POST /v1/{project_id}/{drive_name}/files/copy",
                        "$default");
        for (String file : List.of(
                "put.json",
                "put-binary.json",
                "copy.json",
                "get.json",
                "get-missing.json",
                "list.json",
                "list-folded.json",
                "delete-many.json",
                "route-not-found.json")) {
            JsonNode event = JSON.readTree(RepoFiles.read("events/" + file));
            assertThat(event.path("version").asText()).isEqualTo("2.0");
            assertThat(event.path("requestContext").path("routeKey").asText())
                    .isEqualTo(event.path("routeKey").asText());
            assertThat(TEMPLATE.forRouteKey(event.path("routeKey").asText()))
                    .as(file)
                    .isPresent();
            assertThat(event.path("headers").path("x-api-key").asText()).isEqualTo(KEY_PLACEHOLDER);
        }
    }

    @Test
    @Order(2)
    void putStoresTextAndBinaryFiles() throws Exception {
        HttpResult text = run("put.json");
        assertThat(text.status()).as(text.text()).isEqualTo(201);
        assertThat(text.json().path("name").asText()).isEqualTo("notes/hello.txt");
        assertThat(text.json().path("project_id").asText()).isEqualTo("dev");
        assertThat(text.json().path("drive_name").asText()).isEqualTo("docs");

        HttpResult binary = run("put-binary.json");
        assertThat(binary.status()).as(binary.text()).isEqualTo(201);
        assertThat(binary.json().path("name").asText()).isEqualTo("images/pixel.png");
        assertThat(binary.json().path("size").asLong()).isEqualTo(eventBody("put-binary.json").length);
    }

    @Test
    @Order(3)
    void copyMakesASecondFileOfTheSameBytes() throws Exception {
        HttpResult copy = run("copy.json");
        assertThat(copy.status()).as(copy.text()).isEqualTo(201);
        assertThat(copy.json().path("name").asText()).isEqualTo("notes/hello-copy.txt");
        assertThat(copy.json().path("size").asLong()).isEqualTo(eventBody("put.json").length);
        assertThat(copy.json().path("sha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(eventBody("put.json"))));
    }

    @Test
    @Order(4)
    void getReturnsTheBytesPut() throws Exception {
        HttpResult get = run("get.json");
        assertThat(get.status()).as(get.text()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(eventBody("put.json"));
        assertThat(get.headers().get("content-type")).startsWith("text/plain");
    }

    @Test
    @Order(5)
    void getOfAMissingNameIsAJson404() throws Exception {
        HttpResult missing = run("get-missing.json");
        assertThat(missing.status()).as(missing.text()).isEqualTo(404);
        assertThat(missing.json().path("errors").isArray()).isTrue();
        assertThat(missing.json().path("errors").size()).isPositive();
    }

    @Test
    @Order(6)
    void listShowsNamesFlatAndFolded() throws Exception {
        HttpResult list = run("list.json");
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(names(list.json().path("names")))
                .containsExactly("images/pixel.png", "notes/hello-copy.txt", "notes/hello.txt");
        assertThat(list.json().has("paging")).as("no paging on the final page").isFalse();

        HttpResult folded = run("list-folded.json");
        assertThat(folded.status()).as(folded.text()).isEqualTo(200);
        assertThat(names(folded.json().path("names"))).containsExactly("images/", "notes/");
    }

    @Test
    @Order(7)
    void deleteManyCountsAMissingNameAsDeleted() throws Exception {
        HttpResult deleted = run("delete-many.json");
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(names(deleted.json().path("deleted")))
                .containsExactlyInAnyOrder("notes/hello.txt", "images/pixel.png", "notes/never-existed.txt");
        assertThat(deleted.json().path("failed").size()).isZero();

        HttpResult gone = run("get.json");
        assertThat(gone.status()).as(gone.text()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void unknownRouteIsAJson404() throws Exception {
        HttpResult notFound = run("route-not-found.json");
        assertThat(notFound.status()).as(notFound.text()).isEqualTo(404);
        assertThat(notFound.json().path("errors").isArray()).isTrue();
    }

    @Test
    @Order(9)
    void missingTableConfigurationIsAnInitError() {
        TemplateFunctions.Function put =
                TEMPLATE.forRouteKey("POST /v1/{project_id}/{drive_name}/files").orElseThrow();
        Map<String, String> env = new HashMap<>(stack.config().environment());
        env.put(Config.TABLE, null);
        try (LocalLambda broken = LocalLambda.start("PutFileFunctionMisconfigured", put.handler(), env)) {
            String event = RepoFiles.read("events/put.json").replace(KEY_PLACEHOLDER, apiKey);
            RuntimeApiEmulator.Result result = broken.invoke(event, Duration.ofSeconds(30));
            assertThat(result.isError()).isTrue();
            var initError = broken.awaitInitError(Duration.ofSeconds(1));
            assertThat(initError).as(broken.log()).isPresent();
            // The init error names the exception; its cause goes to the function's log, as in CloudWatch.
            assertThat(initError.get().body()).contains("ExceptionInInitializerError");
            assertThat(broken.log()).contains(Config.TABLE + " is not set");
            assertThat(broken.awaitExit(Duration.ofSeconds(10)))
                    .as("the runtime exits after an init error")
                    .isTrue();
        }
    }

    @Test
    @Order(10)
    void theSweeperRunsOnItsScheduledEvent() throws Exception {
        Map<String, String> env = new HashMap<>(stack.config().environment());
        try (LocalLambda sweeper =
                LocalLambda.start("SweeperFunction", "dev.cloudfiles.functions.SweeperHandler::handleRequest", env)) {
            RuntimeApiEmulator.Result result = sweeper.invoke(RepoFiles.read("events/sweep.json"));
            assertThat(result.isError())
                    .as(result.body() + "\n" + sweeper.log())
                    .isFalse();
            var report = JSON.readTree(result.body());
            assertThat(report.has("blobsDeleted")).as(result.body()).isTrue();
            assertThat(report.path("objectsScanned").asInt())
                    .as("the blobs the earlier events stored")
                    .isPositive();
            // Its one JSON line reaches the runtime's stdout whole: an EMF document CloudWatch can read.
            String line = sweeper.log()
                    .lines()
                    .filter(l -> l.startsWith("{") && l.contains("\"message\":\"sweep\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no sweep line in\n" + sweeper.log()));
            var sweep = JSON.readTree(line);
            assertThat(sweep.path("_aws")
                            .path("CloudWatchMetrics")
                            .path(0)
                            .path("Namespace")
                            .asText())
                    .isEqualTo("CloudFiles");
            assertThat(sweep.path("ObjectsScanned").isMissingNode()).isTrue();
            assertThat(sweep.path("objects_scanned").asInt())
                    .isEqualTo(report.path("objectsScanned").asInt());
            assertThat(sweep.path("Backlog").isNumber()).as(line).isTrue();
            assertThat(sweep.path("function").asText()).isEqualTo("SweeperFunction");
        }
    }
}
