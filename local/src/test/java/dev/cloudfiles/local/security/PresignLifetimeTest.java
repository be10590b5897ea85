package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.S3Emulator;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.store.blobs.Signing;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The functions sign with temporary credentials that expire in five minutes, as Lambda's
 * container credentials do when they are near their end, while {@code PresignTtlSeconds} asks for
 * fifteen: every presigned URL the API hands out (download, share link, upload part) says it
 * ends before those credentials do, its {@code X-Amz-Date + X-Amz-Expires} is exactly the
 * {@code expires_at} it is answered with, and S3Proxy (signatures checked) accepts it now. S3Proxy does not expire credentials, so what S3 does past their
 * expiry is the S3 user guide's word, not this test's; that the URL ends when it says is S3's
 * check of X-Amz-Date + X-Amz-Expires, which {@link PresignedUrlTest} shows cannot be moved.
 */
class PresignLifetimeTest {
    /** When the signing credentials expire: within the configured 15-minute lifetime. */
    static final Instant CREDENTIALS_EXPIRE =
            Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);

    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .credentials(() -> () -> new ExpiringKeys(S3Emulator.ACCESS_KEY, S3Emulator.SECRET_KEY, CREDENTIALS_EXPIRE))
            .build();

    /**
     * The emulator's key pair with an expiry, as the SDK reports Lambda's container credentials.
     * Without their session token: S3Proxy answers 501 NotImplemented to {@code x-amz-security-token};
     * that the token is signed along is SigningTest's.
     */
    record ExpiringKeys(String accessKeyId, String secretAccessKey, Instant expiry) implements AwsCredentials {
        @Override
        public Optional<Instant> expirationTime() {
            return Optional.of(expiry);
        }
    }

    static final String DRIVE = "/v1/" + Canary.PROJECT + "/lifetime";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static Canary canary;

    @BeforeAll
    static void file() {
        canary = Canary.plant(stack);
        var put = api("POST", DRIVE + "/files?name=doc.txt", "the document");
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
    }

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    /** A request to the API with the owner's key; {@code body} null for none. */
    static RawHttp.Response api(String method, String target, String body) {
        var request = new RawHttp.Request(method, target).header("X-Api-Key", canary.ownerKey());
        return RawHttp.exchange(stack.gatewayUri(), body == null ? request.end() : request.body(body));
    }

    /** The instant S3 stops accepting this URL: what it says, X-Amz-Date plus X-Amz-Expires. */
    static Instant endOf(URI url) {
        Instant signedAt =
                LocalDateTime.parse(param(url, "X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        return signedAt.plusSeconds(Long.parseLong(param(url, "X-Amz-Expires")));
    }

    static String param(URI url, String name) {
        Matcher m =
                Pattern.compile("(?:^|&)" + Pattern.quote(name) + "=([^&]*)").matcher(url.getRawQuery());
        assertThat(m.find()).as(name + " in " + url).isTrue();
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    /** Ends when it says, before the credentials, and not far before: it was cut, not shortened at random. */
    static void assertCappedAtTheCredentials(URI url, Instant expiresAt) {
        assertThat(stack.config().presignTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(endOf(url)).isEqualTo(expiresAt);
        assertThat(expiresAt)
                .isBeforeOrEqualTo(CREDENTIALS_EXPIRE.minus(Signing.MARGIN))
                .isAfter(CREDENTIALS_EXPIRE.minus(Signing.MARGIN).minusSeconds(30));
    }

    @Test
    void aDownloadUrlEndsBeforeItsCredentialsAndWorksUntilThen() {
        var link = api("GET", DRIVE + "/files/download?redirect=false&name=doc.txt", null);
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        URI url = URI.create(link.json().get("url").asText());
        assertCappedAtTheCredentials(
                url, Instant.parse(link.json().get("expires_at").asText()));

        var fetched = RawHttp.exchange(url, RawHttp.Request.to("GET", url).end());
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.text()).isEqualTo("the document");
    }

    /** The function's clock nearer the credentials' expiry: the next URL is that much shorter. */
    @Test
    void theNearerTheCredentialsExpiryTheShorterTheUrl() {
        long before = Long.parseLong(param(downloadUrl(), "X-Amz-Expires"));
        clock.advance(Duration.ofMinutes(2));
        long after = Long.parseLong(param(downloadUrl(), "X-Amz-Expires"));
        assertThat(before - after).isBetween(110L, 130L);
    }

    private static URI downloadUrl() {
        var link = api("GET", DRIVE + "/files/download?redirect=false&name=doc.txt", null);
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        return URI.create(link.json().get("url").asText());
    }

    @Test
    void aShareLinksRedirectEndsBeforeItsCredentials() {
        var share = api("POST", DRIVE + "/shares", "{\"name\":\"doc.txt\",\"ttl\":86400}");
        assertThat(share.status()).as(share.toString()).isEqualTo(201);
        URI link = URI.create(share.json().get("url").asText());
        // Fetched without a key, as a stranger would; the link's host is the Host header this test sent.
        var redirect = RawHttp.exchange(stack.gatewayUri(), new RawHttp.Request("GET", link.getRawPath()).end());
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
        URI url = URI.create(redirect.json().get("url").asText());
        assertCappedAtTheCredentials(
                url, Instant.parse(redirect.json().get("expires_at").asText()));

        var fetched = RawHttp.exchange(url, RawHttp.Request.to("GET", url).end());
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.text()).isEqualTo("the document");
    }

    @Test
    void uploadPartUrlsEndBeforeTheirCredentialsAndAcceptTheirPart() {
        var start = api("POST", DRIVE + "/uploads?presigned=true&size=5&name=up.bin", null);
        assertThat(start.status()).as(start.toString()).isEqualTo(202);
        URI part = URI.create(start.json().get("parts").get(0).get("url").asText());
        assertCappedAtTheCredentials(
                part, Instant.parse(start.json().get("expires_at").asText()));

        var sent = RawHttp.exchange(part, RawHttp.Request.to("PUT", part).body("12345"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    }
}
