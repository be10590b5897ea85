package dev.cloudfiles.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector;
import dev.cloudfiles.log.Metrics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Each request through the local stack (gateway, handlers, S3Proxy, dynalite) leaves exactly one
 * JSON line: its request id (the one the response carries), status, duration, a valid EMF
 * document, and nothing of the key, the content, the file name or a presigned URL.
 */
class RequestLineTest {
    @RegisterExtension
    @Order(1)
    static final CapturedLines lines = new CapturedLines();

    static final FaultInjector faults = new FaultInjector();

    @RegisterExtension
    @Order(2)
    static final LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(faults)).build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTENT = "observability-canary-content-7f3a";
    private static final String NAME = "private/observability-canary-name.txt";

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUri() + pathAndQuery))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("X-Api-Key", key);
        if (body != null) request.header("Content-Type", "application/octet-stream");
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** The one line of this answer's request, checked for what every line must be. */
    private static JsonNode lineOf(HttpResponse<String> response, IssuedKey key) {
        String requestId = response.headers().firstValue("Apigw-Requestid").orElseThrow();
        List<String> mine = lines.containing("\"request_id\":\"" + requestId + "\"");
        assertThat(mine).as("lines of request " + requestId).hasSize(1);
        String raw = mine.get(0);
        assertThat(raw).doesNotContain("\n");
        String secret = key.secret();
        assertThat(raw)
                .as("no key material")
                .doesNotContain(secret)
                .doesNotContain(secret.substring(secret.indexOf('_') + 1))
                .doesNotContainIgnoringCase("x-api-key");
        assertThat(raw).as("no content, no name").doesNotContain(CONTENT).doesNotContain("observability-canary-name");
        assertThat(raw).as("no presigned URL").doesNotContain("X-Amz-Signature").doesNotContain("X-Amz-Credential");
        JsonNode line = CapturedLines.parse(raw);
        assertThat(EmfValidator.violations(line)).as(raw).isEmpty();
        assertThat(line.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Namespace")
                        .asText())
                .isEqualTo("CloudFiles");
        assertThat(line.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Dimensions")
                        .toString())
                .isEqualTo("[[\"Route\"],[]]");
        assertThat(line.get("request_id").asText()).isEqualTo(requestId);
        assertThat(line.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(line.get("duration_ms").isNumber()).isTrue();
        assertThat(line.get("duration_ms").asDouble())
                .isGreaterThanOrEqualTo(0)
                .isEqualTo(line.get(Metrics.LATENCY).asDouble());
        assertThat(line.get(Metrics.REQUESTS).asInt()).isEqualTo(1);
        assertThat(line.get("function_version").asText()).isNotEmpty();
        assertThat(line.get("cold_start").isBoolean()).isTrue();
        return line;
    }

    @Test
    void aPutAndAGetLeaveOneInfoLineEach() throws Exception {
        IssuedKey key = stack.newKey("obs");
        HttpResponse<String> put = send("POST", "/v1/obs/docs/files?name=" + q(NAME), key.secret(), CONTENT);
        assertThat(put.statusCode()).isEqualTo(201);
        JsonNode line = lineOf(put, key);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("Route").asText()).isEqualTo("POST /v1/{project_id}/{drive_name}/files");
        assertThat(line.get("method").asText()).isEqualTo("POST");
        assertThat(line.get("project").asText()).isEqualTo("obs");
        assertThat(line.get("drive").asText()).isEqualTo("docs");
        assertThat(line.get("bytes_in").asLong())
                .isEqualTo(CONTENT.length())
                .isEqualTo(line.get(Metrics.BYTES_IN).asLong());
        assertThat(line.get("bytes_out").asLong()).isEqualTo(put.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(line.get("key_cache").asText()).isEqualTo("miss");
        assertThat(line.get(Metrics.KEY_CACHE_MISSES).asInt()).isEqualTo(1);
        assertThat(line.get(Metrics.ERRORS_4XX).asInt()
                        + line.get(Metrics.ERRORS_5XX).asInt())
                .isZero();
        assertThat(line.has("code")).isFalse();
        assertThat(line.has("error")).isFalse();

        HttpResponse<String> get = send("GET", "/v1/obs/docs/files/download?name=" + q(NAME), key.secret(), null);
        assertThat(get.body()).isEqualTo(CONTENT);
        JsonNode getLine = lineOf(get, key);
        assertThat(getLine.get("key_cache").asText()).isEqualTo("hit");
        assertThat(getLine.get("bytes_out").asLong()).isEqualTo(CONTENT.length());
    }

    @Test
    void aClientErrorCarriesItsCodeAndNoTrace() throws Exception {
        IssuedKey key = stack.newKey("obs");
        HttpResponse<String> missing =
                send("GET", "/v1/obs/docs/files/download?name=" + q(NAME + ".nope"), key.secret(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode line = lineOf(missing, key);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("code").asText()).isEqualTo("not_found");
        assertThat(line.get(Metrics.ERRORS_4XX).asInt()).isEqualTo(1);
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void aServerErrorCarriesItsTraceOnceAndTheIdOfItsBody() throws Exception {
        IssuedKey key = stack.newKey("obs");
        faults.fail(
                GetItemRequest.class,
                FaultInjector.When.BEFORE_SENDING); // the key lookup fails: DynamoDB "unreachable"
        HttpResponse<String> failed = send("GET", "/v1/obs/docs/files?prefix=", key.secret(), null);
        assertThat(faults.injected()).isPositive();
        assertThat(failed.statusCode()).isEqualTo(503);
        JsonNode line = lineOf(failed, key);
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("code").asText()).isEqualTo("unavailable");
        assertThat(line.get(Metrics.ERRORS_5XX).asInt()).isEqualTo(1);
        assertThat(CapturedLines.parse(failed.body()).get("request_id").asText())
                .isEqualTo(line.get("request_id").asText());
        String trace = line.get("error").asText();
        assertThat(trace).contains("injected fault").contains("\tat ");
        assertThat(trace.split("injected fault: GetItemRequest", -1))
                .as("the trace once")
                .hasSize(2);
    }

    @Test
    void presignedAnswersAndUploadsLogNoUrlAndCountTheUpload() throws Exception {
        IssuedKey key = stack.newKey("obs");
        assertThat(send("POST", "/v1/obs/up/files?name=" + q(NAME), key.secret(), CONTENT)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> link =
                send("GET", "/v1/obs/up/files/download?redirect=false&name=" + q(NAME), key.secret(), null);
        assertThat(link.body()).contains("X-Amz-Signature");
        lineOf(link, key);

        HttpResponse<String> start =
                send("POST", "/v1/obs/up/uploads?presigned=true&size=10&name=" + q(NAME), key.secret(), null);
        assertThat(start.statusCode()).isEqualTo(202);
        assertThat(start.body()).contains("X-Amz-Signature");
        JsonNode line = lineOf(start, key);
        assertThat(line.get(Metrics.UPLOADS_STARTED).asInt()).isEqualTo(1);
        assertThat(line.get(Metrics.UPLOADS_COMMITTED).asInt()).isZero();
        assertThat(line.get(Metrics.OPEN_UPLOADS_IN_DRIVE).asInt())
                .as("sessions open before this one")
                .isZero();

        String id = CapturedLines.parse(start.body()).get("upload_id").asText();
        HttpResponse<String> abort =
                send("DELETE", "/v1/obs/up/uploads/" + id + "?name=" + q(NAME), key.secret(), null);
        assertThat(abort.statusCode()).isEqualTo(200);
        assertThat(lineOf(abort, key).get(Metrics.UPLOADS_ABORTED).asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownRouteIsLoggedUnderTheDefaultRoute() throws Exception {
        IssuedKey key = stack.newKey("obs");
        HttpResponse<String> wrong = send("PATCH", "/v1/obs/docs/files", key.secret(), null);
        assertThat(wrong.statusCode()).isEqualTo(405);
        JsonNode line = lineOf(wrong, key);
        assertThat(line.get("Route").asText()).isEqualTo("$default");
        assertThat(line.get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void noLineCarriesTheAwsEnvelopeUnlessItIsAMetricDocument() throws Exception {
        send("GET", "/v1/obs/docs/files", null, null); // at least one line, whatever ran before
        assertThat(lines.raw()).isNotEmpty();
        for (String raw : lines.raw()) {
            JsonNode line = CapturedLines.parse(raw);
            assertThat(line.get("level").asText()).isIn("INFO", "WARN", "ERROR");
            if (line.has("_aws"))
                assertThat(EmfValidator.violations(line)).as(raw).isEmpty();
        }
    }
}
