package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The client's HTTP layer: one JDK {@link HttpClient} (HTTP/1.1, redirects never followed, so no
 * header is ever forwarded to another host), retries with jittered exponential backoff that
 * honours {@code Retry-After}, and the mapping of error answers to typed exceptions.
 */
final class Transport {
    /** Which failures are worth another attempt. */
    enum Retry {
        /**
         * Calls of the API: 429, 502, 503, 504, 409 {@code file_busy} and connection failures. Not a timeout (the caller
         * chose it; retrying would multiply it) and not a 500 (a bug answers the same again).
         */
        API,
        /** Presigned part uploads: 429, any 5xx and any I/O failure, timeouts included. */
        PART,
        /**
         * The commit or abort of an upload: as {@link #API}, and a 409 {@code upload_busy} (another
         * commit or abort of the session is running, e.g. an earlier attempt of this one).
         */
        COMMIT
    }

    /** The JDK HTTP client's read buffer that {@link #READ_BUFFER_PROPERTY} gets unless it is set: 256 KiB. */
    static final String READ_BUFFER = Integer.toString(256 * 1024);

    /**
     * The JDK's system property for the HTTP client's read buffer (default 16 KiB). With 16 KiB a
     * large download cost the client about three times the CPU per byte of 256 KiB, and on a busy
     * machine 1.5× boto3's time instead of 0.5× (bench/README.md, TransferBench). The JDK reads it
     * once, when its first HTTP client is built, so a program that set it, or built an HTTP client
     * before its first {@link CloudDrive}, keeps its own value.
     */
    static final String READ_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static {
        if (System.getProperty(READ_BUFFER_PROPERTY) == null) System.setProperty(READ_BUFFER_PROPERTY, READ_BUFFER);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** The type file bytes travel under: binary, so API Gateway passes them base64, byte for byte. */
    static final String BYTES = "application/octet-stream";

    final CloudDriveConfig config;
    final HttpClient http;
    private final String driveBase;

    Transport(CloudDriveConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeouts().connect());
        if (config.proxy() != null) builder.proxy(config.proxy());
        this.http = builder.build();
        this.driveBase = config.driveUri().toString();
    }

    /** A URI under the drive's base, e.g. {@code /files?name=...}. */
    URI api(String pathAndQuery) {
        return URI.create(driveBase + pathAndQuery);
    }

    /** Query-string encoding: {@code +} becomes {@code %2B}, a space {@code +} (which the API reads as a space). */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request to the API, with the key. */
    HttpRequest.Builder apiRequest(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("X-Api-Key", config.identity().apiKey());
    }

