package dev.cloudfiles.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function needs to know about its deployment, read once from environment variables.
 * Endpoint overrides and endpoint credentials exist only for the local stack and {@code sam local invoke}.
 */
public record Config(
        String region,
        String table,
        String bucket,
        Optional<URI> s3Endpoint,
        Optional<URI> dynamoEndpoint,
        Optional<EndpointCredentials> endpointCredentials,
        long maxInlineUploadBytes,
        long maxInlineDownloadBytes,
        Duration presignTtl,
        Duration keyCacheTtl,
        Duration uploadTtl,
        int sweepBatch,
        int sweepThreads,
        int maxOpenUploads) {

    public static final String REGION = "AWS_REGION";
    public static final String TABLE = "CLOUD_FILES_TABLE";
    public static final String BUCKET = "CLOUD_FILES_BUCKET";
    public static final String S3_ENDPOINT = "CLOUD_FILES_S3_ENDPOINT";
    public static final String DYNAMODB_ENDPOINT = "CLOUD_FILES_DYNAMODB_ENDPOINT";
    public static final String ENDPOINT_ACCESS_KEY = "CLOUD_FILES_ENDPOINT_ACCESS_KEY";
    public static final String ENDPOINT_SECRET_KEY = "CLOUD_FILES_ENDPOINT_SECRET_KEY";
    public static final String MAX_INLINE_UPLOAD = "CLOUD_FILES_MAX_INLINE_UPLOAD_BYTES";
    public static final String MAX_INLINE_DOWNLOAD = "CLOUD_FILES_MAX_INLINE_DOWNLOAD_BYTES";
    public static final String PRESIGN_TTL = "CLOUD_FILES_PRESIGN_TTL_SECONDS";
    public static final String KEY_CACHE_TTL = "CLOUD_FILES_KEY_CACHE_SECONDS";
    public static final String UPLOAD_TTL = "CLOUD_FILES_UPLOAD_TTL_SECONDS";
    public static final String SWEEP_BATCH = "CLOUD_FILES_SWEEP_BATCH";
    public static final String SWEEP_THREADS = "CLOUD_FILES_SWEEP_THREADS";
    public static final String MAX_OPEN_UPLOADS = "CLOUD_FILES_MAX_OPEN_UPLOADS";

    public static final long DEFAULT_MAX_INLINE_UPLOAD = 4L * 1024 * 1024;
    public static final long DEFAULT_MAX_INLINE_DOWNLOAD = 1024L * 1024;
    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_UPLOAD_TTL = Duration.ofHours(24);
    public static final int DEFAULT_SWEEP_BATCH = 1000;
    public static final int DEFAULT_SWEEP_THREADS = 8;
    public static final int DEFAULT_MAX_OPEN_UPLOADS = 100;
    /** The most {@link #MAX_OPEN_UPLOADS} may be: {@code GET /uploads} lists them all in one answer (~300 KB). */
    public static final int MAX_MAX_OPEN_UPLOADS = 1000;
    /**
     * A presigned URL dies with the role session whose credentials signed it; one hour is the
     * default IAM role session, what {@link dev.cloudfiles.store.blobs.Signing} assumes when Lambda gives
     * credentials without their expiry. Longer would be a lifetime no URL can be promised.
     */
    public static final Duration MAX_PRESIGN_TTL = Duration.ofHours(1);

    /** Access key pair for an emulator endpoint (S3Proxy checks signatures). */
    public record EndpointCredentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "EndpointCredentials[" + accessKeyId + ", ****]";
        }
    }

    public Config {
        require(table, TABLE);
        require(bucket, BUCKET);
        if (maxInlineUploadBytes < 1) throw new IllegalArgumentException(MAX_INLINE_UPLOAD + " must be positive");
        if (maxInlineDownloadBytes < 0)
            throw new IllegalArgumentException(MAX_INLINE_DOWNLOAD + " must not be negative");
        if (presignTtl.isNegative() || presignTtl.isZero() || presignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException(PRESIGN_TTL + " must be between 1 second and 1 hour (3600 s)");
        }
        if (keyCacheTtl.isNegative()) throw new IllegalArgumentException(KEY_CACHE_TTL + " must not be negative");
        if (uploadTtl.isNegative() || uploadTtl.isZero() || uploadTtl.compareTo(Duration.ofDays(1)) > 0) {
            // the bucket's lifecycle rule aborts multipart uploads after a day, whatever the session says
            throw new IllegalArgumentException(UPLOAD_TTL + " must be between 1 second and 1 day");
        }
        if (sweepBatch < 1 || sweepBatch > 1000)
            throw new IllegalArgumentException(SWEEP_BATCH + " must be between 1 and 1000");
        if (sweepThreads < 1 || sweepThreads > 64)
            throw new IllegalArgumentException(SWEEP_THREADS + " must be between 1 and 64");
        if (maxOpenUploads < 1 || maxOpenUploads > MAX_MAX_OPEN_UPLOADS)
            // GET /uploads answers a drive's open uploads in one page: this bound keeps it small
            throw new IllegalArgumentException(MAX_OPEN_UPLOADS + " must be between 1 and " + MAX_MAX_OPEN_UPLOADS);
    }

    public static Config fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Config fromEnvironment(Map<String, String> env) {
        Optional<EndpointCredentials> credentials = Optional.empty();
        String access = blankToNull(env.get(ENDPOINT_ACCESS_KEY));
        String secret = blankToNull(env.get(ENDPOINT_SECRET_KEY));
        if (access != null && secret != null) credentials = Optional.of(new EndpointCredentials(access, secret));
        return new Config(
                Optional.ofNullable(blankToNull(env.get(REGION))).orElse("us-east-1"),
                blankToNull(env.get(TABLE)),
                blankToNull(env.get(BUCKET)),
                uri(env, S3_ENDPOINT),
                uri(env, DYNAMODB_ENDPOINT),
                credentials,
                number(env, MAX_INLINE_UPLOAD, DEFAULT_MAX_INLINE_UPLOAD),
                number(env, MAX_INLINE_DOWNLOAD, DEFAULT_MAX_INLINE_DOWNLOAD),
                Duration.ofSeconds(number(env, PRESIGN_TTL, DEFAULT_PRESIGN_TTL.toSeconds())),
                Duration.ofSeconds(number(env, KEY_CACHE_TTL, DEFAULT_KEY_CACHE_TTL.toSeconds())),
                Duration.ofSeconds(number(env, UPLOAD_TTL, DEFAULT_UPLOAD_TTL.toSeconds())),
                (int) number(env, SWEEP_BATCH, DEFAULT_SWEEP_BATCH),
                (int) number(env, SWEEP_THREADS, DEFAULT_SWEEP_THREADS),
                (int) number(env, MAX_OPEN_UPLOADS, DEFAULT_MAX_OPEN_UPLOADS));
    }

    /** The local-stack configuration: both emulators on loopback, defaults for everything else. */
    public static Config local(String table, String bucket, URI s3, URI dynamo, EndpointCredentials credentials) {
        return new Config(
                "us-east-1",
                table,
                bucket,
                Optional.of(s3),
                Optional.of(dynamo),
                Optional.of(credentials),
                DEFAULT_MAX_INLINE_UPLOAD,
                DEFAULT_MAX_INLINE_DOWNLOAD,
                DEFAULT_PRESIGN_TTL,
                DEFAULT_KEY_CACHE_TTL,
                DEFAULT_UPLOAD_TTL,
                DEFAULT_SWEEP_BATCH,
                DEFAULT_SWEEP_THREADS,
                DEFAULT_MAX_OPEN_UPLOADS);
    }

    /**
     * The environment that {@link #fromEnvironment(Map)} reads back as this configuration: what a
     * function process is given to run against the same endpoints (the runtime harness, bench/).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(REGION, region);
        env.put(TABLE, table);
        env.put(BUCKET, bucket);
        s3Endpoint.ifPresent(uri -> env.put(S3_ENDPOINT, uri.toString()));
        dynamoEndpoint.ifPresent(uri -> env.put(DYNAMODB_ENDPOINT, uri.toString()));
        endpointCredentials.ifPresent(c -> {
            env.put(ENDPOINT_ACCESS_KEY, c.accessKeyId());
            env.put(ENDPOINT_SECRET_KEY, c.secretAccessKey());
        });
        env.put(MAX_INLINE_UPLOAD, Long.toString(maxInlineUploadBytes));
        env.put(MAX_INLINE_DOWNLOAD, Long.toString(maxInlineDownloadBytes));
        env.put(PRESIGN_TTL, Long.toString(presignTtl.toSeconds()));
        env.put(KEY_CACHE_TTL, Long.toString(keyCacheTtl.toSeconds()));
        env.put(UPLOAD_TTL, Long.toString(uploadTtl.toSeconds()));
        env.put(SWEEP_BATCH, Integer.toString(sweepBatch));
        env.put(SWEEP_THREADS, Integer.toString(sweepThreads));
        env.put(MAX_OPEN_UPLOADS, Integer.toString(maxOpenUploads));
        return env;
    }

    public Config withLimits(long maxInlineUpload, long maxInlineDownload) {
        return new Config(
                region,
                table,
                bucket,
                s3Endpoint,
                dynamoEndpoint,
                endpointCredentials,
                maxInlineUpload,
                maxInlineDownload,
                presignTtl,
                keyCacheTtl,
                uploadTtl,
                sweepBatch,
                sweepThreads,
                maxOpenUploads);
    }

    public Config withMaxOpenUploads(int max) {
        return new Config(
                region,
                table,
                bucket,
                s3Endpoint,
                dynamoEndpoint,
                endpointCredentials,
                maxInlineUploadBytes,
                maxInlineDownloadBytes,
                presignTtl,
                keyCacheTtl,
                uploadTtl,
                sweepBatch,
                sweepThreads,
                max);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is not set");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Optional<URI> uri(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) return Optional.empty();
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException();
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not an absolute URL: " + value);
        }
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) return fallback;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value);
        }
    }
}
