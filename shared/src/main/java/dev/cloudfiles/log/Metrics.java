package dev.cloudfiles.log;

import java.util.List;

/**
 * Every metric name this service emits (namespace {@value LogLine#NAMESPACE}); template.yaml's
 * alarms and dashboard use these names, and a test checks that they exist here.
 */
public final class Metrics {
    private Metrics() {}

    /** Dimension key of the per-route metrics (the API Gateway route key, or {@code $default}). */
    public static final String ROUTE = "Route";

    // per request (dimension sets [Route] and [])
    public static final String REQUESTS = "Requests";
    public static final String ERRORS_4XX = "Errors4xx";
    public static final String ERRORS_5XX = "Errors5xx";
    public static final String LATENCY = "Latency";
    public static final String BYTES_IN = "BytesIn";
    public static final String BYTES_OUT = "BytesOut";
    public static final String KEY_CACHE_HITS = "KeyCacheHits";
    public static final String KEY_CACHE_MISSES = "KeyCacheMisses";
    public static final String GARBAGE_RECORD_FAILURES = "GarbageRecordFailures";
    public static final String UPLOADS_STARTED = "UploadsStarted";
    public static final String UPLOADS_COMMITTED = "UploadsCommitted";
    public static final String UPLOADS_ABORTED = "UploadsAborted";
    /** Open sessions the drive had when an upload started (Maximum: how near the per-drive bound). */
    public static final String OPEN_UPLOADS_IN_DRIVE = "OpenUploadsInDrive";

    // per sweeper run (dimension set [])
    public static final String BLOBS_DELETED = "BlobsDeleted";
    public static final String BLOBS_KEPT = "BlobsKept";
    public static final String SESSIONS_EXPIRED = "SessionsExpired";
    public static final String DEFERRED = "Deferred";
    public static final String FAILURES = "Failures";
    public static final String RECHECKED = "Rechecked";
    public static final String ORPHANS_FOUND = "OrphansFound";
    public static final String BACKLOG = "Backlog";

    public static final List<String> ALL = List.of(
            REQUESTS,
            ERRORS_4XX,
            ERRORS_5XX,
            LATENCY,
            BYTES_IN,
            BYTES_OUT,
            KEY_CACHE_HITS,
            KEY_CACHE_MISSES,
            GARBAGE_RECORD_FAILURES,
            UPLOADS_STARTED,
            UPLOADS_COMMITTED,
            UPLOADS_ABORTED,
            OPEN_UPLOADS_IN_DRIVE,
            BLOBS_DELETED,
            BLOBS_KEPT,
            SESSIONS_EXPIRED,
            DEFERRED,
            FAILURES,
            RECHECKED,
            ORPHANS_FOUND,
            BACKLOG);
}
