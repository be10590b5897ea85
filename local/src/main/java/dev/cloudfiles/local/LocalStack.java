package dev.cloudfiles.local;

import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.table.Tables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The whole local stack: S3Proxy, dynalite, and the gateway running the real handlers. One
 * object for {@code make run}, the integration tests and the benchmarks.
 */
public final class LocalStack implements AutoCloseable {
    public static final String DEFAULT_TABLE = "cloudfiles";
    public static final String DEFAULT_BUCKET = "cloudfiles-local";
    /** System property naming the SAM template whose routes the gateway serves. */
    public static final String TEMPLATE_PROPERTY = "cloudfiles.template";

    private final Gateway gateway;
    private final S3Emulator s3;
    private final Dynalite dynamo;
    private final CloudFiles app;
    private final SelfSignedTls tls;

    private LocalStack(Gateway gateway, S3Emulator s3, Dynalite dynamo, CloudFiles app, SelfSignedTls tls) {
        this.gateway = gateway;
        this.s3 = s3;
        this.dynamo = dynamo;
        this.app = app;
        this.tls = tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI gatewayUri() {
        return gateway.uri();
    }

    /**
     * The gateway's self-signed certificate in PEM (trust it with {@code NODE_EXTRA_CA_CERTS},
     * {@code curl --cacert}, ...); only with {@link Builder#tls(boolean) tls(true)}.
     */
    public Path tlsCertificatePem() {
        if (tls == null)
            throw new IllegalStateException("the gateway serves plain HTTP; start the stack with tls(true)");
        return tls.certificatePem();
    }

    public URI s3Uri() {
        return s3.uri();
    }

    public URI dynamoUri() {
        return dynamo.uri();
    }

    /**
     * Completes with a one-line reason when a part of the stack dies under it (dynalite exiting):
     * from then on every request would fail, so {@code make run} stops.
     */
    public CompletableFuture<String> failure() {
        return dynamo.unexpectedExit();
    }

    public Config config() {
        return app.config();
    }

    public Clients clients() {
        return app.clients();
    }

    public CloudFiles app() {
        return app;
    }

    /** A new API key, as {@code cloudfiles keys create} would issue it; an empty set grants every drive. */
    public IssuedKey createKey(String project, Set<String> drives, boolean readOnly) {
        return app.keys().create(project, drives, readOnly, "local");
    }

    /** Stops the gateway, S3Proxy, dynalite and the SDK clients, in that order. */
    @Override
    public void close() {
        closeAll(gateway, s3, dynamo, app.clients(), tls);
    }

    private static void closeAll(AutoCloseable... parts) {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) continue;
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) failure = new IllegalStateException("local stack did not stop cleanly", e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    /** Options; every port 0 (a free port) and everything in memory unless set. */
    public static final class Builder {
        private Path dataDir;
        private int s3Port;
        private int dynamoPort;
        private int gatewayPort;
        private String table = DEFAULT_TABLE;
        private String bucket = DEFAULT_BUCKET;
        private Path template;
        private List<ExecutionInterceptor> interceptors = List.of();
        private BatchRetry batchRetry = BatchRetry.DEFAULT;
        private Supplier<AwsCredentialsProvider> credentials;
        private Long maxInlineUploadBytes;
        private Long maxInlineDownloadBytes;
        private Gateway.Limits gatewayLimits = Gateway.Limits.AWS;
        private Clock clock = Clock.systemUTC();
        private boolean tls;

        private Builder() {}

        /** Persistent data under {@code dir/s3} and {@code dir/dynamodb}; null (the default) = in memory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder dynamoPort(int port) {
            this.dynamoPort = port;
            return this;
        }

        public Builder gatewayPort(int port) {
            this.gatewayPort = port;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** The SAM template to route by; default: -Dcloudfiles.template, else template.yaml at the repo root. */
        public Builder template(Path template) {
            this.template = template;
            return this;
        }

        /** The handlers' clock: tests move it forward to see uploads and garbage expire. */
        private UnaryOperator<Config> configure = c -> c;

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The handlers' credentials, in place of the emulator's plain key pair: a test's session
         * credentials of known expiry. S3Proxy checks the signature with the pair's secret.
         */
        public Builder credentials(Supplier<AwsCredentialsProvider> credentials) {
            this.credentials = credentials;
            return this;
        }

        /** The handlers' policy for unprocessed batch items: a test's records its back-off instead of sleeping. */
        public Builder batchRetry(BatchRetry retry) {
            this.batchRetry = retry;
            return this;
        }

        /** SDK interceptors of the handlers' clients: the fault-injection seam of the tests. */
        public Builder interceptors(List<ExecutionInterceptor> interceptors) {
            this.interceptors = List.copyOf(interceptors);
            return this;
        }

        /** The functions' inline upload and download limits (Config's). */
        public Builder inlineLimits(long maxUploadBytes, long maxDownloadBytes) {
            this.maxInlineUploadBytes = maxUploadBytes;
            this.maxInlineDownloadBytes = maxDownloadBytes;
            return this;
        }

        /** Changes the functions' configuration (a test's own bounds); applied after the other settings. */
        public Builder configure(UnaryOperator<Config> change) {
            this.configure = change;
            return this;
        }

        /** API Gateway's request limit and Lambda's payload limit as the gateway enforces them. */
        public Builder gatewayLimits(Gateway.Limits limits) {
            this.gatewayLimits = limits;
            return this;
        }

        /**
         * Serves the gateway over HTTPS with a self-signed certificate for 127.0.0.1 and localhost,
         * made at start (see {@link LocalStack#tlsCertificatePem()}); default: plain HTTP.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Starts S3Proxy, dynalite and the gateway. A port that is taken, checked for all three
         * before anything starts, is a {@link PortInUseException} naming it.
         */
        public LocalStack start() {
            TemplateRoutes routes = TemplateRoutes.load(template != null ? template : defaultTemplate());
            PortInUseException.checkFree(LocalService.GATEWAY, gatewayPort);
            PortInUseException.checkFree(LocalService.S3, s3Port);
            PortInUseException.checkFree(LocalService.DYNAMODB, dynamoPort);
            List<AutoCloseable> started = new ArrayList<>();
            try {
                S3Emulator s3 = S3Emulator.start(s3Port, dataDir == null ? null : dataDir.resolve("s3"));
                started.add(s3);
                Dynalite dynamo = Dynalite.start(dynamoPort, dataDir == null ? null : dataDir.resolve("dynamodb"));
                started.add(dynamo);
                Config config = Config.local(
                        table,
                        bucket,
                        s3.uri(),
                        dynamo.uri(),
                        new Config.EndpointCredentials(S3Emulator.ACCESS_KEY, S3Emulator.SECRET_KEY));
                if (maxInlineUploadBytes != null)
                    config = config.withLimits(maxInlineUploadBytes, maxInlineDownloadBytes);
                config = configure.apply(config);
                Clients clients = credentials == null
                        ? Clients.create(config, interceptors)
                        : Clients.create(config, interceptors, credentials);
                started.add(clients);
                createBucketIfMissing(clients, bucket);
                Tables.createIfMissing(clients.dynamo(), table);
                CloudFiles app = CloudFiles.create(config, clients, clock, batchRetry);
                SelfSignedTls certificate = tls ? SelfSignedTls.generate() : null;
                if (certificate != null) started.add(certificate);
                Gateway gateway = Gateway.start(
                        gatewayPort, routes, app, gatewayLimits, certificate == null ? null : certificate.context());
                return new LocalStack(gateway, s3, dynamo, app, certificate);
            } catch (RuntimeException e) {
                Collections.reverse(started);
                try {
                    closeAll(started.toArray(AutoCloseable[]::new));
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }

        private static Path defaultTemplate() {
            String configured = System.getProperty(TEMPLATE_PROPERTY);
            if (configured != null && !configured.isBlank()) return Path.of(configured);
            return LocalPaths.repoRoot().resolve("template.yaml");
        }

        private static void createBucketIfMissing(Clients clients, String bucket) {
            try {
                clients.s3().createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
                // kept from an earlier run
            }
        }
    }
}
