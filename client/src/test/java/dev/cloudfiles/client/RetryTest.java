package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 429/503 retries with {@code Retry-After}, and where the API key travels, through a real
 * loopback proxy in front of the local stack.
 */
class RetryTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private FaultProxy proxy;
    private CloudDrive drive;

    @BeforeEach
    void open() throws Exception {
        proxy = new FaultProxy();
        drive = CloudDrive.create(CloudDriveTest.config(stack, stack.newKeySecret(), "retries").toBuilder()
                .proxy(proxy.selector())
                .maxAttempts(3)
                .build());
    }

    @AfterEach
    void close() {
        drive.close();
        proxy.close();
    }

    private static boolean isApi(FaultProxy.Seen s) {
        return s.uri().getPath().startsWith("/v1/");
    }

    @Test
    void throttledRequestsAreRetriedHonouringRetryAfter() {
        AtomicInteger failures = new AtomicInteger();
        proxy.rule(s -> isApi(s) && failures.getAndIncrement() < 2
                ? new FaultProxy.Fault(
                        failures.get() == 1 ? 503 : 429, Map.of("Retry-After", "0"), "{\"errors\":[\"busy\"]}")
                : null);

        FileInfo stored = drive.put("retried.txt", "made it");

        assertThat(stored.size()).isEqualTo(7);
        assertThat(proxy.seen()).filteredOn(RetryTest::isApi).hasSize(3);
        try (StreamingBody body = drive.get("retried.txt")) {
            assertThat(body.read()).asString().isEqualTo("made it");
        }
    }

    @Test
    void throttlingThatNeverEndsIsAThrottledException() {
        proxy.rule(s -> isApi(s)
                ? new FaultProxy.Fault(429, Map.of("Retry-After", "1"), "{\"errors\":[\"slow down\"]}")
                : null);

        assertThatThrownBy(() -> drive.list()).isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.errors()).containsExactly("slow down");
        });
        assertThat(proxy.seen()).hasSize(3);
    }

    @Test
    void aServerErrorIsNotRetriedAndCarriesTheRequestId() {
        proxy.rule(s -> isApi(s)
                ? new FaultProxy.Fault(500, Map.of(), "{\"errors\":[\"internal error\"],\"request_id\":\"req-123\"}")
                : null);

        assertThatThrownBy(() -> drive.get("x")).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.requestId()).isEqualTo("req-123");
            assertThat(e.getMessage()).contains("req-123");
        });
        assertThat(proxy.seen()).hasSize(1);
    }

    @Test
    void otherStatusesMapToTypedExceptions() {
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(412) : null);
        assertThatThrownBy(() -> drive.put("p.txt", "x")).isInstanceOf(PreconditionFailedException.class);
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(413) : null);
        assertThatThrownBy(() -> drive.put("p.txt", "x")).isInstanceOf(TooLargeException.class);
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(409) : null);
        assertThatThrownBy(() -> drive.put("p.txt", "x")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void getAnswersNullForAMissingFileButNotForAMissingRoute() {
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(404, "not_found") : null);
        assertThat(drive.get("x")).isNull();
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(404) : null);
        assertThat(drive.get("x")).as("an older server, without codes").isNull();
        proxy.rule(s -> isApi(s) ? FaultProxy.Fault.of(404, "route_not_found") : null);
        assertThatThrownBy(() -> drive.get("x"))
                .as("a wrong URL is not an empty drive")
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).isEqualTo("route_not_found"));
    }

    @Test
    void theKeyNeverReachesThePresignedHost() {
        byte[] big = GeneratedContent.bytes(3, 1536 * 1024);
        drive.put("big.bin", big);

        try (StreamingBody body = drive.get("big.bin")) {
            assertThat(body.read()).isEqualTo(big);
        }

        List<FaultProxy.Seen> toS3 =
                proxy.seen().stream().filter(s -> !isApi(s)).toList();
        assertThat(toS3).as("the download went to S3 through the redirect").hasSize(1);
        assertThat(toS3.get(0).has("X-Api-Key")).isFalse();
        assertThat(toS3.get(0).uri().getPort()).isEqualTo(stack.s3Uri().getPort());
        assertThat(proxy.seen().stream().filter(RetryTest::isApi)).allMatch(s -> s.has("X-Api-Key"));
    }

    @Test
    void backoffIsJitteredAndBounded() {
        Transport transport = new Transport(CloudDriveTest.config(stack, "p_s", "d").toBuilder()
                .backoffBase(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(1000))
                .build());
        for (int i = 0; i < 50; i++) {
            assertThat(transport.backoffMillis(1, 0)).isBetween(50L, 100L);
            assertThat(transport.backoffMillis(3, 0)).isBetween(200L, 400L);
            assertThat(transport.backoffMillis(30, 0)).isBetween(500L, 1000L);
            assertThat(transport.backoffMillis(1, 700)).isEqualTo(700L);
            assertThat(transport.backoffMillis(1, 60_000))
                    .as("Retry-After is capped by maxBackoff")
                    .isEqualTo(1000L);
        }
        assertThat(Transport.retryAfterMillis("3")).contains(3000L);
        assertThat(Transport.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).contains(0L);
        assertThat(Transport.retryAfterMillis("soon")).isEmpty();
    }
}
