package dev.cloudfiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ResponseMappingTest {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The response as the handler sends it: payload-2.0 JSON ({@link PayloadV2#write}). */
    private static JsonNode answer(ApiResponse response) throws IOException {
        var out = new ByteArrayOutputStream();
        PayloadV2.write(response, out);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void jsonIsPlainText() throws Exception {
        var event = answer(ApiResponse.json(201, Map.of("name", "a")));
        assertThat(event.get("statusCode").asInt()).isEqualTo(201);
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertThat(JSON.readTree(event.get("body").asText()).get("name").asText())
                .isEqualTo("a");
    }

    @Test
    void bytesAreBase64() throws Exception {
        byte[] bytes = {0, (byte) 0xff, 10, 13};
        var event = answer(ApiResponse.bytes(200, Map.of("Content-Type", "image/png"), bytes));
        assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(bytes);
    }

    @Test
    void errorsAreJsonListsAndOnlyServerErrorsCarryTheRequestId() throws Exception {
        var notFound = answer(ApiResponse.error(ApiError.NOT_FOUND, "file not found", "req-1", Map.of()));
        JsonNode body = JSON.readTree(notFound.get("body").asText());
        assertThat(notFound.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body.get("errors").get(0).asText()).isEqualTo("file not found");
        assertThat(body.has("request_id")).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("not_found");

        var internal = answer(ApiResponse.error(ApiError.INTERNAL, "internal error", "req-2", Map.of()));
        assertThat(JSON.readTree(internal.get("body").asText())
                        .get("request_id")
                        .asText())
                .isEqualTo("req-2");
    }

    @Test
    void unexpectedExceptionsNeverShowTheirText() throws Exception {
        // The trace goes to the request's one log line (RequestLogTest, and RequestLineTest through the local stack).
        var response = answer(ApiFunction.failure(new IllegalStateException("secret table name xyz"), "req-3"));
        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(response.get("body").asText()).doesNotContain("xyz").doesNotContain("IllegalState");
        assertThat(JSON.readTree(response.get("body").asText()).get("code").asText())
                .isEqualTo("internal");
        assertThat(JSON.readTree(response.get("body").asText())
                        .get("request_id")
                        .asText())
                .isEqualTo("req-3");
    }

    @Test
    void unmatchedRoutesAre404Or405() throws Exception {
        var wrongMethod = answer(Routes.unmatched("PATCH", "/v1/dev/docs/files", "r"));
        assertThat(wrongMethod.get("statusCode").asInt()).isEqualTo(405);
        assertThat(wrongMethod.at("/headers/Allow").asText()).contains("GET").contains("POST");
        var unknown = answer(Routes.unmatched("GET", "/nope\n", "r"));
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.get("body").asText())
                        .get("errors")
                        .get(0)
                        .asText())
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
        assertThat(ContentTypes.given(Optional.of("binary/octet-stream"))).isEmpty();
        assertThat(ContentTypes.given(Optional.of("application/x-www-form-urlencoded")))
                .isEmpty();
        assertThat(ContentTypes.given(Optional.of("text/csv; charset=utf-8"))).contains("text/csv; charset=utf-8");
        Assertions.assertThatThrownBy(() -> ContentTypes.given(Optional.of("text/plain\r\nX: y")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void dates() {
        var t = Instant.parse("2026-11-28T06:45:00.123456Z");
        assertThat(HttpDates.iso(t)).isEqualTo("2026-11-28T06:45:00.123Z");
        assertThat(HttpDates.http(t)).isEqualTo("Sat, 28 Nov 2026 06:45:00 GMT");
        assertThat(HttpDates.http(Instant.parse("2026-12-07T20:39:22.999Z")))
                .isEqualTo("Mon, 07 Dec 2026 20:39:22 GMT");
        assertThat(HttpDates.iso(Instant.parse("2026-12-07T20:39:22Z"))).isEqualTo("2026-12-07T20:39:22.000Z");
    }

    /** RFC 9110 §5.6.7 IMF-fixdate and RFC 3339 on every day of a year, single-digit days and months included. */
    @Test
    void everyDayOfAYearInBothForms() {
        var imfFixdate = Pattern.compile(
                "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        var rfc3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        for (var day = LocalDate.of(2027, 1, 1); day.getYear() == 2027; day = day.plusDays(1)) {
            var t = day.atTime(3, 4, 5).toInstant(ZoneOffset.UTC);
            String header = HttpDates.http(t);
            assertThat(header).matches(imfFixdate);
            assertThat(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant())
                    .isEqualTo(t);
            assertThat(HttpDates.iso(t)).matches(rfc3339);
            assertThat(Instant.parse(HttpDates.iso(t))).isEqualTo(t);
        }
    }
}
