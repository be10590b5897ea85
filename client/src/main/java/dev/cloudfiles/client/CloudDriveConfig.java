package dev.cloudfiles.client;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link CloudDrive} needs: where the API is, the key, the drive, and how patient and
 * how parallel to be. Immutable; build one with {@link #builder()} or read it from the
 * environment with {@link #fromEnvironment()}.
 *
 * @param endpoint        the API base, e.g. {@code http://127.0.0.1:3000} or the API Gateway URL
 *                        (without {@code /v1/...})
 * @param apiKey          the full key text, {@code {project_id}_{secret}}; the project id is the
 *                        text before the first {@code _}
 * @param drive           the drive name (1–64 characters of {@code [A-Za-z0-9_-]})
 * @param connectTimeout  how long to wait for a TCP connection
 * @param socketTimeout   how long to wait for an answer and, on a download, for each next piece
 *                        of the body (change it per body with {@link StreamingBody#setSocketTimeout})
 * @param uploadTimeout   how long one upload request (an inline put or one part) may take in all
 * @param parallelism     how many parts of a multipart upload travel at once
 * @param maxAttempts     attempts per request (and per part) before a transient failure is final
 * @param backoffBase     the first retry's backoff; it doubles per attempt, with full jitter
 * @param maxBackoff      the longest the client waits between two attempts, a
 *                        {@code Retry-After} included
 * @param inlineLimit     the largest body sent in one request (API.md: 4 MiB); larger content and
 *                        streams that outgrow it go as presigned multipart uploads
 * @param proxy           a proxy for every request (presigned URLs included), or {@code null}
 * @param uploadStateDir  where multipart uploads of local files keep their resume state (one small
 *                        file per upload, see {@link CloudDrive#resume}), or {@code null} for none:
 *                        then an interrupted put cannot be resumed, and a failed one is aborted
 * @param downloadPartSize    the size of the ranges a large download is fetched in (at least 1 MiB);
 *                            a file of at least two ranges is fetched in parallel ranges
 * @param downloadParallelism how many ranges of a large download travel at once
 */
public record CloudDriveConfig(
        URI endpoint,
        String apiKey,
        String drive,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration uploadTimeout,
        int parallelism,
        int maxAttempts,
        Duration backoffBase,
        Duration maxBackoff,
        long inlineLimit,
        ProxySelector proxy,
        Path uploadStateDir,
        long downloadPartSize,
        int downloadParallelism) {

    /** Environment variable with the API base URL. */
    public static final String ENV_URL = "CLOUD_FILES_URL";
    /** Environment variable with the API key. */
    public static final String ENV_KEY = "CLOUD_FILES_KEY";
    /** Environment variable with the drive name. */
    public static final String ENV_DRIVE = "CLOUD_FILES_DRIVE";
    /** Environment variable with the directory of resume state ({@link #uploadStateDir()}); optional. */
    public static final String ENV_STATE_DIR = "CLOUD_FILES_STATE_DIR";
    /** API.md's inline put limit: 4 MiB. */
    public static final long DEFAULT_INLINE_LIMIT = 4L * 1024 * 1024;
    /** The default range size of a parallel download: 8 MiB, boto3's {@code TransferConfig} default. */
    public static final long DEFAULT_DOWNLOAD_PART_SIZE = 8L * 1024 * 1024;
    /** The smallest range size a download may be configured with. */
    public static final long MIN_DOWNLOAD_PART_SIZE = 1024 * 1024;

    /** Checks every field; see the builder for the defaults. */
    public CloudDriveConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an absolute http(s) URL, got " + endpoint);
        }
        if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        int underscore = apiKey.indexOf('_');
        if (underscore <= 0) throw new IllegalArgumentException("an API key looks like {project_id}_{secret}");
        if (drive == null || !drive.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(
                    "drive name must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-', got " + drive);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(uploadTimeout, "uploadTimeout");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (inlineLimit < 1) throw new IllegalArgumentException("inlineLimit must be positive");
        if (downloadPartSize < MIN_DOWNLOAD_PART_SIZE || downloadPartSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("downloadPartSize must be between 1 MiB and 2 GiB");
        }
        if (downloadParallelism < 1) throw new IllegalArgumentException("downloadParallelism must be at least 1");
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
        return "CloudDriveConfig[endpoint=" + endpoint + ", project=" + project() + ", drive=" + drive + "]";
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .endpoint(endpoint)
                .apiKey(apiKey)
                .drive(drive)
                .connectTimeout(connectTimeout)
                .socketTimeout(socketTimeout)
                .uploadTimeout(uploadTimeout)
                .parallelism(parallelism)
                .maxAttempts(maxAttempts)
                .backoffBase(backoffBase)
                .maxBackoff(maxBackoff)
                .inlineLimit(inlineLimit)
                .proxy(proxy)
                .uploadStateDir(uploadStateDir)
                .downloadPartSize(downloadPartSize)
                .downloadParallelism(downloadParallelism);
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

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private URI endpoint;
        private String apiKey;
        private String drive;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(60);
        private Duration uploadTimeout = Duration.ofMinutes(10);
        private int parallelism = 4;
        private int maxAttempts = 4;
        private Duration backoffBase = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private long inlineLimit = DEFAULT_INLINE_LIMIT;
        private ProxySelector proxy;
        private Path uploadStateDir;
        private long downloadPartSize = DEFAULT_DOWNLOAD_PART_SIZE;
        private int downloadParallelism = 8;

        private Builder() {}

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

        /** Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Default 60 s. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = timeout;
            return this;
        }

        /** Default 10 min. */
        public Builder uploadTimeout(Duration timeout) {
            this.uploadTimeout = timeout;
            return this;
        }

        /** Default 4 parts at once. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Default 4 attempts (1 = no retries). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Default 200 ms. */
        public Builder backoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
            return this;
        }

        /** Default 20 s; also caps how long a {@code Retry-After} is honoured. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Default 4 MiB, the server's inline limit; lower it only to force multipart uploads. */
        public Builder inlineLimit(long bytes) {
            this.inlineLimit = bytes;
            return this;
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

        /** Default 8 MiB; files of at least two ranges download in parallel ranges of this size. */
        public Builder downloadPartSize(long bytes) {
            this.downloadPartSize = bytes;
            return this;
        }

        /** Default 8 ranges at once. */
        public Builder downloadParallelism(int parallelism) {
            this.downloadParallelism = parallelism;
            return this;
        }

        /** The validated configuration. */
        public CloudDriveConfig build() {
            return new CloudDriveConfig(
                    endpoint,
                    apiKey,
                    drive,
                    connectTimeout,
                    socketTimeout,
                    uploadTimeout,
                    parallelism,
                    maxAttempts,
                    backoffBase,
                    maxBackoff,
                    inlineLimit,
                    proxy,
                    uploadStateDir,
                    downloadPartSize,
                    downloadParallelism);
        }
    }
}
