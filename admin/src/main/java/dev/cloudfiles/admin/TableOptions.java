package dev.cloudfiles.admin;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the key table is: {@code --table}, else {@code CLOUD_FILES_TABLE}, else the local
 * stack's table when an endpoint is given, else the {@code TableName} output of the
 * CloudFormation stack named by {@code --stack} or {@code CLOUD_FILES_STACK}. The endpoint is
 * {@code --endpoint}, else {@code CLOUD_FILES_DYNAMODB_ENDPOINT}; the region {@code --region},
 * else {@code CLOUD_FILES_REGION}, else the SDK's chain. Like the client CLI: a flag wins over its
 * variable.
 */
final class TableOptions {
    static final String TABLE_ENV = "CLOUD_FILES_TABLE";
    static final String STACK_ENV = "CLOUD_FILES_STACK";
    static final String REGION_ENV = "CLOUD_FILES_REGION";
    /** A server that is not there fails after this many attempts (DynamoDB's own default is 9). */
    static final int MAX_ATTEMPTS = 3;

    static final String LOCAL_TABLE = "cloudfiles";
    static final String STACK_OUTPUT = "TableName";

    @Option(
            names = "--table",
            paramLabel = "NAME",
            description =
                    "DynamoDB table (default: $CLOUD_FILES_TABLE, else the stack's TableName output; with --endpoint: cloudfiles).")
    String table;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "CloudFormation stack whose TableName output names the table (default: $CLOUD_FILES_STACK).")
    String stack;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "AWS region (default: $CLOUD_FILES_REGION, else the SDK's chain: AWS_REGION, the profile's"
                    + " region, ...).")
    String region;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "DynamoDB endpoint, e.g. http://127.0.0.1:8000 for `make run` (default:"
                    + " $CLOUD_FILES_DYNAMODB_ENDPOINT). On loopback, any credentials do.")
    String endpointFlag;

    /** The endpoint of this run: the flag, else the variable; null for the region's own. */
    private URI endpoint;

    private String regionName;

    /** The table's client and name; the caller closes it. */
    KeyTable open(Map<String, String> env) {
        Optional<String> given = firstNonBlank(endpointFlag);
        String source = "--endpoint";
        if (given.isEmpty()) {
            given = firstNonBlank(env.get(ConnectionHints.ENDPOINT_ENV));
            source = "$" + ConnectionHints.ENDPOINT_ENV;
        }
        if (given.isPresent()) {
            try {
                endpoint = new URI(given.get());
            } catch (URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException(
                        source + " must be an absolute URL such as http://127.0.0.1:8000, not '" + given.get() + "'");
            }
        }
        regionName = firstNonBlank(region, env.get(REGION_ENV)).orElse(null);
        Optional<String> named = firstNonBlank(table, env.get(TABLE_ENV));
        Optional<String> stackName = firstNonBlank(stack, env.get(STACK_ENV));
        if (named.isEmpty() && stackName.isEmpty() && endpoint != null) named = Optional.of(LOCAL_TABLE);
        if (named.isEmpty() && stackName.isEmpty()) {
            throw new IllegalArgumentException("name the table: --table NAME, $" + TABLE_ENV + ", or --stack NAME (its "
                    + STACK_OUTPUT + " output)");
        }
        Region resolved = region();
        AwsCredentialsProvider credentials = credentials();
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .build();
        var builder = DynamoDbClient.builder()
                .region(resolved)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS))
                        .addExecutionInterceptor(new ConnectionHints()));
        if (endpoint != null) builder.endpointOverride(endpoint);
        DynamoDbClient dynamo = builder.build();
        try {
            String name = named.isPresent() ? named.get() : stackOutput(stackName.get(), resolved, credentials, http);
            return new KeyTable(dynamo, name);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    private static String stackOutput(
            String stackName, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .build()) {
            return cfn.describeStacks(b -> b.stackName(stackName)).stacks().stream()
                    .flatMap(s -> s.outputs().stream())
                    .filter(o -> STACK_OUTPUT.equals(o.outputKey()))
                    .map(o -> o.outputValue())
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("stack " + stackName + " has no " + STACK_OUTPUT + " output"));
        }
    }

    private Region region() {
        if (regionName != null) return Region.of(regionName);
        if (endpoint != null) return Region.US_EAST_1; // emulators ignore it, but the SDK wants one
        return DefaultAwsRegionProviderChain.builder().build().getRegion();
    }

    /** dynalite accepts any signature; a real endpoint (a VPC endpoint, say) gets real credentials. */
    private AwsCredentialsProvider credentials() {
        if (endpoint != null && isLoopback(endpoint.getHost())) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return Optional.of(v.trim());
        }
        return Optional.empty();
    }
}
