package dev.cloudfiles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsNeedOnlyTableAndBucket() {
        Config config = Config.fromEnvironment(Map.of(Config.TABLE, "t", Config.BUCKET, "b"));
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.maxInlineUploadBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.maxInlineDownloadBytes()).isEqualTo(1024 * 1024);
        assertThat(config.presignTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.s3Endpoint()).isEmpty();
        assertThat(config.endpointCredentials()).isEmpty();
    }

    @Test
    void theEnvironmentOfAConfigReadsBackAsTheSameConfig() {
        Config local = Config.local(
                        "table",
                        "bucket",
                        URI.create("http://127.0.0.1:9000"),
                        URI.create("http://127.0.0.1:8000"),
                        new Config.EndpointCredentials("a", "s"))
                .withLimits(123, 45);
        assertThat(Config.fromEnvironment(local.environment())).isEqualTo(local);
    }

    @Test
    void emptyValuesAreAbsentAsTheTemplateDeclaresThem() {
        Config config = Config.fromEnvironment(Map.of(
                Config.TABLE,
                "t",
                Config.BUCKET,
                "b",
                Config.S3_ENDPOINT,
                "",
                Config.ENDPOINT_ACCESS_KEY,
                "",
                Config.ENDPOINT_SECRET_KEY,
                ""));
        assertThat(config.s3Endpoint()).isEmpty();
        assertThat(config.endpointCredentials()).isEmpty();
    }

    @Test
    void badValuesSayWhichVariable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.BUCKET, "b")))
                .hasMessageContaining(Config.TABLE);
        assertThatThrownBy(() -> Config.fromEnvironment(
                        Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.PRESIGN_TTL, "forever")))
                .hasMessageContaining(Config.PRESIGN_TTL);
        assertThatThrownBy(() -> Config.fromEnvironment(
                        Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.PRESIGN_TTL, "999999999")))
                .hasMessageContaining("1 hour");
        // One second past the default role session: a lifetime no role-signed URL can be promised.
        assertThatThrownBy(() -> Config.fromEnvironment(
                        Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.PRESIGN_TTL, "3601")))
                .hasMessageContaining(Config.PRESIGN_TTL);
        assertThat(Config.fromEnvironment(Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.PRESIGN_TTL, "3600"))
                        .presignTtl())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Config.fromEnvironment(
                        Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.S3_ENDPOINT, "not a url")))
                .hasMessageContaining(Config.S3_ENDPOINT);
        // GET /uploads answers a drive's open uploads in one page: the bound has a ceiling.
        assertThatThrownBy(() -> Config.fromEnvironment(
                        Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.MAX_OPEN_UPLOADS, "1001")))
                .hasMessageContaining(Config.MAX_OPEN_UPLOADS)
                .hasMessageContaining("1000");
        assertThat(Config.fromEnvironment(
                                Map.of(Config.TABLE, "t", Config.BUCKET, "b", Config.MAX_OPEN_UPLOADS, "1000"))
                        .maxOpenUploads())
                .isEqualTo(1000);
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(new Config.EndpointCredentials("id", "topsecret").toString()).doesNotContain("topsecret");
    }
}
