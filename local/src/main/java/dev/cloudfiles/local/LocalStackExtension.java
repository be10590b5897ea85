package dev.cloudfiles.local;

import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.store.table.BatchRetry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * JUnit 5: an in-memory local stack on free ports for the test class.
 * <pre>{@code @RegisterExtension static LocalStackExtension stack = LocalStackExtension.inMemory();}</pre>
 * A class that needs no setting of its own and keeps to a project of its own takes {@link #shared()}
 * instead: one stack for all such classes of the test JVM, started once (each start is S3Proxy,
 * a dynalite process and a gateway: seconds and a few hundred MB on a busy machine).
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger PROJECTS = new AtomicInteger();
    private final LocalStack.Builder builder;
    private LocalStack stack;

    private LocalStackExtension(LocalStack.Builder builder) {
        this.builder = builder;
    }

    /**
     * The stack of default settings shared by every class of this test JVM that registers it:
     * started by the first, closed by JUnit when the run ends (the root store closes what it holds).
     * Such classes see each other's data, so each keeps to projects of its own and never assumes an
     * empty table or bucket.
     */
    public static LocalStackExtension shared() {
        return new LocalStackExtension(null);
    }

    public static LocalStackExtension inMemory() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = builder != null
                ? builder.start()
                : context.getRoot()
                        .getStore(ExtensionContext.Namespace.create(LocalStackExtension.class))
                        .getOrComputeIfAbsent(
                                LocalStack.class, k -> LocalStack.builder().start(), LocalStack.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null && builder != null) stack.close();
        stack = null;
    }

    /** The running stack (between beforeAll and afterAll). */
    public LocalStack stack() {
        if (stack == null) throw new IllegalStateException("the local stack runs only between beforeAll and afterAll");
        return stack;
    }

    public URI gatewayUri() {
        return stack().gatewayUri();
    }

    /** The gateway's certificate in PEM; only with {@link Builder#tls(boolean) tls(true)}. */
    public Path tlsCertificatePem() {
        return stack().tlsCertificatePem();
    }

    public URI s3Uri() {
        return stack().s3Uri();
    }

    public URI dynamoUri() {
        return stack().dynamoUri();
    }

    public Config config() {
        return stack().config();
    }

    public Clients clients() {
        return stack().clients();
    }

    public CloudFiles app() {
        return stack().app();
    }

    public IssuedKey createKey(String project, Set<String> drives, boolean readOnly) {
        return stack().createKey(project, drives, readOnly);
    }

    /** A read-write key for every drive of a project of its own, so tests do not see each other's files. */
    public IssuedKey newKey() {
        return createKey("test" + PROJECTS.incrementAndGet(), Set.of(), false);
    }

    /** A read-write key for every drive of {@code project}. */
    public IssuedKey newKey(String project) {
        return createKey(project, Set.of(), false);
    }

    /** The full text of a new read-write key for a new project (what goes into {@code X-Api-Key}). */
    public String newKeySecret() {
        return newKey().secret();
    }

    /** Options, passed to {@link LocalStack.Builder}; data always in memory. */
    public static final class Builder {
        private final LocalStack.Builder stack = LocalStack.builder();

        private Builder() {}

        public Builder clock(Clock clock) {
            stack.clock(clock);
            return this;
        }

        public Builder interceptors(List<ExecutionInterceptor> interceptors) {
            stack.interceptors(interceptors);
            return this;
        }

        public Builder batchRetry(BatchRetry retry) {
            stack.batchRetry(retry);
            return this;
        }

        public Builder credentials(Supplier<AwsCredentialsProvider> credentials) {
            stack.credentials(credentials);
            return this;
        }

        public Builder configure(UnaryOperator<Config> change) {
            stack.configure(change);
            return this;
        }

        public Builder inlineLimits(long maxUploadBytes, long maxDownloadBytes) {
            stack.inlineLimits(maxUploadBytes, maxDownloadBytes);
            return this;
        }

        public Builder gatewayLimits(Gateway.Limits limits) {
            stack.gatewayLimits(limits);
            return this;
        }

        /** Serves the gateway over HTTPS with a self-signed certificate; see {@link LocalStack.Builder#tls(boolean)}. */
        public Builder tls(boolean tls) {
            stack.tls(tls);
            return this;
        }

        public Builder template(Path template) {
            stack.template(template);
            return this;
        }

        public Builder table(String table) {
            stack.table(table);
            return this;
        }

        public Builder bucket(String bucket) {
            stack.bucket(bucket);
            return this;
        }

        public LocalStackExtension build() {
            return new LocalStackExtension(stack);
        }
    }
}
