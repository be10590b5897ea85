package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.client.CloudDriveConfig.RetryPolicy;
import dev.cloudfiles.client.CloudDriveConfig.Timeouts;
import dev.cloudfiles.client.CloudDriveConfig.Transfer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration's groups and the builder's flat shortcuts into them: pure logic, no stack. */
class CloudDriveConfigTest {
    private static CloudDriveConfig.Builder minimal() {
        return CloudDriveConfig.builder()
                .endpoint("http://127.0.0.1:3000/")
                .apiKey("proj_secret")
                .drive("d");
    }

    @Test
    void theDefaultsAreEachGroupsDefaults() {
        CloudDriveConfig config = minimal().build();
        assertThat(config.timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULTS);
        assertThat(config.transfer()).isEqualTo(Transfer.DEFAULTS);
        assertThat(config.transfer().inlineLimit()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.driveUri()).hasToString("http://127.0.0.1:3000/v1/proj/d");
        assertThat(config.toString()).contains("project=proj").doesNotContain("secret");
    }

    @Test
    void eachShortcutSetsOneFieldOfItsGroup() {
        CloudDriveConfig config = minimal()
                .connectTimeout(Duration.ofSeconds(1))
                .socketTimeout(Duration.ofSeconds(2))
                .uploadTimeout(Duration.ofSeconds(3))
                .maxAttempts(7)
                .backoffBase(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .inlineLimit(10)
                .parallelism(2)
                .downloadPartSize(2L * 1024 * 1024)
                .downloadParallelism(3)
                .build();
        assertThat(config.timeouts())
                .isEqualTo(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThat(config.retry()).isEqualTo(new RetryPolicy(7, Duration.ofMillis(5), Duration.ofMillis(50)));
        assertThat(config.transfer()).isEqualTo(new Transfer(10, 2, 2L * 1024 * 1024, 3));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void aGroupSetWholeReplacesTheShortcutsBeforeIt() {
        RetryPolicy patient =
                RetryPolicy.DEFAULTS.withMaxAttempts(8).withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
        CloudDriveConfig config = minimal().maxAttempts(2).retry(patient).build();
        assertThat(config.retry()).isEqualTo(patient);
        assertThat(config.identity())
                .isEqualTo(new CloudDriveConfig.Identity(config.identity().endpoint(), "proj_secret", "d"));
    }

    @Test
    void eachGroupChecksItsOwnBounds() {
        assertThatThrownBy(() -> minimal().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().parallelism(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().downloadPartSize(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().socketTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> minimal().drive("bad drive").build()).isInstanceOf(IllegalArgumentException.class);
    }
}
