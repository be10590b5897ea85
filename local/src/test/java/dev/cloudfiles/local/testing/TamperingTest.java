package dev.cloudfiles.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The helper itself: every first digit, the one that made the old test flaky ('0') included, changes. */
class TamperingTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "7", "a", "f"})
    void theSignatureAlwaysChanges(String first) {
        String url = "http://127.0.0.1:9000/b/k?X-Amz-Date=20260101T000000Z&X-Amz-Signature=" + first + "bc0";
        String tampered = Tampering.signature(url);
        assertThat(tampered)
                .isNotEqualTo(url)
                .hasSameSizeAs(url)
                .endsWith("bc0")
                .contains("X-Amz-Date=20260101T000000Z");
    }
}
