package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.runtime.Clients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway with test handlers: no emulators needed, the handlers never touch the clients. */
class GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Clients clients;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        Config config = Config.local("t", "b", nowhere, nowhere, new Config.EndpointCredentials("a", "s"));
        clients = Clients.create(config);
        gateway = Gateway.start(
                0,
                TemplateRoutes.load(TemplateRoutesTest.fixture()),
                CloudFiles.create(config, clients),
                Gateway.Limits.AWS);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        clients.close();
    }

    @Test
    void aTakenPortIsReportedAsSuch() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI nowhere = URI.create("http://127.0.0.1:9");
            Config config = Config.local("t", "b", nowhere, nowhere, new Config.EndpointCredentials("a", "s"));
            assertThatThrownBy(() -> Gateway.start(
                            taken.getLocalPort(),
                            TemplateRoutes.load(TemplateRoutesTest.fixture()),
                            CloudFiles.create(config, clients),
                            Gateway.Limits.AWS))
                    .isInstanceOfSatisfying(
                            PortInUseException.class,
                            e -> assertThat(e.service()).isEqualTo(LocalService.GATEWAY))
                    .hasMessageContaining("CLOUD_FILES_LOCAL_PORT");
        }
    }

    @Test
    void eventCarriesDecodedPathRawQueryLowerCaseHeadersAndParameters() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/proxy/dr%2Five/x%20y?name=a%2Fb+c&x=1&x=2&flag"))
                .header("X-Custom-Header", "one")
                .header("Cookie", "a=1; b=2")
                .GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-function")).contains("EchoFunction");
        JsonNode event = JSON.readTree(response.body());
        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("rawPath").asText()).isEqualTo("/proxy/dr/ive/x y");
        assertThat(event.get("routeKey").asText()).isEqualTo("ANY /proxy/{rest+}");
        assertThat(event.at("/pathParameters/rest").asText()).isEqualTo("dr/ive/x y");
        assertThat(event.get("rawQueryString").asText()).isEqualTo("name=a%2Fb+c&x=1&x=2&flag");
        assertThat(event.at("/queryStringParameters/name").asText()).isEqualTo("a/b c");
        assertThat(event.at("/queryStringParameters/x").asText()).isEqualTo("1,2");
        assertThat(event.at("/queryStringParameters/flag").asText()).isEmpty();
        assertThat(event.at("/headers/x-custom-header").asText()).isEqualTo("one");
        assertThat(event.get("headers").fieldNames()).toIterable().allMatch(n -> n.equals(n.toLowerCase()));
        assertThat(event.get("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
        JsonNode context = event.get("requestContext");
        assertThat(context.at("/http/method").asText()).isEqualTo("GET");
        assertThat(context.at("/http/path").asText()).isEqualTo("/proxy/dr/ive/x y");
        assertThat(context.get("requestId").asText())
                .isNotBlank()
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        assertThat(context.get("stage").asText()).isEqualTo("$default");
    }

    @Test
    void pathParametersAndRouteKeyOfTheMatchedRoute() throws Exception {
        JsonNode event = JSON.readTree(
                send(HttpRequest.newBuilder(uri("/v1/proj/docs/files")).GET()).body());
        assertThat(event.get("routeKey").asText()).isEqualTo("ANY /v1/{project_id}/{drive_name}/files");
        assertThat(event.at("/pathParameters/project_id").asText()).isEqualTo("proj");
        assertThat(event.at("/pathParameters/drive_name").asText()).isEqualTo("docs");
        assertThat(event.get("rawQueryString").asText()).isEmpty();
        assertThat(event.has("body"))
                .as("API Gateway leaves out the body of a request without one")
                .isFalse();
    }

    @Test
    void binaryBodyArrivesBase64AndEchoesByteExact() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        var response = HTTP.send(
                HttpRequest.newBuilder(uri("/body"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(bytes);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(bytes.length);
    }

    @Test
    void chunkedBodyWithoutLengthArrivesWhole() throws Exception {
        byte[] bytes = new byte[300_000]; // several chunks, none of known length in advance
        new Random(13).nextBytes(bytes);
        var response = HTTP.send(
                HttpRequest.newBuilder(uri("/body"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(bytes);
    }

    /** API Gateway's rule: a UTF-8 string for these types only; every other type, and none, is base64. */
    static final List<String> TEXT_TYPES = List.of(
            "text/plain",
            "text/csv; charset=iso-8859-1",
            "TEXT/HTML",
            "application/json",
            "application/xml",
            "application/javascript; charset=utf-8");

    static final List<String> BINARY_TYPES = List.of(
            "",
            "application/octet-stream",
            "application/x-www-form-urlencoded",
            "binary/octet-stream",
            "application/vnd.api+json",
            "image/svg+xml",
            "application/x-javascript",
            "application/pdf",
            "multipart/form-data; boundary=x");

    @Test
    void randomBytesSurviveByteExactUnderEveryBinaryTypeAndNone() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(11).nextBytes(bytes);
        for (String type : BINARY_TYPES) {
            var echoed = HTTP.send(post("/body", type, bytes).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(echoed.body()).as(type).isEqualTo(bytes);
            JsonNode event = JSON.readTree(
                    HTTP.send(post("/v1/p/d/files", type, bytes).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(event.get("isBase64Encoded").asBoolean()).as(type).isTrue();
        }
    }

    @Test
    void textTypesArriveAsUtf8StringsAsOnAws() throws Exception {
        byte[] text = "naïve café, 東京, emoji \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[10_000];
        new Random(13).nextBytes(random);
        for (String type : TEXT_TYPES) {
            JsonNode event = JSON.readTree(
                    HTTP.send(post("/v1/p/d/files", type, text).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(event.get("isBase64Encoded").asBoolean()).as(type).isFalse();
            assertThat(event.get("body").asText()).as(type).isEqualTo(new String(text, StandardCharsets.UTF_8));
            // Bytes that are not UTF-8 cannot survive a text type, on AWS either: what arrives is their decoding.
            var echoed = HTTP.send(post("/body", type, random).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(echoed.body())
                    .as(type)
                    .isEqualTo(new String(random, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                    .isNotEqualTo(random);
        }
    }

    @Test
    void queriesThatJavaUrisRefuseReachTheFunctionRaw() throws Exception {
        for (String query : List.of("name=100%", "name=%zz", "name=a%2", "prefix=100%/&last=", "a=%E2%82&b=%%41")) {
            String answer = raw("GET /v1/p/d/files?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0);
            assertThat(answer).as(query).startsWith("HTTP/1.1 200");
            JsonNode event = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(event.get("rawQueryString").asText()).isEqualTo(query);
        }
        String answer = raw("GET /v1/p/d/files?name=100%&x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0);
        JsonNode parameters =
                JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("queryStringParameters");
        assertThat(parameters.get("name").asText()).isEqualTo("100%");
        assertThat(parameters.get("x").asText()).isEqualTo("%zz");
    }

    @Test
    void everyHeaderReachesTheFunctionAndNulIsRefusedWithJson() throws Exception {
        StringBuilder head = new StringBuilder("GET /v1/p/d/files HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (int i = 0; i < 300; i++)
            head.append("X-Many-").append(i).append(": v").append(i).append("\r\n");
        String answer = raw(head.append("\r\n").toString(), 0);
        JsonNode headers =
                JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("headers");
        assertThat(headers.get("x-many-0").asText()).isEqualTo("v0");
        assertThat(headers.get("x-many-299").asText()).isEqualTo("v299");

        String refused =
                raw("GET /v1/p/d/files HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\nConnection: close\r\n\r\n", 0);
        assertThat(refused).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
        assertThat(JSON.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4))
                        .get("errors")
                        .get(0)
                        .asText())
                .startsWith("the request was refused by the HTTP server");
    }

    private static HttpRequest.Builder post(String path, String contentType, byte[] body) {
        var builder = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType.isEmpty() ? builder : builder.header("Content-Type", contentType);
    }

    @Test
    void textBodyArrivesAsPlainText() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/v1/p/d/files"))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("héllo")));
        JsonNode event = JSON.readTree(response.body());
        assertThat(event.get("body").asText()).isEqualTo("héllo");
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void unknownRouteGoesToTheDefaultRoute() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/nothing/here")).GET());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"route\":\"$default\"}");
    }

    @Test
    void handlerExceptionIs500JsonWithoutExceptionText() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/fail")).GET());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errors").get(0).asText()).isEqualTo("internal error");
        assertThat(body.get("request_id").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("secret detail").doesNotContain("Exception");
    }

    @Test
    void headHasNoBodyButKeepsTheFunctionsContentLength() throws Exception {
        var response =
                send(HttpRequest.newBuilder(uri("/v1/p/d/files")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("content-length")).contains("12345");
    }

    @Test
    void declaredBodyOver10MbIs413WithoutReadingIt() throws Exception {
        String answer = raw(
                "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: 10485761\r\n\r\n",
                0);
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer)
                .endsWith(
                        "{\"errors\":[\"request body is larger than API Gateway's 10 MB limit\"],\"code\":\"too_large\"}");
    }

    @Test
    void chunkedBodyOver10MbIs413() throws Exception {
        String answer = raw(
                "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" + "Transfer-Encoding: chunked\r\n\r\n",
                10_485_761);
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("API Gateway's 10 MB limit");
    }

    @Test
    void bodyOverLambdaPayloadIs413() throws Exception {
        byte[] bytes = new byte[5 * 1024 * 1024]; // 6.7 MB once base64-encoded
        var declared = send(HttpRequest.newBuilder(uri("/body"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("errors").get(0).asText()).isEqualTo(Gateway.TOO_LARGE_PAYLOAD);

        var chunked = send(HttpRequest.newBuilder(uri("/body"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("presigned=true").contains("4 MiB as sent");
    }

    @Test
    void responseOverLambdaPayloadIs502() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/huge")).GET());
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).asText()).isEqualTo(Gateway.TOO_LARGE_RESPONSE);
    }

    private static URI uri(String pathAndQuery) {
        return URI.create(gateway.uri() + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A hand-written request (for framings HttpClient will not produce); {@code chunkedBytes} of data follow. */
    private static String raw(String head, int chunkedBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int left = chunkedBytes; left > 0; left -= chunk.length) {
                int n = Math.min(left, chunk.length);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Head and Content-Length body: the server may keep the connection open to drain the unread body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) return text.toString();
            text.append((char) b);
        }
        var length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
        if (length.find()) {
            text.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }
}
