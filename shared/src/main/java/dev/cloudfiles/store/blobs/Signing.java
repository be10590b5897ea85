package dev.cloudfiles.store.blobs;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;

/**
 * How long a presigned URL can really live. S3 refuses a URL signed with temporary credentials
 * once those credentials expire, whatever its {@code X-Amz-Expires} says (S3 user guide, "Download
 * and upload objects with presigned URLs": "IAM role credentials: the presigned URL expires when
 * the role session expires, even if you specify a longer expiration time"). So each response's URLs
 * are signed with one set of credentials resolved here, for the configured lifetime capped at those
 * credentials' expiry minus {@link #MARGIN}, and the answer's {@code expires_at} is what the URL
 * itself says ({@link Presigned}).
 *
 * <p>Where the expiry is visible: with SnapStart, Lambda hands credentials through the container
 * endpoint, whose answer carries {@code Expiration} ({@link AwsSessionCredentials#expirationTime()}).
 * Without SnapStart they come in {@code AWS_ACCESS_KEY_ID}/{@code AWS_SESSION_TOKEN} and the SDK
 * knows no expiry; Lambda documents no session length of its own, so such a URL is capped at
 * {@link #UNDATED_SESSION}, the default length of an IAM role session, an assumption said in
 * docs/SECURITY.md. Long-term keys (an IAM user, the local emulator's pair) only have SigV4's
 * seven days.
 */
public final class Signing {
    /**
     * Kept between a URL's end and its credentials' expiry: the SDK itself stops using credentials
     * one minute before they expire (its stale time), and clocks differ by a little.
     */
    public static final Duration MARGIN = Duration.ofMinutes(1);

    /** The assumed life of temporary credentials that carry no expiry: an IAM role session's default. */
    public static final Duration UNDATED_SESSION = Duration.ofHours(1);

    /** SigV4's limit on a presigned URL's lifetime, for long-term credentials. */
    public static final Duration SIGV4_MAX = Duration.ofDays(7);

    /** The shortest URL handed out, when credentials are about to be refreshed (the SDK refreshes them first). */
    static final Duration MINIMUM = Duration.ofSeconds(1);

    private final AwsCredentialsProvider credentials;
    private final Duration wanted;
    private final Clock clock;

    /** @param wanted the configured lifetime ({@code CLOUD_FILES_PRESIGN_TTL_SECONDS}) */
    public Signing(AwsCredentialsProvider credentials, Duration wanted, Clock clock) {
        this.credentials = credentials;
        this.wanted = wanted;
        this.clock = clock;
    }

    /** Resolves the credentials once, for every URL of one response. */
    public Window open() {
        AwsCredentials resolved = credentials.resolveCredentials();
        return new Window(resolved, lifetime(wanted, resolved, clock.instant()));
    }

    /** The credentials a response's URLs are signed with and the lifetime each gets. */
    public record Window(AwsCredentials credentials, Duration lifetime) {
        /** For a presign request's override: exactly these credentials, so the cap is about the signing ones. */
        AwsCredentialsProvider provider() {
            return StaticCredentialsProvider.create(credentials);
        }

        /** The latest moment a URL signed with these credentials may end: their expiry less the margin. */
        Optional<Instant> deadline() {
            return credentials.expirationTime().map(expiry -> expiry.minus(MARGIN));
        }

        /**
         * Presigns with {@code presign} (given the lifetime to sign for). The SDK signs at its own
         * "now", later than this window was opened (the first presign of a container builds its
         * presigner); a URL that would end past the deadline is signed again, shorter by as much.
         */
        Presigned sign(Function<Duration, ? extends PresignedRequest> presign) {
            Duration signFor = lifetime;
            while (true) {
                Presigned presigned = Presigned.of(presign.apply(signFor));
                Optional<Instant> deadline = deadline();
                if (deadline.isEmpty() || !presigned.expires().isAfter(deadline.get()) || signFor.equals(MINIMUM)) {
                    return presigned;
                }
                Duration over = Duration.between(deadline.get(), presigned.expires());
                Duration shorter = signFor.minus(over).minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
                signFor = shorter.compareTo(MINIMUM) < 0 ? MINIMUM : shorter;
            }
        }
    }

    /** A presigned URL and the instant it stops working: its own X-Amz-Date plus X-Amz-Expires. */
    public record Presigned(URL url, Instant expires) {
        /**
         * From the SDK's answer, whose expiration is the signing instant plus the lifetime; the URL's
         * X-Amz-Date is that instant cut to the second, and so is the moment S3 stops accepting it.
         */
        static Presigned of(PresignedRequest presigned) {
            return new Presigned(presigned.url(), presigned.expiration().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /** {@code wanted}, capped at what {@code credentials} allow from {@code now}. */
    static Duration lifetime(Duration wanted, AwsCredentials credentials, Instant now) {
        Duration cap = credentials
                .expirationTime()
                .map(expiry -> Duration.between(now, expiry).minus(MARGIN))
                .orElse(credentials instanceof AwsSessionCredentials ? UNDATED_SESSION : SIGV4_MAX);
        // Whole seconds: X-Amz-Expires is a number of seconds, and a fraction must not round up.
        Duration lifetime = (wanted.compareTo(cap) < 0 ? wanted : cap).truncatedTo(ChronoUnit.SECONDS);
        return lifetime.compareTo(MINIMUM) < 0 ? MINIMUM : lifetime;
    }
}
