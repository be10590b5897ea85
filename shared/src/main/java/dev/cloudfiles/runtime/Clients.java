package dev.cloudfiles.runtime;

import dev.cloudfiles.config.Config;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
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
 * set explicitly: nothing is discovered at cold start. DynamoDB's client is built at once (every
 * function but the route-not-found one calls it on every request); S3's client and presigner are
 * built at init by the functions whose handlers say they use them ({@link #willUse}) and on first
 * use otherwise ({@link OnDemand}), so that a function that never calls S3 (listing, share links
 * of a drive, deletes but for a rare fallback) never loads S3's ~330 classes.
 */
public final class Clients implements AutoCloseable {

    /** The clients built only by the functions that use them. */
    public enum OnDemand {
        S3,
        PRESIGNER
    }

    /** Attempts per call against the local emulators; see {@link #create(Config, List)}. */
    static final int EMULATOR_ATTEMPTS = 8;

    private final Memo<S3Client> s3;
    private final Memo<S3Presigner> presigner;
    private final DynamoDbClient dynamo;
    private final RenewableCredentials credentials;
    private volatile boolean queries;

    private Clients(
            Memo<S3Client> s3, Memo<S3Presigner> presigner, DynamoDbClient dynamo, RenewableCredentials credentials) {
        this.s3 = s3;
        this.presigner = presigner;
        this.dynamo = dynamo;
        this.credentials = credentials;
    }

    public static Clients create(Config config) {
        return create(config, List.of());
    }

    /** Interceptors are the fault-injection seam of the tests; production passes none. */
    public static Clients create(Config config, List<ExecutionInterceptor> interceptors) {
        return create(
                config,
                interceptors,
                () -> config.endpointCredentials()
                        .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                        .orElseGet(() -> lambdaCredentials(System.getenv())));
    }

    /**
     * With credentials of the caller's: the tests sign with credentials of a known expiry (the
     * emulator's pair with a session token), as Lambda's container credentials are.
     */
    public static Clients create(
            Config config,
            List<ExecutionInterceptor> interceptors,
            Supplier<AwsCredentialsProvider> credentialsFactory) {
        Region region = Region.of(config.region());
        RenewableCredentials credentials = new RenewableCredentials(credentialsFactory);
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
        var dynamo = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .endpointDiscoveryEnabled(false)
                // Account-id endpoints would need the account id from the credentials on every call.
                .accountIdEndpointMode(AccountIdEndpointMode.DISABLED)
                .overrideConfiguration(overrides);
        config.dynamoEndpoint().ifPresent(dynamo::endpointOverride);
        return new Clients(
                new Memo<>(() -> s3(config, region, credentials, http, overrides)),
                new Memo<>(() -> presigner(config, region, credentials)),
                dynamo.build(),
                credentials);
    }

    private static S3Client s3(
            Config config,
            Region region,
            AwsCredentialsProvider credentials,
            SdkHttpClient http,
            ClientOverrideConfiguration overrides) {
        // Checksums only where an operation requires one (as the SDK did before 2.30): PutObject
        // no longer computes and trails a CRC32, which cost PutFile's first invocation time and
        // classes (bench/results/design-notes.md), GetObject no longer asks for and checks one. Integrity in transit is
        // TLS's; S3 still rejects a request whose SigV4 signature does not match.
        var s3 = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .serviceConfiguration(s3Configuration(config))
                .disableS3ExpressSessionAuth(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(overrides);
        config.s3Endpoint().ifPresent(s3::endpointOverride);
        return s3.build();
    }

    private static S3Presigner presigner(Config config, Region region, AwsCredentialsProvider credentials) {
        var presigner = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Configuration(config));
        config.s3Endpoint().ifPresent(presigner::endpointOverride);
        return presigner.build();
    }

    /** Path-style addressing against the emulator (S3Proxy has no virtual-host buckets). */
    private static S3Configuration s3Configuration(Config config) {
        return S3Configuration.builder()
                .pathStyleAccessEnabled(config.s3Endpoint().isPresent())
                .build();
    }

    /** S3's client, built on first use. */
    public S3Client s3() {
        return s3.get();
    }

    /** S3's presigner, built on first use. */
    public S3Presigner presigner() {
        return presigner.get();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public RenewableCredentials credentials() {
        return credentials;
    }

    /**
     * Builds these now: a handler whose requests call them says so while it is constructed, so they
     * are built during init, where Lambda's guidance puts SDK clients: out of the request path for
     * provisioned concurrency, and primed by SnapStart's {@link Priming} before the snapshot. A
     * function that does not say so builds them on first use, if ever.
     */
    public void willUse(OnDemand... clients) {
        for (OnDemand client : clients) {
            switch (client) {
                case S3 -> s3.get();
                case PRESIGNER -> presigner.get();
            }
        }
    }

    /**
     * Said by a handler whose requests run DynamoDB {@code Query}s, while it is constructed, so that
     * SnapStart's {@link Priming} runs one too; a function that does not say so is never made to
     * query (its role may not: every priming step of it would be an AccessDenied WARN).
     */
    public void willQuery() {
        queries = true;
    }

    /** Whether a handler said {@link #willQuery}. */
    public boolean queries() {
        return queries;
    }

    /** The on-demand clients built so far. */
    public Set<OnDemand> built() {
        Set<OnDemand> built = EnumSet.noneOf(OnDemand.class);
        if (s3.ifBuilt().isPresent()) built.add(OnDemand.S3);
        if (presigner.ifBuilt().isPresent()) built.add(OnDemand.PRESIGNER);
        return built;
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

    /** Closes what was built; an on-demand client never used is not built to be closed. */
    @Override
    public void close() {
        s3.ifBuilt().ifPresent(S3Client::close);
        presigner.ifBuilt().ifPresent(S3Presigner::close);
        dynamo.close();
        credentials.close();
    }
}
