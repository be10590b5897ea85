package dev.cloudfiles.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.names.Drive;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules that decide before any lookup. (Lookups, revocation and the cache run against
 * dynalite in the local module's AuthTest and EnforcementMatrixTest.) The JDK's HTTP server
 * trims a NUL off a header value before the gateway sees it, so this is where it is tested.
 */
class AuthenticatorTest {
    /** No key store: every case here must be refused before one would be asked. */
    private final Authenticator authenticator = new Authenticator(null, Duration.ZERO, Clock.systemUTC());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "\t",
                "nounderscore",
                "_secret",
                "bad-project_secret",
                "dev_sec\u0000",
                "dev_sec\nret",
                "dev_sec ret",
                "dev_sécret",
                "dev_\u001f"
            })
    void malformedKeysAreUnauthorizedWithoutALookup(String header) {
        assertThatThrownBy(() -> authenticator.identify(header))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.forbidden()).isFalse());
    }

    @Test
    void missingKeySaysWhereToPutIt() {
        assertThatThrownBy(() -> authenticator.identify(null)).hasMessageContaining("X-Api-Key");
    }

    @Test
    void grantsAreCheckedPerProjectDriveAndAccess() {
        ApiKey readOnlyDocs = new ApiKey("id", "dev", Set.of("docs"), true, "", 0, Optional.empty(), new byte[32]);
        Authenticator.check(readOnlyDocs, Drive.of("dev", "docs"), Access.READ);
        assertThatThrownBy(() -> Authenticator.check(readOnlyDocs, Drive.of("dev", "docs"), Access.WRITE))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.forbidden()).isTrue())
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> Authenticator.check(readOnlyDocs, Drive.of("dev", "other"), Access.READ))
                .hasMessageContaining("drive other");
        assertThatThrownBy(() -> Authenticator.check(readOnlyDocs, Drive.of("prod", "docs"), Access.READ))
                .hasMessageContaining("project prod");
    }
}
