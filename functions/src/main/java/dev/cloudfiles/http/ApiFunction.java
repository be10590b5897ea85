package dev.cloudfiles.http;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.auth.ApiKey;
import dev.cloudfiles.auth.AuthException;
import dev.cloudfiles.auth.Authenticator;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.DriveName;
import dev.cloudfiles.names.InvalidNameException;
import dev.cloudfiles.names.ProjectId;
import dev.cloudfiles.store.StoreException;
import dev.cloudfiles.store.TooLateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The path every API request takes: authenticate, resolve the drive, authorise, run the endpoint,
 * and turn every outcome into a JSON answer. Nothing a caller sees carries exception text; a 5xx
 * carries the request id, and the request's one log line ({@link RequestLog}) carries the rest.
 */
public final class ApiFunction {
    private final Authenticator authenticator;
    private final Map<String, Endpoint> endpoints;
    /** Whether the next request is this container's first (this instance is the container's one). */
    private final java.util.concurrent.atomic.AtomicBoolean cold = new java.util.concurrent.atomic.AtomicBoolean(true);

    /**
     * @param endpoints by API Gateway route key ({@link Routes}): the {@code endpoints()} of each
     *     endpoint class the function serves; a route key may appear only once
     */
    @SafeVarargs
    public ApiFunction(Authenticator authenticator, Map<String, Endpoint>... endpoints) {
        this.authenticator = authenticator;
        Map<String, Endpoint> all = new HashMap<>();
        for (Map<String, Endpoint> group : endpoints) {
            group.forEach((route, endpoint) -> {
                if (all.putIfAbsent(route, endpoint) != null) {
                    throw new IllegalArgumentException("route served twice: " + route);
                }
            });
        }
        this.endpoints = Map.copyOf(all);
    }

    /** The route keys this function serves: what template.yaml must route to it. */
    public Set<String> routes() {
        return endpoints.keySet();
    }

    /**
     * A {@code RequestStreamHandler}'s work: the payload-2.0 event's JSON in, the response's JSON
     * out ({@link PayloadV2}). An input that is not a JSON object is not an API Gateway event: it
     * fails the invocation (IOException) and leaves no request line.
     */
    public void handle(InputStream input, OutputStream output, Context context) throws IOException {
        PayloadV2.write(handle(PayloadV2.read(input), context), output);
    }

    /** Every request writes exactly one {@link RequestLog} line, whatever happens. */
    public ApiResponse handle(ApiRequest request, Context context) {
        String requestId = requestId(request, context);
        RequestLog log = RequestLog.start(request, context, requestId, cold.getAndSet(false), true);
        ApiResponse response = null;
        Throwable failure = null;
        try {
            response = serve(request, requestId);
        } catch (RuntimeException e) {
            response = failure(e, requestId);
            if (response.status() >= 500) failure = e;
        } catch (Error e) {
            failure = e;
            throw e;
        } finally {
            log.finish(response, failure);
        }
        return response;
    }

    private ApiResponse serve(ApiRequest request, String requestId) {
        Endpoint endpoint = endpoints.get(request.routeKey());
        if (endpoint == null) return Routes.unmatched(request.method(), request.rawPath(), requestId);
        ApiKey key = authenticator.identify(request.header("x-api-key").orElse(null));
        Drive drive = drive(request);
        Authenticator.check(key, drive, endpoint.access());
        return endpoint.handle(request, drive);
    }

    /**
     * Maps an exception to its documented answer; anything unexpected is a 500. What went wrong is
     * logged once, by {@link #handle}'s request line (the stack trace of every 5xx).
     */
    public static ApiResponse failure(RuntimeException e, String requestId) {
        if (e instanceof ApiException api)
            return ApiResponse.error(api.error(), api.getMessage(), requestId, api.headers());
        if (e instanceof AuthException auth) {
            return ApiResponse.error(
                    auth.forbidden() ? ApiError.FORBIDDEN : ApiError.UNAUTHORIZED,
                    auth.getMessage(),
                    requestId,
                    Map.of());
        }
        if (e instanceof InvalidNameException invalid)
            return ApiResponse.error(ApiError.INVALID_NAME, invalid.getMessage(), requestId, Map.of());
        if (e instanceof StoreException refused) return refused(refused, requestId);
        if (isUnavailable(e)) return unavailable(requestId);
        return ApiResponse.error(ApiError.INTERNAL, "internal error", requestId, Map.of());
    }

