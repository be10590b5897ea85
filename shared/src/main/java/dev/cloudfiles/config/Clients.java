package dev.cloudfiles.config;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SDK clients, built once per container with region, credentials provider and HTTP client
 * set explicitly: nothing is discovered at cold start.
 */
public record Clients(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, RenewableCredentials credentials)
        implements AutoCloseable {

    /** Attempts per call against the local emulators; see {@link #create(Config, List)}. */
    static final int EMULATOR_ATTEMPTS = 8;

    public static Clients create(Config config) {
        return create(config, List.of());
    }

    /** Interceptors are the fault-injection seam of the tests; production passes none. */
    public static Clients create(Config config, List<ExecutionInterceptor> interceptors) {
        Region region = Region.of(config.region());
        RenewableCredentials credentials = new RenewableCredentials(() -> config.endpointCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> lambdaCredentials(System.getenv())));
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        ClientOverrideConfiguration.Builder overridesBuilder = ClientOverrideConfiguration.builder();
        if (config.s3Endpoint().isPresent()) {
            // Emulators only (the local stack): S3Proxy's Jetty sometimes closes a kept-alive
            // connection after an error answer without saying so, and the JDK's pool hands it out
            // again ("Error writing request body to server"); the default 4 attempts can all land
            // on such connections under load. A broken connection leaves the pool, so 8 get through.
            // AWS endpoints keep the SDK's default retry strategy.
            // Short backoffs: the emulators are local, and failures injected by tests end sooner.
            overridesBuilder.retryStrategy(r -> r.maxAttempts(EMULATOR_ATTEMPTS)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(100))));
        }
        ClientOverrideConfiguration overrides = overridesBuilder
                .executionInterceptors(List.copyOf(interceptors))
                // No ~/.aws/config or credentials file is read for settings (retry mode, FIPS,
                // dual-stack, S3 ARN region...): every setting is explicit or a default.
                .defaultProfileFileSupplier(Clients::noProfile)
                .defaultProfileFile(NO_PROFILE)
                .build();
        // Checksums only where an operation requires one (as the SDK did before 2.30): PutObject
        // no longer computes and trails a CRC32 (measured: PutFile first invocation 437 -> 359 ms,
        // 45 fewer classes), GetObject no longer asks for and checks one. Integrity in transit is
        // TLS's; S3 still rejects a request whose SigV4 signature does not match.
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(config.s3Endpoint().isPresent())
                .build();

        var s3 = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .serviceConfiguration(s3Config)
                .disableS3ExpressSessionAuth(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(overrides);
        var presigner = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        var dynamo = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .endpointDiscoveryEnabled(false)
                // Account-id endpoints would need the account id from the credentials on every call.
                .accountIdEndpointMode(AccountIdEndpointMode.DISABLED)
                .overrideConfiguration(overrides);
        config.s3Endpoint().ifPresent(uri -> {
            s3.endpointOverride(uri);
            presigner.endpointOverride(uri);
        });
        config.dynamoEndpoint().ifPresent(dynamo::endpointOverride);
        return new Clients(s3.build(), presigner.build(), dynamo.build(), credentials);
    }

    /**
     * The execution role's credentials as Lambda hands them over: in environment variables, or,
     * with SnapStart (where those variables are not set), from the container credentials
     * endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with its authorization token).
     */
    static AwsCredentialsProvider lambdaCredentials(java.util.Map<String, String> env) {
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI") && !env.containsKey("AWS_ACCESS_KEY_ID")) {
            return ContainerCredentialsProvider.builder().build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    private static final ProfileFile NO_PROFILE = ProfileFile.aggregator().build();

    private static ProfileFile noProfile() {
        return NO_PROFILE;
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
        dynamo.close();
        credentials.close();
    }
}
