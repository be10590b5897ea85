package dev.cloudfiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseMappingTest {

    @Test
    void jsonIsPlainText() throws Exception {
        var event = ApiResponse.json(201, Map.of("name", "a")).toEvent();
        assertThat(event.getStatusCode()).isEqualTo(201);
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(Json.MAPPER.readTree(event.getBody()).get("name").asText()).isEqualTo("a");
    }

    @Test
    void bytesAreBase64() {
        byte[] bytes = {0, (byte) 0xff, 10, 13};
        var event = ApiResponse.bytes(200, Map.of("Content-Type", "image/png"), bytes)
                .toEvent();
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(bytes);
    }

    @Test
    void errorsAreJsonListsAndOnlyServerErrorsCarryTheRequestId() throws Exception {
        var notFound = ApiResponse.error(ApiError.NOT_FOUND, "file not found", "req-1", Map.of())
                .toEvent();
        JsonNode body = Json.MAPPER.readTree(notFound.getBody());
        assertThat(notFound.getStatusCode()).isEqualTo(404);
        assertThat(body.get("errors").get(0).asText()).isEqualTo("file not found");
        assertThat(body.has("request_id")).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("not_found");

        var internal = ApiResponse.error(ApiError.INTERNAL, "internal error", "req-2", Map.of())
                .toEvent();
        assertThat(Json.MAPPER.readTree(internal.getBody()).get("request_id").asText())
                .isEqualTo("req-2");
    }

    @Test
    void unexpectedExceptionsNeverShowTheirText() throws Exception {
        // The trace goes to the request's one log line (RequestLogTest, and RequestLineTest through the local stack).
        var response = ApiFunction.failure(new IllegalStateException("secret table name xyz"), "req-3")
                .toEvent();
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("xyz").doesNotContain("IllegalState");
        assertThat(Json.MAPPER.readTree(response.getBody()).get("code").asText())
                .isEqualTo("internal");
        assertThat(Json.MAPPER.readTree(response.getBody()).get("request_id").asText())
                .isEqualTo("req-3");
    }

    @Test
    void unmatchedRoutesAre404Or405() throws Exception {
        var wrongMethod = Routes.unmatched("PATCH", "/v1/dev/docs/files", "r").toEvent();
        assertThat(wrongMethod.getStatusCode()).isEqualTo(405);
        assertThat(wrongMethod.getHeaders().get("Allow")).contains("GET").contains("POST");
        var unknown = Routes.unmatched("GET", "/nope\n", "r").toEvent();
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.getBody()).get("errors").get(0).asText())
                .doesNotContain("\n");
    }

    @Test
    void contentDispositionIsSafeForAnyName() {
        String header = ContentDisposition.attachment("evil\"\r\nSet-Cookie: x=1;ü.txt");
        assertThat(header).doesNotContain("\r").doesNotContain("\n");
        assertThat(header)
                .startsWith("attachment; filename=\"evil___Set-Cookie: x=1_")
                .contains("filename*=UTF-8''evil%22%0D%0ASet-Cookie%3A%20x%3D1%3B%C3%BC.txt");
        assertThat(new String(header.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII))
                .isEqualTo(header);
    }

    @Test
    void contentTypes() {
        assertThat(ContentTypes.guess("a/photo.JPG")).isEqualTo("image/jpeg");
        assertThat(ContentTypes.guess("noext")).isEqualTo("application/octet-stream");
        // What clients send when given no type counts as none: the name's guess applies.
        assertThat(ContentTypes.given(java.util.Optional.of("binary/octet-stream")))
                .isEmpty();
        assertThat(ContentTypes.given(java.util.Optional.of("application/x-www-form-urlencoded")))
                .isEmpty();
        assertThat(ContentTypes.given(java.util.Optional.of("text/csv; charset=utf-8")))
                .contains("text/csv; charset=utf-8");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ContentTypes.given(java.util.Optional.of("text/plain\r\nX: y")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void dates() {
        var t = java.time.Instant.parse("2026-11-28T06:45:00.123456Z");
        assertThat(HttpDates.iso(t)).isEqualTo("2026-11-28T06:45:00.123Z");
        assertThat(HttpDates.http(t)).isEqualTo("Sat, 28 Nov 2026 06:45:00 GMT");
    }
}
