package dev.cloudfiles.http;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.log.LogLine;
import dev.cloudfiles.log.Metrics;
import dev.cloudfiles.log.Telemetry;
import dev.cloudfiles.names.DriveName;
import dev.cloudfiles.names.ProjectId;
import java.util.Map;
import java.util.Set;

/**
 * The one line a request leaves: what was asked (route, method, project, drive, bytes in), what
 * was answered (status, error code, bytes out, duration), which container answered (function,
 * version, cold start), the ids that find it again (API Gateway's request id, which the access
 * log and a 5xx body carry; Lambda's; X-Ray's), and its metrics as an EMF document. A 5xx carries
 * the stack trace in {@code error}; nothing else ever carries exception text. Never written: the
 * API key, headers, the query string (a name), bodies, presigned URLs.
 */
public final class RequestLog {
    private static final Set<String> UPLOAD_ROUTES = Set.of(
            Routes.START_UPLOAD, Routes.UPLOAD_PART, Routes.UPLOAD_URLS, Routes.COMMIT_UPLOAD, Routes.ABORT_UPLOAD);
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final LogLine line;
    private final String route;
    private final long startedNanos;

    private RequestLog(LogLine line, String route, long startedNanos) {
        this.line = line;
        this.route = route;
        this.startedNanos = startedNanos;
    }

    /** Starts the request's line and makes it the thread's current one ({@link Telemetry}). */
    public static RequestLog start(
            ApiRequest request, Context context, String requestId, boolean coldStart, boolean authenticates) {
        long started = System.nanoTime();
        String routeKey = request == null || request.routeKey() == null ? "$default" : request.routeKey();
        String route = Routes.ALL.contains(routeKey) ? routeKey : "$default"; // bounded: the dimension's values
        Map<String, String> path = request == null ? null : request.pathParameters();
        LogLine line = LogLine.info("request")
                .with("request_id", requestId)
                .with(Metrics.ROUTE, route)
                .with("method", request == null ? null : printable(request.method()))
                .with("project", valid(path, "project_id", true))
                .with("drive", valid(path, "drive_name", false))
                .with("function", context == null ? null : context.getFunctionName())
                .with("function_version", context == null ? null : context.getFunctionVersion())
                .with("cold_start", coldStart)
                .with("lambda_request_id", context == null ? null : context.getAwsRequestId())
                .with("xray_trace_id", traceId())
                .dimensions(Metrics.ROUTE)
                .dimensions();
        line.add(Metrics.REQUESTS, 1);
        if (authenticates) {
            line.add(Metrics.KEY_CACHE_HITS, 0)
                    .add(Metrics.KEY_CACHE_MISSES, 0)
                    .add(Metrics.GARBAGE_RECORD_FAILURES, 0);
        }
        if (UPLOAD_ROUTES.contains(route)) {
            line.add(Metrics.UPLOADS_STARTED, 0)
                    .add(Metrics.UPLOADS_COMMITTED, 0)
                    .add(Metrics.UPLOADS_ABORTED, 0);
        }
        line.metric(Metrics.BYTES_IN, LogLine.Unit.BYTES, bodyBytes(request));
        Telemetry.attach(line);
        return new RequestLog(line, route, started);
    }

    /**
     * Ends the request and writes its line. {@code response} is what is answered (null when a
     * {@link Error} escaped: the caller sees Lambda's 500); {@code failure} the exception behind a 5xx.
     */
    public void finish(ApiResponse response, Throwable failure) {
        Telemetry.detach();
        double ms = Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
        int status = response == null ? 500 : response.status();
        String code = response == null ? ApiError.INTERNAL.code() : response.code();
        long bytesOut = response == null ? 0 : response.body().length;
        line.with("status", status)
                .with("code", code)
                .with("duration_ms", ms)
                .with("bytes_in", (long) line.metricValue(Metrics.BYTES_IN))
                .with("bytes_out", bytesOut);
        double hits = line.metricValue(Metrics.KEY_CACHE_HITS);
        double misses = line.metricValue(Metrics.KEY_CACHE_MISSES);
        if (hits > 0) line.with("key_cache", "hit");
        else if (misses > 0) line.with("key_cache", "miss");
        line.metric(Metrics.LATENCY, LogLine.Unit.MILLISECONDS, ms)
                .metric(Metrics.BYTES_OUT, LogLine.Unit.BYTES, bytesOut)
                .add(Metrics.ERRORS_4XX, status >= 400 && status < 500 ? 1 : 0)
                .add(Metrics.ERRORS_5XX, status >= 500 ? 1 : 0);
        if (route.equals(Routes.START_UPLOAD) && status == 202) line.add(Metrics.UPLOADS_STARTED, 1);
        if (route.equals(Routes.COMMIT_UPLOAD) && status == 200) line.add(Metrics.UPLOADS_COMMITTED, 1);
        if (route.equals(Routes.ABORT_UPLOAD) && status == 200) line.add(Metrics.UPLOADS_ABORTED, 1);
        if (status >= 500) {
            line.level("ERROR"); // kept even at LogLevel ERROR
            if (failure != null) line.with("error", JsonLog.trace(failure));
        }
        line.write();
    }

    /** A project or drive from the path, only when it is a valid one (no caller-chosen text in logs). */
    private static String valid(Map<String, String> path, String name, boolean project) {
        String v = path == null ? null : path.get(name);
        if (v == null) return null;
        return (project ? ProjectId.isValid(v) : DriveName.isValid(v)) ? v : null;
    }

    private static String printable(String method) {
        if (method == null) return null;
        return method.length() <= 16 && method.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? method : "?";
    }

    /** The body's size in bytes, without decoding it again. */
    static long bodyBytes(ApiRequest request) {
        String body = request == null ? null : request.rawBody();
        if (body == null) return 0;
        if (request.isBase64Encoded()) {
            int padding = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
            return Math.max(0, (long) body.length() / 4 * 3 - padding);
        }
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else bytes += 3;
        }
        return bytes;
    }

    /** The X-Ray trace's root id, which Lambda hands the runtime per invocation when tracing is on. */
    private static String traceId() {
        String header = System.getProperty(TRACE_PROPERTY);
        if (header == null) return null;
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) return part.substring(5);
        }
        return null;
    }
}
