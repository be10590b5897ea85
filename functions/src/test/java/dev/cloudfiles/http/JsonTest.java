package dev.cloudfiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions' JSON without databind: request bodies as strict as before (a 400 JSON error for
 * anything but one well-formed UTF-8 value within the limits), answers byte for byte what
 * databind's ObjectMapper wrote for the same values.
 */
class JsonTest {

    private static Object read(String body) {
        return Json.readBody(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyReadsIntoPlainValuesInOrder() {
        Object body = read("{\"names\":[\"b\",\"a\"],\"n\":1,\"big\":4294967296,\"huge\":18446744073709551616,"
                + "\"f\":1.5,\"t\":true,\"x\":null,\"o\":{}}");
        assertThat(body).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) body;
        assertThat(List.copyOf(map.keySet())).isEqualTo(List.of("names", "n", "big", "huge", "f", "t", "x", "o"));
        assertThat(map.get("names")).isEqualTo(List.of("b", "a"));
        assertThat(map.get("n")).isEqualTo(1);
        assertThat(map.get("big")).isEqualTo(4_294_967_296L);
        assertThat(map.get("huge")).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(map.get("f")).isEqualTo(1.5);
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.containsKey("x")).isTrue();
        assertThat(map.get("x")).isNull();
        assertThat(map.get("o")).isEqualTo(Map.of());
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        int depth = Json.MAX_DEPTH;
        assertThat(read("[".repeat(depth) + "]".repeat(depth))).isInstanceOf(List.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"names\":[\"a\"],\"names\":[\"b\"]}", // a duplicate key
                "{\"a\":{\"k\":1,\"k\":2}}", // a duplicate key, nested
                "{\"names\":[\"a\"]", // cut short
                "{\"names\":[\"a\"]} {}", // two values
                "{} x", // something after the value
                "{'a':1}", // not JSON
                "{\"a\":01}", // leading zero
                "[1,]", // trailing comma
                "{\"a\":NaN}",
                "\"\u0000\"", // a raw control character in a string
            })
    void malformedOrAmbiguousBodiesAre400(String body) {
        assertBadRequest(body, "request body is not valid JSON");
    }

    @Test
    void nestingPastTheLimitIs400() {
        int depth = Json.MAX_DEPTH + 1;
        assertBadRequest("[".repeat(depth) + "]".repeat(depth), "request body is not valid JSON");
        assertBadRequest("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "request body is not valid JSON");
    }

    @Test
    void aNumberPastJacksonsLengthLimitIs400() {
        assertBadRequest("{\"ttl\":" + "9".repeat(1_001) + "}", "request body is not valid JSON");
    }

    @Test
    void anEmptyOrBlankBodyIs400() {
        assertBadRequest("", "request body must be JSON");
        assertBadRequest(" \n\t", "request body must be JSON");
    }

    @Test
    void aBodyThatIsNotUtf8Is400() {
        byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Json.readBody(latin1))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST))
                .hasMessage("request body is not UTF-8");
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> Json.readBody(utf16)).isInstanceOf(ApiException.class);
    }

    /** The error answer a caller sees: a 400 with the JSON error shape. */
    @Test
    void aBadBodyIsAJson400Answer() throws Exception {
        ApiException e = (ApiException) Assertions.catchThrowable(() -> read("{\"a\":1,\"a\":2}"));
        ApiResponse answer = ApiFunction.failure(e, "req-1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers()).containsEntry("Content-Type", "application/json");
        var json = new ObjectMapper().readTree(answer.body());
        assertThat(json.get("code").asText()).isEqualTo(ApiError.BAD_REQUEST.code());
        assertThat(json.get("errors").get(0).asText()).isEqualTo("request body is not valid JSON");
    }

    @Test
    void answersAreByteForByteWhatDatabindWrote() throws Exception {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "dir/caf\u00e9 \"quoted\" \\ back\tslash\u0001\u2028 \uD83D\uDE00 </script>");
        entry.put("size", 5_000_000_000L);
        entry.put("part", 3);
        entry.put("ratio", 0.1);
        entry.put("huge", new BigInteger("18446744073709551616"));
        entry.put("assembled", true);
        entry.put("content_type", null);
        entry.put("parts", List.of(Map.of("part", 1, "url", "https://s3/x?a=1&b=%2F")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paging", Map.of("size", 2, "last", "z"));
        body.put("names", new ArrayList<>(Arrays.asList("a", "", "\u00ff")));
        body.put("files", List.of(entry));
        body.put("failed", new LinkedHashMap<>(Map.of("bad\u0000name", "invalid name")));
        body.put("empty", List.of());
        ObjectMapper databind = new ObjectMapper();
        for (Object value : List.of(body, entry, List.of(1, 2L, false), "just a string")) {
            assertThat(new String(Json.write(value), StandardCharsets.UTF_8))
                    .isEqualTo(new String(databind.writeValueAsBytes(value), StandardCharsets.UTF_8));
            assertThat(Json.write(value)).isEqualTo(databind.writeValueAsBytes(value));
        }
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("names", List.of("a/b", "\uD83D\uDE00"));
        value.put("n", 7);
        value.put("l", 1L << 40);
        value.put("f", -2.5e-7);
        value.put("b", BigInteger.TEN.pow(30));
        value.put("none", null);
        assertThat(Json.readBody(Json.write(value))).isEqualTo(value);
    }

    @Test
    void aValueOfNoJsonKindIsABugNotAnAnswer() {
        assertThatThrownBy(() -> Json.write(Map.of("when", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBadRequest(String body, String message) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST))
                .hasMessage(message);
    }
}
