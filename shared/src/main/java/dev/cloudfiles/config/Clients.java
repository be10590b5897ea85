package dev.cloudfiles.config;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SDK clients, built once per container with region, credentials provider and HTTP client
 * set explicitly: nothing is discovered at cold start.
 */
public record Clients(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo) implements AutoCloseable {

    public static Clients create(Config config) {
        return create(config, List.of());
    }

    /** Interceptors are the fault-injection seam of the tests; production passes none. */
    public static Clients create(Config config, List<ExecutionInterceptor> interceptors) {
        Region region = Region.of(config.region());
        AwsCredentialsProvider credentials = config.endpointCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(EnvironmentVariableCredentialsProvider::create);
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .executionInterceptors(List.copyOf(interceptors))
                .build();
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(config.s3Endpoint().isPresent())
                .build();

        var s3 = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .serviceConfiguration(s3Config)
                .overrideConfiguration(overrides);
        var presigner = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        var dynamo = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides);
        config.s3Endpoint().ifPresent(uri -> {
            s3.endpointOverride(uri);
            presigner.endpointOverride(uri);
        });
        config.dynamoEndpoint().ifPresent(dynamo::endpointOverride);
        return new Clients(s3.build(), presigner.build(), dynamo.build());
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
        dynamo.close();
    }
}