    /**
     * Sends the request {@code request} builds (afresh per attempt), retrying what {@code retry}
     * allows up to {@link CloudDriveConfig.RetryPolicy#maxAttempts()} times; returns the last answer whatever its
     * status (a 429/503 left after the last attempt included).
     */
    <T> HttpResponse<T> send(
            Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> handler, Retry retry, String what) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= config.retry().maxAttempts();
            HttpResponse<T> response;
            HttpRequest built = request.get();
            try {
                response = http.send(built, handler);
            } catch (HttpConnectTimeoutException e) {
                if (last)
                    throw new RequestTimeoutException(
                            what + ": could not connect within "
                                    + config.timeouts().connect(),
                            e);
                pause(attempt, Optional.empty());
                continue;
            } catch (HttpTimeoutException e) {
                if (last || retry == Retry.API) throw new RequestTimeoutException(what + ": no answer in time", e);
                pause(attempt, Optional.empty());
                continue;
            } catch (IOException e) {
                if (last) throw new TransportException(what + ": " + describe(e, built.uri()), e);
                pause(attempt, Optional.empty());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(what + ": interrupted", e);
            }
            if (!last && retryable(response, retry)) {
                discard(response);
                pause(attempt, response.headers().firstValue("Retry-After"));
                continue;
            }
            return response;
        }
    }

    private static boolean retryable(HttpResponse<?> response, Retry retry) {
        int status = response.statusCode();
        if (status == 429 || status == 502 || status == 503 || status == 504) return true;
        // a move of the file is in flight (it takes milliseconds): any write may wait it out
        if (status == 409
                && response.body() instanceof byte[] body
                && ErrorBody.parse(body).is(ErrorBody.FILE_BUSY)) return true;
        return switch (retry) {
            case API -> false;
            case PART -> status >= 500;
            case COMMIT ->
                status == 409
                        && response.body() instanceof byte[] body
                        && ErrorBody.parse(body).is(ErrorBody.UPLOAD_BUSY);
        };
    }

    /** Sleeps the backoff of {@code attempt} (1-based), or the {@code Retry-After}, capped at maxBackoff. */
    void pause(int attempt, Optional<String> retryAfter) {
        long millis = backoffMillis(
                attempt, retryAfter.flatMap(Transport::retryAfterMillis).orElse(0L));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while backing off", e);
        }
    }

    /** Equal jitter: between half and all of base × 2^(attempt-1); at least the server's Retry-After; at most maxBackoff. */
    long backoffMillis(int attempt, long retryAfterMillis) {
        long cap = config.retry().maxBackoff().toMillis();
        long exp = config.retry().backoffBase().toMillis() << Math.min(attempt - 1, 20);
        exp = Math.max(0, Math.min(exp, cap));
        long jittered = exp / 2 + (exp > 1 ? ThreadLocalRandom.current().nextLong(exp - exp / 2 + 1) : exp);
        return Math.min(cap, Math.max(jittered, retryAfterMillis));
    }

    /** {@code Retry-After} as seconds or as an HTTP-date. */
    static Optional<Long> retryAfterMillis(String value) {
        String v = value.trim();
        try {
            return Optional.of(Math.max(0, Long.parseLong(v)) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(
                        Math.max(0, Duration.between(Instant.now(), at).toMillis()));
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing more to read anyway
            }
        }
    }

    /**
     * The typed exception for a failed answer: by its status, and where one status has several
     * meanings, by the body's {@code code}. Without a code (an older server, S3, a gateway) the
     * status alone decides: a 400 is then a {@link BadRequestException}.
     */
    static CloudFilesException failure(int status, byte[] body, HttpHeaders headers, String what) {
        ErrorBody parsed = ErrorBody.parse(body);
        ErrorBody error = parsed.requestId() != null
                ? parsed
                : new ErrorBody(
                        parsed.code(),
                        parsed.errors(),
                        headers.firstValue("apigw-requestid").orElse(null));
        String message =
                what + ": HTTP " + status + (error.errors().isEmpty() ? "" : ": " + String.join("; ", error.errors()))
                        + (error.requestId() != null && status >= 500 ? " (request " + error.requestId() + ")" : "");
        return switch (status) {
            case 400 ->
                error.is(ErrorBody.INVALID_NAME)
                        ? new InvalidNameException(status, message, error, null)
                        : error.is(ErrorBody.DIGEST_MISMATCH)
                                ? new DigestMismatchException(status, message, error, null)
                                : new BadRequestException(status, message, error, null);
            case 401 -> new UnauthorizedException(status, message, error, null);
            case 403 -> new ForbiddenException(status, message, error, null);
            case 404 -> new NotFoundException(status, message, error, null);
            // still busy after every attempt (Retry.COMMIT), like a 503
            case 409 ->
                error.is(ErrorBody.UPLOAD_BUSY) || error.is(ErrorBody.FILE_BUSY)
                        ? new ThrottledException(status, message, error, null)
                        : new BadRequestException(status, message, error, null);
            case 412 -> new PreconditionFailedException(status, message, error, null);
            case 413 -> new TooLargeException(status, message, error, null);
            case 429, 503 -> new ThrottledException(status, message, error, null);
            default ->
                status >= 500
                        ? new ServerException(status, message, error, null)
                        : new BadRequestException(status, message, error, null);
        };
    }

    static CloudFilesException failure(HttpResponse<byte[]> response, String what) {
        return failure(response.statusCode(), response.body(), response.headers(), what);
    }

    /** The JSON body of a successful answer. */
    /**
     * An API call that answers 200 with JSON: sends what {@code request} builds (as {@link #send}
     * does, retrying what the API allows) and returns the parsed body; anything else is thrown.
     */
    JsonNode callForJson(Supplier<HttpRequest> request, String what) {
        HttpResponse<byte[]> r = send(request, HttpResponse.BodyHandlers.ofByteArray(), Retry.API, what);
        if (r.statusCode() != 200) throw failure(r, what);
        return json(r, what);
    }

    static JsonNode json(HttpResponse<byte[]> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ServerException(response.statusCode(), what + ": the answer is not JSON", ErrorBody.NONE, e);
        }
    }

    /** As {@link #describe(IOException)}; a refused connection names the server and what may be wrong. */
    static String describe(IOException e, URI target) {
        if (!(e instanceof ConnectException)) return describe(e);
        String server = target.getScheme() + "://" + target.getRawAuthority();
        return "cannot connect to " + server + " (connection refused): is the server running and CLOUD_FILES_URL right?"
                + (target.getHost().equals("127.0.0.1") || target.getHost().equals("localhost")
                        ? " The local stack starts with `make run`."
                        : "");
    }

    static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Metadata of a file from the API's JSON ({@code name,size,content_type,etag,last_modified[,sha256]}). */
    static FileInfo fileInfo(JsonNode json, String fallbackName) {
        String name = text(json, "name");
        String modified = text(json, "last_modified");
        return new FileInfo(
                name != null ? name : fallbackName,
                json.path("size").asLong(-1),
                text(json, "content_type"),
                text(json, "etag"),
                modified == null ? null : Instant.parse(modified),
                text(json, "sha256"));
    }

    static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
