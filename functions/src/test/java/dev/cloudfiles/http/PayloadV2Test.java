package dev.cloudfiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.functions.RouteNotFoundHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The payload-2.0 reader and writer against real event shapes: the repository's events/ and AWS's own example. */
class PayloadV2Test {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path events() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("events/get.json"))) return dir.resolve("events");
        }
        throw new IllegalStateException("no events/ above " + Path.of("").toAbsolutePath());
    }

    private static ApiRequest event(String file) throws IOException {
        try (InputStream in = Files.newInputStream(events().resolve(file))) {
            return PayloadV2.read(in);
        }
    }

    private static ApiRequest json(String json) throws IOException {
        return PayloadV2.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode written(ApiResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PayloadV2.write(response, out);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void readsTheFieldsOfARealGetEvent() throws Exception {
        ApiRequest get = event("get.json");
        assertThat(get.routeKey()).isEqualTo(Routes.GET_FILE);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.rawPath()).isEqualTo("/v1/dev/docs/files/download");
        assertThat(get.rawQueryString()).isEqualTo("name=notes%2Fhello.txt");
        assertThat(get.query().get("name")).contains("notes/hello.txt");
        assertThat(get.pathParameters()).containsOnly(Map.entry("project_id", "dev"), Map.entry("drive_name", "docs"));
        assertThat(get.header("X-Api-Key")).contains("dev_REPLACE_WITH_YOUR_KEY");
        assertThat(get.headers()).hasSize(8).containsEntry("x-forwarded-port", "443");
        assertThat(get.requestId()).isEqualTo("Cf03sKjPIAMEbQw=");
        assertThat(get.sourceIp()).isEqualTo("203.0.113.10");
        assertThat(get.userAgent()).isEqualTo("curl/8.5.0");
        assertThat(get.cookies()).isEmpty();
        assertThat(get.rawBody()).isNull();
        assertThat(get.isBase64Encoded()).isFalse();
        assertThat(get.body()).isEmpty();
    }

    @Test
    void decodesABase64Body() throws Exception {
        ApiRequest put = event("put-binary.json");
        assertThat(put.isBase64Encoded()).isTrue();
        byte[] png = put.body();
        assertThat(png).hasSize(Integer.parseInt(put.header("content-length").orElseThrow()));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(png[0]).isEqualTo((byte) 0x89);
        assertThat(RequestLog.bodyBytes(put)).isEqualTo(png.length);
    }

    @Test
    void readsATextBodyAsUtf8() throws Exception {
        ApiRequest put = event("put.json");
        assertThat(put.isBase64Encoded()).isFalse();
        assertThat(put.body()).isEqualTo(put.rawBody().getBytes(StandardCharsets.UTF_8));
        ApiRequest unicode = json("{\"body\":\"h\\u00e9llo \\\"q\\\" \\ud83d\\ude00\",\"isBase64Encoded\":false}");
        assertThat(new String(unicode.body(), StandardCharsets.UTF_8)).isEqualTo("héllo \"q\" 😀");
        assertThat(RequestLog.bodyBytes(unicode)).isEqualTo(unicode.body().length);
    }

    @Test
    void readsEveryEventOfTheRepository() throws Exception {
        for (String file : new String[] {
            "put.json",
            "get.json",
            "get-missing.json",
            "list.json",
            "list-folded.json",
            "delete-many.json",
            "route-not-found.json"
        }) {
            ApiRequest request = event(file);
            JsonNode tree = JSON.readTree(events().resolve(file).toFile());
            assertThat(request.routeKey())
                    .as(file)
                    .isEqualTo(tree.get("routeKey").asText());
            assertThat(request.method())
                    .as(file)
                    .isEqualTo(tree.at("/requestContext/http/method").asText());
            assertThat(request.rawPath()).as(file).isEqualTo(tree.get("rawPath").asText());
            assertThat(request.requestId())
                    .as(file)
                    .isEqualTo(tree.at("/requestContext/requestId").asText());
            assertThat(request.headers()).as(file).hasSize(tree.get("headers").size());
            assertThat(request.rawBody())
                    .as(file)
                    .isEqualTo(tree.has("body") ? tree.get("body").asText() : null);
        }
    }

    /** AWS's documented example: cookies, a repeated header joined by commas, nested authorizer data to skip. */
    @Test
    void readsAwsDocumentedExampleAndSkipsWhatItDoesNotUse() throws Exception {
        ApiRequest example;
        try (InputStream in = PayloadV2Test.class.getResourceAsStream("/payload-v2-aws-example.json")) {
            example = PayloadV2.read(in);
        }
        assertThat(example.routeKey()).isEqualTo("$default");
        assertThat(example.method()).isEqualTo("POST");
        assertThat(example.cookies()).containsExactly("cookie1", "cookie2");
        assertThat(example.header("header2")).contains("value1,value2");
        assertThat(example.requestId()).isEqualTo("id");
        assertThat(example.sourceIp()).isEqualTo("192.0.2.1");
        assertThat(example.userAgent()).isEqualTo("agent");
        assertThat(example.pathParameter("parameter1")).contains("value1");
        assertThat(new String(example.body(), StandardCharsets.UTF_8)).isEqualTo("Hello from Lambda");
        // The raw query string is what the service parses: the repeated parameter is refused there.
        assertThat(example.rawQueryString()).isEqualTo("parameter1=value1&parameter1=value2&parameter2=value");
        assertThatThrownBy(example::query).isInstanceOf(ApiException.class);
    }

    @Test
    void missingAndNullFieldsAreAbsent() throws Exception {
        ApiRequest minimal = json("{\"version\":\"2.0\"}");
        assertThat(minimal.routeKey()).isNull();
        assertThat(minimal.method()).isEqualTo("GET");
        assertThat(minimal.rawPath()).isEqualTo("/");
        assertThat(minimal.rawQueryString()).isEmpty();
        assertThat(minimal.headers()).isEmpty();
        assertThat(minimal.pathParameter("project_id")).isEmpty();
        assertThat(minimal.requestId()).isNull();
        assertThat(minimal.body()).isEmpty();

        ApiRequest nulls = json("{\"routeKey\":null,\"rawQueryString\":null,\"headers\":null,\"pathParameters\":null,"
                + "\"cookies\":null,\"body\":null,\"isBase64Encoded\":null,"
                + "\"requestContext\":{\"requestId\":null,\"http\":{\"method\":null}}}");
        assertThat(nulls.routeKey()).isNull();
        assertThat(nulls.headers()).isEmpty();
        assertThat(nulls.cookies()).isEmpty();
        assertThat(nulls.method()).isEqualTo("GET");
        assertThat(nulls.body()).isEmpty();
        assertThat(ApiFunction.requestId(nulls, null)).isEmpty();
    }

    @Test
    void headerNamesAreLowerCasedAndRepeatedNamesJoined() throws Exception {
        ApiRequest request = json("{\"headers\":{\"X-Api-Key\":\"k\",\"Accept\":\"a\",\"accept\":\"b\",\"x-n\":7}}");
        assertThat(request.headers()).containsOnlyKeys("x-api-key", "accept", "x-n");
        assertThat(request.header("x-api-key")).contains("k");
        assertThat(request.header("ACCEPT")).contains("a,b");
        assertThat(request.header("x-n")).contains("7");
    }

    @Test
    void aBadBase64BodyIsA400() throws Exception {
        ApiRequest request = json("{\"body\":\"not base64!\",\"isBase64Encoded\":true}");
        assertThatThrownBy(request::body)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST));
    }

    @Test
    void anythingButAJsonObjectIsRefused() {
        for (String bad : new String[] {"", "[]", "\"x\"", "{\"rawPath\":\"/a\"", "{\"headers\":{\"a\":\"b\"}"}) {
            assertThatThrownBy(() -> json(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void writesTextResponsesAsStringsWithTheirHeaders() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("ETag", "\"abc\"");
        byte[] text = "héllo \"q\" \n\u0001 😀".getBytes(StandardCharsets.UTF_8);
        JsonNode out = written(new ApiResponse(200, headers, text, false));
        assertThat(out.get("statusCode").asInt()).isEqualTo(200);
        assertThat(out.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(out.get("body").asText()).isEqualTo(new String(text, StandardCharsets.UTF_8));
        assertThat(out.get("headers").fieldNames()).toIterable().containsExactly("Content-Type", "ETag");
        assertThat(out.at("/headers/ETag").asText()).isEqualTo("\"abc\"");
        assertThat(out.size()).isEqualTo(4);
    }

    @Test
    void writesBinaryResponsesAsPlainBase64() throws Exception {
        byte[] all = new byte[1000];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        JsonNode out = written(ApiResponse.bytes(206, Map.of("Content-Type", "application/octet-stream"), all));
        assertThat(out.get("statusCode").asInt()).isEqualTo(206);
        assertThat(out.get("isBase64Encoded").asBoolean()).isTrue();
        // One line, standard alphabet, padded: what API Gateway decodes (no MIME line feeds).
        assertThat(out.get("body").asText()).isEqualTo(Base64.getEncoder().encodeToString(all));
        JsonNode empty = written(ApiResponse.bytes(200, Map.of(), new byte[0]));
        assertThat(empty.get("body").asText()).isEmpty();
    }

    /** The whole stream handler: a real event's bytes in, payload-2.0 JSON out. */
    @Test
    void aStreamHandlerAnswersARealEvent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RouteNotFoundHandler()
                .handleRequest(Files.newInputStream(events().resolve("route-not-found.json")), out, null);
        JsonNode answer = JSON.readTree(out.toByteArray());
        assertThat(answer.get("statusCode").asInt()).isEqualTo(404);
        assertThat(answer.at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertThat(JSON.readTree(answer.get("body").asText()).get("code").asText())
                .isEqualTo("route_not_found");
    }

    /**
     * A text body's size in the event is what a JSON writer makes of it: checked against Jackson's
     * UTF-8 escaping (the local gateway's, which also writes an emoji as two u-escapes, the larger
     * of the forms a writer may choose) over random text of every kind of character.
     */
    @Test
    void aTextBodysLengthInTheEventIsItsEscapedUtf8() throws IOException {
        var random = new Random(20);
        String[] pieces = {
            "a", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\u0001", "\u001f", "\u007f", "é", "€", "😀", "/", " "
        };
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) text.append(pieces[random.nextInt(pieces.length)]);
            String event = JSON.writeValueAsString(Map.of("body", text.toString(), "isBase64Encoded", false));
            int escaped = JSON.writeValueAsBytes(text.toString()).length - 2; // without its quotes
            assertThat(json(event).bodyLengthInEvent()).as(text.toString()).isEqualTo(escaped);
        }
        String binary = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});
        assertThat(json("{\"body\":\"" + binary + "\",\"isBase64Encoded\":true}")
                        .bodyLengthInEvent())
                .isEqualTo(binary.length());
        assertThat(json("{\"isBase64Encoded\":false}").bodyLengthInEvent()).isZero();
    }
}
