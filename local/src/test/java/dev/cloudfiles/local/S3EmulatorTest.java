package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class S3EmulatorTest {
    private static S3Emulator s3;

    @BeforeAll
    static void start() {
        s3 = S3Emulator.start(0, null);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void aTakenPortIsReportedAsSuch() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> S3Emulator.start(taken.getLocalPort(), null))
                    .isInstanceOfSatisfying(
                            PortInUseException.class,
                            e -> assertThat(e.service()).isEqualTo(LocalService.S3))
                    .hasMessageContaining("CLOUD_FILES_LOCAL_S3_PORT");
        }
    }

    @Test
    void correctlySignedRequestsRoundTrip() {
        try (S3Client client = client(S3Emulator.SECRET_KEY)) {
            client.createBucket(b -> b.bucket("round-trip"));
            client.putObject(b -> b.bucket("round-trip").key("a/b.txt"), RequestBody.fromString("hello"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("round-trip").key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("hello");
        }
    }

    @Test
    void wrongSecretIsRejected() {
        try (S3Client client = client("not-the-secret")) {
            assertThatThrownBy(() -> client.listBuckets())
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void presignedGetWorksAndFailsOnceTampered() throws Exception {
        try (S3Client client = client(S3Emulator.SECRET_KEY);
                S3Presigner presigner = S3Presigner.builder()
                        .region(Region.US_EAST_1)
                        .endpointOverride(s3.uri())
                        .credentialsProvider(credentials(S3Emulator.SECRET_KEY))
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build()) {
            client.createBucket(b -> b.bucket("presigned"));
            client.putObject(b -> b.bucket("presigned").key("file"), RequestBody.fromString("signed bytes"));
            URI url = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket("presigned").key("file")))
                    .url()
                    .toURI();

            HttpClient http = HttpClient.newHttpClient();
            var ok = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("signed bytes");

            URI tampered = URI.create(url.toString().replace("/presigned/file", "/presigned/other"));
            var rejected = http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rejected.statusCode()).isEqualTo(403);
        }
    }

    private static S3Client client(String secret) {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(s3.uri())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials(secret))
                .build();
    }

    private static StaticCredentialsProvider credentials(String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Emulator.ACCESS_KEY, secret));
    }
}
