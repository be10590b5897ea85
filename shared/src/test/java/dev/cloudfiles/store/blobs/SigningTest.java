package dev.cloudfiles.store.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The cap on a presigned URL's lifetime, with a fixed clock and credentials of known expiry. */
class SigningTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration WANTED = Duration.ofMinutes(15);

    private static AwsCredentials expiringAt(Instant expiry) {
        return AwsSessionCredentials.builder()
                .accessKeyId("ASIAEXAMPLE")
                .secretAccessKey("secret")
                .sessionToken("token")
                .expirationTime(expiry)
                .build();
    }

    @Test
    void credentialsThatOutliveTheLifetimeLeaveItAsConfigured() {
        assertThat(Signing.lifetime(WANTED, expiringAt(NOW.plus(Duration.ofHours(6))), NOW))
                .isEqualTo(WANTED);
    }

    @Test
    void credentialsThatExpireSoonerCutItToTheirExpiryLessTheMargin() {
        Instant expiry = NOW.plus(Duration.ofMinutes(10));
        Duration lifetime = Signing.lifetime(WANTED, expiringAt(expiry), NOW);
        assertThat(lifetime).isEqualTo(Duration.ofMinutes(9));
        assertThat(NOW.plus(lifetime)).isEqualTo(expiry.minus(Signing.MARGIN));
    }

    @Test
    void theMarginApplies_evenWhenTheExpiryIsJustPastTheLifetime() {
        // 15 min 30 s left: a 15-minute URL would end 30 s before its credentials, inside the margin.
        Duration lifetime = Signing.lifetime(WANTED, expiringAt(NOW.plus(WANTED).plusSeconds(30)), NOW);
        assertThat(lifetime).isEqualTo(WANTED.minusSeconds(30));
    }

    @Test
    void temporaryCredentialsWithoutAnExpiryGetTheDefaultRoleSession() {
        AwsCredentials fromEnvironment = AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "token");
        assertThat(fromEnvironment.expirationTime()).isEmpty();
        assertThat(Signing.lifetime(Duration.ofHours(12), fromEnvironment, NOW))
                .isEqualTo(Signing.UNDATED_SESSION)
                .isEqualTo(Duration.ofHours(1));
        assertThat(Signing.lifetime(WANTED, fromEnvironment, NOW)).isEqualTo(WANTED);
    }

    @Test
    void longTermKeysAreBoundOnlyBySigV4sSevenDays() {
        AwsCredentials user = AwsBasicCredentials.create("AKIAEXAMPLE", "secret");
        assertThat(Signing.lifetime(WANTED, user, NOW)).isEqualTo(WANTED);
        assertThat(Signing.lifetime(Duration.ofDays(30), user, NOW)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void credentialsInsideTheMarginStillGiveAPositiveLifetime() {
        assertThat(Signing.lifetime(WANTED, expiringAt(NOW.plusSeconds(30)), NOW))
                .isEqualTo(Signing.MINIMUM);
    }

    @Test
    void aWindowResolvesTheCredentialsOnceAndCapsAtTheClocksNow() {
        Instant expiry = NOW.plus(Duration.ofMinutes(5));
        AwsCredentials credentials = expiringAt(expiry);
        var signing =
                new Signing(StaticCredentialsProvider.create(credentials), WANTED, Clock.fixed(NOW, ZoneOffset.UTC));
        Signing.Window window = signing.open();
        assertThat(window.credentials().accessKeyId()).isEqualTo(credentials.accessKeyId());
        assertThat(window.credentials().expirationTime()).contains(expiry);
        assertThat(window.lifetime()).isEqualTo(Duration.ofMinutes(4));
    }

    /**
     * The URL is signed with the window's own credentials (its session token), and {@code expires}
     * is what the URL says: X-Amz-Date plus X-Amz-Expires, never past the credentials' expiry less
     * the margin. The window is opened by a clock 30 s behind the presigner's (as when a container's
     * first presign builds the presigner): the URL is signed again, shorter, rather than overrun.
     */
    @Test
    void aPresignedUrlCarriesTheWindowsCredentialsAndEndsBeforeThem() {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(7));
        AwsCredentials signingOnes = expiringAt(expiry);
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-30));
        var signing = new Signing(StaticCredentialsProvider.create(signingOnes), WANTED, behind);
        try (S3Presigner presigner = S3Presigner.builder()
                .region(Region.US_EAST_1)
                // The presigner's own provider is another pair: the window's must win.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHER", "x")))
                .build()) {
            BlobStore blobs = new BlobStore(() -> null, () -> presigner, "bucket", Clock.systemUTC());
            Signing.Window window = signing.open();
            assertThat(window.lifetime()).isLessThan(WANTED);
            Signing.Presigned presigned = blobs.presignGet("blob", window, "text/plain", "attachment");

            Map<String, String> query = query(presigned.url().toString());
            assertThat(query.get("X-Amz-Credential")).startsWith("ASIAEXAMPLE/");
            assertThat(query.get("X-Amz-Security-Token")).isEqualTo("token");
            long expires = Long.parseLong(query.get("X-Amz-Expires"));
            Instant signedAt = LocalDateTime.parse(
                            query.get("X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC);
            assertThat(presigned.expires()).isEqualTo(signedAt.plusSeconds(expires));
            assertThat(presigned.expires()).isBeforeOrEqualTo(expiry.minus(Signing.MARGIN));
            // Cut by the 30 s the clocks differ, not more than a few seconds beyond that.
            assertThat(presigned.expires()).isAfter(expiry.minus(Signing.MARGIN).minusSeconds(5));
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        for (String pair :
                Optional.ofNullable(URI.create(url).getRawQuery()).orElse("").split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
