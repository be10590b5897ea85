package dev.cloudfiles.client;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link CloudDrive} needs, grouped by concern the way the AWS SDK groups a client's
 * ({@code ClientOverrideConfiguration}: timeouts, a retry strategy) and Failsafe a {@code RetryPolicy}
 * (attempts, back-off): who the client is ({@link Identity}), how patient it is ({@link Timeouts}),
 * how it retries ({@link RetryPolicy}) and how it moves large bodies ({@link Transfer}). Immutable;
 * build one with {@link #builder()}, whose flat shortcuts ({@code .endpoint(..).apiKey(..)
 * .socketTimeout(..)}) set the field of the right group, or read it from the environment with
 * {@link #fromEnvironment()}.
 *
 * @param identity       where the API is, the key, the drive
 * @param timeouts       how long to wait for a connection, an answer and an upload
 * @param retry          how often and how patiently transient failures are retried
 * @param transfer       when and how bodies go in parts and ranges
 * @param proxy          a proxy for every request (presigned URLs included), or {@code null}
 * @param uploadStateDir where multipart uploads of local files keep their resume state (one small
 *                       file per upload, see {@link CloudDrive#resume}), or {@code null} for none:
 *                       then an interrupted put cannot be resumed, and a failed one is aborted
 */
public record CloudDriveConfig(
        Identity identity,
        Timeouts timeouts,
        RetryPolicy retry,
        Transfer transfer,
        ProxySelector proxy,
        Path uploadStateDir) {

    /** Environment variable with the API base URL. */
    public static final String ENV_URL = "CLOUD_FILES_URL";
    /** Environment variable with the API key. */
    public static final String ENV_KEY = "CLOUD_FILES_KEY";
    /** Environment variable with the drive name. */
    public static final String ENV_DRIVE = "CLOUD_FILES_DRIVE";
    /** Environment variable with the directory of resume state ({@link #uploadStateDir()}); optional. */
    public static final String ENV_STATE_DIR = "CLOUD_FILES_STATE_DIR";

    /** Checks that every group is there; each group checks its own fields. */
    public CloudDriveConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(transfer, "transfer");
    }

    /** The project id: the key's text before its first {@code _}; see {@link Identity#project()}. */
    public String project() {
        return identity.project();
    }

    /** The drive's base URL; see {@link Identity#driveUri()}. */
    public URI driveUri() {
        return identity.driveUri();
    }

    /** Never prints the key's secret. */
    @Override
    public String toString() {
        return "CloudDriveConfig[" + identity + "]";
    }

    /**
     * Who the client is and which drive it works on.
     *
     * @param endpoint the API base, e.g. {@code http://127.0.0.1:3000} or the API Gateway URL
     *                 (without {@code /v1/...})
     * @param apiKey   the full key text, {@code {project_id}_{secret}}; the project id is the text
     *                 before the first {@code _}
     * @param drive    the drive name (1–64 characters of {@code [A-Za-z0-9_-]})
     */
    public record Identity(URI endpoint, String apiKey, String drive) {
        /** Checks the URL, the key's shape and the drive name. */
        public Identity {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URL, got " + endpoint);
            }
            if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
            if (apiKey.indexOf('_') <= 0) {
                throw new IllegalArgumentException("an API key looks like {project_id}_{secret}");
            }
            if (drive == null || !drive.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "drive name must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-', got " + drive);
            }
        }

        /** The project id: the key's text before its first {@code _}. */
        public String project() {
            return apiKey.substring(0, apiKey.indexOf('_'));
        }

        /** The drive's base URL: {@code {endpoint}/v1/{project}/{drive}}. */
        public URI driveUri() {
            String base = endpoint.toString();
            while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
            return URI.create(base + "/v1/" + project() + "/" + drive);
        }

        /** Never prints the key's secret. */
        @Override
        public String toString() {
            return "endpoint=" + endpoint + ", project=" + project() + ", drive=" + drive;
        }
    }

    /**
     * How long the client waits, per attempt (the SDK's {@code apiCallAttemptTimeout}; retries are
     * {@link RetryPolicy}'s).
     *
     * @param connect how long to wait for a TCP connection; default 10 s
     * @param socket  how long to wait for an answer and, on a download, for each next piece of the
     *                body (change it per body with {@link StreamingBody#setSocketTimeout}); default 60 s
     * @param upload  how long one upload request (an inline put or one part) may take in all;
     *                default 10 min
     */
    public record Timeouts(Duration connect, Duration socket, Duration upload) {
        /** 10 s to connect, 60 s for an answer, 10 min per upload request. */
        public static final Timeouts DEFAULTS =
                new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10));

        /** Checks that all three are set. */
        public Timeouts {
            Objects.requireNonNull(connect, "connect timeout");
            Objects.requireNonNull(socket, "socket timeout");
            Objects.requireNonNull(upload, "upload timeout");
        }

        /** These timeouts with another connect timeout. */
        public Timeouts withConnect(Duration timeout) {
            return new Timeouts(timeout, socket, upload);
        }

        /** These timeouts with another socket timeout. */
        public Timeouts withSocket(Duration timeout) {
            return new Timeouts(connect, timeout, upload);
        }

        /** These timeouts with another upload timeout. */
        public Timeouts withUpload(Duration timeout) {
            return new Timeouts(connect, socket, timeout);
        }
    }

    /**
     * How transient failures (a dropped connection, a timeout where that is safe, 429, 5xx) are
     * retried: up to {@code maxAttempts} attempts per request and per part, with exponential back-off
     * and equal jitter between them, as Failsafe's {@code withMaxAttempts} and {@code withBackoff(delay,
     * maxDelay)} and the SDK's standard retry strategy do.
     *
     * @param maxAttempts attempts before a transient failure is final (1 = no retries); default 4
     * @param backoffBase the first retry's back-off; it doubles per attempt; default 200 ms
     * @param maxBackoff  the longest the client waits between two attempts, a {@code Retry-After}
     *                    included; default 20 s
     */
    public record RetryPolicy(int maxAttempts, Duration backoffBase, Duration maxBackoff) {
        /** 4 attempts, back-off from 200 ms up to 20 s. */
        public static final RetryPolicy DEFAULTS = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(20));

        /** Checks the attempts and that both back-off bounds are set. */
        public RetryPolicy {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
            Objects.requireNonNull(backoffBase, "backoffBase");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        /** This policy with another number of attempts. */
        public RetryPolicy withMaxAttempts(int attempts) {
            return new RetryPolicy(attempts, backoffBase, maxBackoff);
        }

        /** This policy with another back-off: starting at {@code base}, never longer than {@code max}. */
        public RetryPolicy withBackoff(Duration base, Duration max) {
            return new RetryPolicy(maxAttempts, base, max);
        }
    }

    /**
     * When a body goes in one request and how large ones travel: uploads as presigned multipart
     * parts, downloads as parallel ranges (boto3's {@code TransferConfig} and the SDK's transfer
     * manager tune the same things).
     *
     * @param inlineLimit         the largest body sent in one request (API.md: 4 MiB); larger content
     *                            and streams that outgrow it go as presigned multipart uploads
     * @param uploadParallelism   how many parts of a multipart upload travel at once; default 4
     * @param downloadPartSize    the size of the ranges a large download is fetched in (1 MiB to
     *                            2 GiB); a file of at least two ranges is fetched in parallel ranges
     * @param downloadParallelism how many ranges of a large download travel at once; default 8
     */
    public record Transfer(long inlineLimit, int uploadParallelism, long downloadPartSize, int downloadParallelism) {
        /** API.md's inline put limit: 4 MiB. */
        public static final long DEFAULT_INLINE_LIMIT = 4L * 1024 * 1024;
        /** The default range size of a parallel download: 8 MiB, boto3's {@code TransferConfig} default. */
        public static final long DEFAULT_DOWNLOAD_PART_SIZE = 8L * 1024 * 1024;
        /** The smallest range size a download may be configured with. */
        public static final long MIN_DOWNLOAD_PART_SIZE = 1024 * 1024;
        /** 4 MiB inline, 4 parts at once, 8 MiB ranges 8 at once. */
        public static final Transfer DEFAULTS = new Transfer(DEFAULT_INLINE_LIMIT, 4, DEFAULT_DOWNLOAD_PART_SIZE, 8);

        /** Checks every bound. */
        public Transfer {
            if (inlineLimit < 1) throw new IllegalArgumentException("inlineLimit must be positive");
            if (uploadParallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
            if (downloadPartSize < MIN_DOWNLOAD_PART_SIZE || downloadPartSize > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("downloadPartSize must be between 1 MiB and 2 GiB");
            }
            if (downloadParallelism < 1) {
                throw new IllegalArgumentException("downloadParallelism must be at least 1");
            }
        }

        /** These settings with another inline limit. */
        public Transfer withInlineLimit(long bytes) {
            return new Transfer(bytes, uploadParallelism, downloadPartSize, downloadParallelism);
        }

        /** These settings with another number of parts at once. */
        public Transfer withUploadParallelism(int parts) {
            return new Transfer(inlineLimit, parts, downloadPartSize, downloadParallelism);
        }

        /** These settings with another range size. */
        public Transfer withDownloadPartSize(long bytes) {
            return new Transfer(inlineLimit, uploadParallelism, bytes, downloadParallelism);
        }

        /** These settings with another number of ranges at once. */
        public Transfer withDownloadParallelism(int ranges) {
            return new Transfer(inlineLimit, uploadParallelism, downloadPartSize, ranges);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .timeouts(timeouts)
                .retry(retry)
                .transfer(transfer)
                .proxy(proxy)
                .uploadStateDir(uploadStateDir);
        b.endpoint = identity.endpoint();
        b.apiKey = identity.apiKey();
        b.drive = identity.drive();
        return b;
    }

    /** {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY} and {@code CLOUD_FILES_DRIVE} of this process. */
    public static CloudDriveConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The three variables read from {@code env}, and {@code CLOUD_FILES_STATE_DIR} if set; a missing
     * one of the three is an {@link IllegalArgumentException}.
     */
    public static CloudDriveConfig fromEnvironment(Map<String, String> env) {
        String stateDir = env.get(ENV_STATE_DIR);
        return builder()
                .endpoint(URI.create(require(env, ENV_URL)))
                .apiKey(require(env, ENV_KEY))
                .drive(require(env, ENV_DRIVE))
                .uploadStateDir(stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir))
                .build();
    }

    private static String require(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name))
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("environment variable " + name + " is not set"));
    }

    /**
     * Mutable builder. Each group is set whole ({@link #retry(RetryPolicy)}, as the SDK's client
     * builder takes a {@code ClientOverrideConfiguration}) or one field at a time through the flat
     * shortcuts, which stay for the common cases and for existing callers. A group checks its fields
     * as it is made, so a bad value fails at its setter; the identity is checked by {@link #build()}.
     */
    public static final class Builder {
        private URI endpoint;
        private String apiKey;
        private String drive;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private RetryPolicy retry = RetryPolicy.DEFAULTS;
        private Transfer transfer = Transfer.DEFAULTS;
        private ProxySelector proxy;
        private Path uploadStateDir;

        private Builder() {}

        /** The whole identity at once. */
        public Builder identity(Identity identity) {
            return endpoint(identity.endpoint()).apiKey(identity.apiKey()).drive(identity.drive());
        }

        /** The API base URL (required). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The API base URL (required). */
        public Builder endpoint(String endpoint) {
            return endpoint(URI.create(endpoint));
        }

        /** The full API key text (required). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The drive name (required). */
        public Builder drive(String drive) {
            this.drive = drive;
            return this;
        }

        /** All timeouts at once; default {@link Timeouts#DEFAULTS}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Shortcut for {@link Timeouts#connect()}. */
        public Builder connectTimeout(Duration timeout) {
            return timeouts(timeouts.withConnect(timeout));
        }

        /** Shortcut for {@link Timeouts#socket()}. */
        public Builder socketTimeout(Duration timeout) {
            return timeouts(timeouts.withSocket(timeout));
        }

        /** Shortcut for {@link Timeouts#upload()}. */
        public Builder uploadTimeout(Duration timeout) {
            return timeouts(timeouts.withUpload(timeout));
        }

        /** The whole retry policy; default {@link RetryPolicy#DEFAULTS}. */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Shortcut for {@link RetryPolicy#maxAttempts()}. */
        public Builder maxAttempts(int maxAttempts) {
            return retry(retry.withMaxAttempts(maxAttempts));
        }

        /** Shortcut for {@link RetryPolicy#backoffBase()}. */
        public Builder backoffBase(Duration backoffBase) {
            return retry(retry.withBackoff(backoffBase, retry.maxBackoff()));
        }

        /** Shortcut for {@link RetryPolicy#maxBackoff()}. */
        public Builder maxBackoff(Duration maxBackoff) {
            return retry(retry.withBackoff(retry.backoffBase(), maxBackoff));
        }

        /** All transfer settings at once; default {@link Transfer#DEFAULTS}. */
        public Builder transfer(Transfer transfer) {
            this.transfer = Objects.requireNonNull(transfer, "transfer");
            return this;
        }

        /** Shortcut for {@link Transfer#inlineLimit()}; lower it only to force multipart uploads. */
        public Builder inlineLimit(long bytes) {
            return transfer(transfer.withInlineLimit(bytes));
        }

        /** Shortcut for {@link Transfer#uploadParallelism()}. */
        public Builder parallelism(int parallelism) {
            return transfer(transfer.withUploadParallelism(parallelism));
        }

        /** Shortcut for {@link Transfer#downloadPartSize()}. */
        public Builder downloadPartSize(long bytes) {
            return transfer(transfer.withDownloadPartSize(bytes));
        }

        /** Shortcut for {@link Transfer#downloadParallelism()}. */
        public Builder downloadParallelism(int parallelism) {
            return transfer(transfer.withDownloadParallelism(parallelism));
        }

        /** A proxy for every request, presigned S3 URLs included; default none. */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Where multipart uploads of local files keep their resume state; default none (the
         * {@code cloudfiles} command line uses {@code ~/.local/state/cloudfiles/uploads}).
         */
        public Builder uploadStateDir(Path dir) {
            this.uploadStateDir = dir;
            return this;
        }

        /** The validated configuration. */
        public CloudDriveConfig build() {
            return new CloudDriveConfig(
                    new Identity(endpoint, apiKey, drive), timeouts, retry, transfer, proxy, uploadStateDir);
        }
    }
}
