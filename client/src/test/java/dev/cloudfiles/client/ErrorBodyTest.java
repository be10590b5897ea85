package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error bodies as the server writes them, {@code {"errors":[...],"code":"..."}}, parsed and
 * mapped to typed exceptions without a server: the type follows the code where one status has
 * several meanings, and the status alone where the body has no code (an older server, S3, a
 * gateway).
 */
class ErrorBodyTest {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

    private static CloudFilesException failure(int status, String body) {
        return Transport.failure(status, body.getBytes(StandardCharsets.UTF_8), NO_HEADERS, "doing it");
    }

    @Test
    void theCodeTheMessagesAndTheRequestIdAreRead() {
        ErrorBody body = ErrorBody.parse("""
                {"errors":["name must not contain //"],"code":"invalid_name","request_id":"r-1"}""".getBytes(StandardCharsets.UTF_8));

        assertThat(body).isEqualTo(new ErrorBody("invalid_name", List.of("name must not contain //"), "r-1"));
        assertThat(body.is(ErrorBody.INVALID_NAME)).isTrue();
    }

    @Test
    void whatIsNotTheApisShapeCountsAsAbsent() {
        for (String body : List.of(
                "",
                "<Error><Code>AccessDenied</Code></Error>",
                "[1,2]",
                "\"text\"",
                "{}",
                "{\"message\":\"Not Found\"}",
                "{\"errors\":\"not a list\",\"code\":7}")) {
            ErrorBody parsed = ErrorBody.parse(body.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.code()).as(body).isNull();
            assertThat(parsed.errors()).as(body).isEmpty();
        }
        assertThat(ErrorBody.parse(null)).isEqualTo(ErrorBody.NONE);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "400, bad_request,           BadRequestException",
        "400, invalid_name,          InvalidNameException",
        "401, unauthorized,          UnauthorizedException",
        "403, forbidden,             ForbiddenException",
        "404, not_found,             NotFoundException",
        "404, route_not_found,       NotFoundException",
        "405, method_not_allowed,    BadRequestException",
        "409, conflict,              BadRequestException",
        "409, upload_incomplete,     BadRequestException",
        "409, upload_busy,           ThrottledException",
        "409, too_many_uploads,      BadRequestException",
        "412, precondition_failed,   PreconditionFailedException",
        "413, too_large,             TooLargeException",
        "416, range_not_satisfiable, BadRequestException",
        "429, throttled,             ThrottledException",
        "500, internal,              ServerException",
        "503, unavailable,           ThrottledException",
        "400, a_code_of_the_future,  BadRequestException",
    })
    void eachCodeOfTheApiIsTypedAndKept(int status, String code, String type) {
        CloudFilesException e = failure(status, "{\"errors\":[\"what went wrong\"],\"code\":\"" + code + "\"}");

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.errors()).containsExactly("what went wrong");
        assertThat(e.getMessage()).isEqualTo("doing it: HTTP " + status + ": what went wrong");
    }

    /** The messages are for people: a name error of an older server, without a code, is an ordinary 400. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400, BadRequestException",
        "401, UnauthorizedException",
        "403, ForbiddenException",
        "404, NotFoundException",
        "409, BadRequestException",
        "412, PreconditionFailedException",
        "413, TooLargeException",
        "429, ThrottledException",
        "500, ServerException",
        "502, ServerException",
        "503, ThrottledException",
    })
    void withoutACodeTheStatusDecides(int status, String type) {
        CloudFilesException e = failure(status, "{\"errors\":[\"name must not contain //\"]}");

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.code()).isNull();
        assertThat(e.errors()).containsExactly("name must not contain //");
        assertThat(failure(status, "<Error><Code>Whatever</Code></Error>")
                        .getClass()
                        .getSimpleName())
                .isEqualTo(type);
    }

    @Test
    void aServerErrorQuotesTheRequestIdOfTheBodyElseOfTheGateway() {
        CloudFilesException fromBody =
                failure(500, "{\"errors\":[\"internal error\"],\"code\":\"internal\",\"request_id\":\"req-7\"}");
        assertThat(fromBody).hasMessage("doing it: HTTP 500: internal error (request req-7)");
        assertThat(fromBody.requestId()).isEqualTo("req-7");

        HttpHeaders gateway = HttpHeaders.of(Map.of("apigw-requestid", List.of("gw-9")), (k, v) -> true);
        CloudFilesException e = Transport.failure(
                502, "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8), gateway, "doing it");
        assertThat(e.requestId()).isEqualTo("gw-9");
        assertThat(e).hasMessage("doing it: HTTP 502 (request gw-9)");
    }
}
