package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** API.md's error answer: JSON {@code {"errors": ["message", ...]}}, nothing leaked. */
final class ErrorShape {
    private ErrorShape() {}

    static void assertError(RawHttp.Response response, int status, boolean head) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type"))
                .as(response.toString())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        if (head) {
            assertThat(response.body()).as("a HEAD answer has no body").isEmpty();
            return;
        }
        JsonNode json = response.json();
        assertThat(json.path("errors").isArray()).as(response.toString()).isTrue();
        assertThat(json.path("errors")).as(response.toString()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.isTextual()).isTrue();
            assertThat(e.asText()).doesNotContain("Exception", "\tat ", "\n");
        });
    }
}