    /**
     * The one mapping of the store's refusals to answers: exhaustive, so a new {@link
     * StoreException.Code} does not compile until it has its answer here.
     */
    private static ApiResponse refused(StoreException e, String requestId) {
        return switch (e.code()) {
            case UPLOAD_NOT_FOUND -> ApiResponse.error(ApiError.NOT_FOUND, e.getMessage(), requestId, Map.of());
            case UPLOAD_INVALID -> ApiResponse.error(ApiError.BAD_REQUEST, e.getMessage(), requestId, Map.of());
            case UPLOAD_INCOMPLETE ->
                ApiResponse.error(ApiError.UPLOAD_INCOMPLETE, e.getMessage(), requestId, Map.of());
            case UPLOAD_BUSY -> ApiResponse.error(ApiError.UPLOAD_BUSY, e.getMessage(), requestId, Map.of());
            case TOO_MANY_UPLOADS -> ApiResponse.error(ApiError.TOO_MANY_UPLOADS, e.getMessage(), requestId, Map.of());
            case UPLOAD_COMMITTED -> ApiResponse.error(ApiError.CONFLICT, e.getMessage(), requestId, Map.of());
            case DIGEST_MISMATCH -> ApiResponse.error(ApiError.DIGEST_MISMATCH, e.getMessage(), requestId, Map.of());
            case FILE_BUSY ->
                ApiResponse.error(ApiError.FILE_BUSY, e.getMessage(), requestId, Map.of("Retry-After", "1"));
            case TOO_MANY_COPIES -> ApiResponse.error(ApiError.TOO_MANY_COPIES, e.getMessage(), requestId, Map.of());
            case PRECONDITION_FAILED ->
                ApiResponse.error(ApiError.PRECONDITION_FAILED, e.getMessage(), requestId, Map.of());
            // Nothing was written and a retry may well land: the same answer as an outage.
            case TOO_LATE -> unavailable(requestId);
        };
    }

    private static ApiResponse unavailable(String requestId) {
        return ApiResponse.error(
                ApiError.UNAVAILABLE, "the service is busy; try again shortly", requestId, Map.of("Retry-After", "1"));
    }

    /**
     * S3 or DynamoDB throttled us, failed on their side (a batch read left unprocessed through
     * every retry among them), or could not be reached: the caller may
     * retry, and nothing is half-written (see FileStore), so this is a 503, not a bug's 500.
     */
    public static boolean isUnavailable(Throwable e) {
        if (e instanceof AwsServiceException aws) {
            return aws.isThrottlingException()
                    || aws.statusCode() >= 500
                    || aws.awsErrorDetails() != null
                            && RETRYABLE_CODES.contains(aws.awsErrorDetails().errorCode());
        }
        return e instanceof SdkClientException
                || e instanceof TooLateException
                || e instanceof dev.cloudfiles.store.table.BatchRetry.IncompleteException;
    }

    /**
     * Error codes that mean "try again", whatever the status: S3 reports some failures of
     * CompleteMultipartUpload inside a 200 answer, and the SDK then raises them with status 200.
     */
    private static final java.util.Set<String> RETRYABLE_CODES = java.util.Set.of(
            "InternalError",
            "SlowDown",
            "ServiceUnavailable",
            "RequestTimeout",
            "RequestTimeoutException",
            "ThrottlingException",
            "ProvisionedThroughputExceededException",
            "RequestLimitExceeded");

    private static Drive drive(ApiRequest request) {
        String project = request.pathParameter("project_id").orElse("");
        String drive = request.pathParameter("drive_name").orElse("");
        if (!ProjectId.isValid(project)) throw ApiError.BAD_REQUEST.exception("invalid project id in the path");
        if (!DriveName.isValid(drive)) {
            throw ApiError.BAD_REQUEST.exception(
                    "invalid drive name: use 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return new Drive(new ProjectId(project), new DriveName(drive));
    }

    /** The id API Gateway gave the request (what its access log shows), else Lambda's. */
    public static String requestId(ApiRequest request, Context context) {
        if (request != null && request.requestId() != null) return request.requestId();
        return context == null || context.getAwsRequestId() == null ? "" : context.getAwsRequestId();
    }
}
