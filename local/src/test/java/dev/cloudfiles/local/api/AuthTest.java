package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.FilesApiTest.assertError;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 401/403 rules of API.md, on every route, and that a refused request changes nothing. */
class AuthTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    static TestApi owner;

    @BeforeAll
    static void canary() {
        owner = new TestApi(
                stack.gatewayUri(),
                "alpha",
                "main",
                stack.createKey("alpha", Set.of(), false).secret());
        assertThat(owner.put("canary.txt", "tweet").statusCode()).isEqualTo(201);
    }

    private static void assertCanaryIntact() {
        assertThat(text(owner.get("canary.txt"))).isEqualTo("tweet");
        assertThat(json(owner.list("")).get("names")).hasSize(1);
    }

    private static void assertEveryRouteRefused(TestApi caller, int status, boolean readsToo) {
        assertError(caller.put("canary.txt", "overwritten"), status, "");
        assertError(caller.put("new.txt", "x"), status, "");
        assertError(caller.delete(List.of("canary.txt")), status, "");
        if (readsToo) {
            assertError(caller.get("canary.txt"), status, "");
            assertError(caller.list(""), status, "");
        }
        assertCanaryIntact();
    }

    @Test
    void missingKeyIs401() {
        assertEveryRouteRefused(owner.withKey(null), 401, true);
        assertError(owner.withKey(null).list(""), 401, "X-Api-Key");
    }

    @Test
    void malformedUnknownAndWrongSecretKeysAre401() {
        String real = stack.createKey("alpha", Set.of(), false).secret();
        for (String bad : List.of(
                "nonsense",
                "_nothing",
                "alpha_",
                "alpha_wrongsecret",
                real + "x",
                real.substring(0, real.length() - 1),
                "beta_" + real.substring(6),
                "x".repeat(5000))) {
            assertEveryRouteRefused(owner.withKey(bad), 401, true);
        }
    }

    @Test
    void anotherProjectsKeyIs403() {
        String other = stack.createKey("beta", Set.of(), false).secret();
        assertEveryRouteRefused(owner.withKey(other), 403, true);
    }

    @Test
    void aDriveLimitedKeyIs403OnOtherDrives() {
        String limited = stack.createKey("alpha", Set.of("other"), false).secret();
        assertEveryRouteRefused(owner.withKey(limited), 403, true);
        TestApi own = owner.withKey(limited).onDrive("alpha", "other");
        assertThat(own.put("mine.txt", "ok").statusCode()).isEqualTo(201);
    }

    @Test
    void aReadOnlyKeyReadsButNeverWrites() {
        TestApi reader = owner.withKey(stack.createKey("alpha", Set.of(), true).secret());
        assertEveryRouteRefused(reader, 403, false);
        assertError(reader.put("x", "y"), 403, "read-only");
        assertThat(text(reader.get("canary.txt"))).isEqualTo("tweet");
        assertThat(reader.list("").statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorking() {
        var issued = stack.createKey("alpha", Set.of(), false);
        // No request with it before revocation: the per-container cache holds only verified keys.
        assertThat(stack.app().keys().revoke(issued.key().keyId())).isTrue();
        assertEveryRouteRefused(owner.withKey(issued.secret()), 401, true);
    }

    @Test
    void invalidProjectOrDriveInThePathIs400() {
        assertError(owner.onDrive("alpha", "bad.drive").list(""), 400, "drive");
        assertError(owner.onDrive("alpha", "x".repeat(65)).list(""), 400, "drive");
    }

    @Test
    void revokingFindsTheKeyByItsIdAndKeepsTheFirstTime() {
        var issued = stack.createKey("alpha", Set.of(), false);
        var keys = stack.app().keys();
        assertThat(keys.revoke(issued.key().keyId())).isTrue();
        long first = keys.find(issued.secret()).orElseThrow().revokedAtMillis().orElseThrow();
        assertThat(keys.revoke(issued.key().keyId())).isTrue();
        assertThat(keys.find(issued.secret()).orElseThrow().revokedAtMillis()).contains(first);
        assertThat(keys.revoke("0000000000000000")).isFalse();
    }
}
