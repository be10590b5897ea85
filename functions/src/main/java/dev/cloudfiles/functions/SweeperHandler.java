package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.store.Sweeper;
import java.time.Duration;
import java.util.Map;

/**
 * The scheduled sweeper (EventBridge): deletes garbage blobs past the presigned-URL lifetime,
 * ends expired uploads, and removes orphan blobs. It works while there is work and time (stopping a
 * safe margin before the function's timeout) and is idempotent, so a run that dies half-way, or
 * overlaps the next, is simply finished by it.
 */
public final class SweeperHandler implements RequestHandler<Map<String, Object>, Sweeper.Report> {
    /** Left for the batch in hand when the budget runs out: one batch takes seconds. */
    private static final Duration SAFETY = Duration.ofSeconds(30);

    private static final Duration DEFAULT_BUDGET = Duration.ofMinutes(4);
    private final Sweeper sweeper;
    private final java.util.concurrent.atomic.AtomicBoolean cold = new java.util.concurrent.atomic.AtomicBoolean(true);

    public SweeperHandler() {
        this(CloudFiles.shared());
    }

    public SweeperHandler(CloudFiles app) {
        this.sweeper = app.sweeper();
    }

    @Override
    public Sweeper.Report handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Duration budget = context == null
                ? DEFAULT_BUDGET
                : Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - SAFETY.toMillis()));
        Sweeper.Report report = sweeper.sweep(budget);
        report.logLine()
                .with("function", context == null ? null : context.getFunctionName())
                .with("function_version", context == null ? null : context.getFunctionVersion())
                .with("cold_start", cold.getAndSet(false))
                .with("lambda_request_id", context == null ? null : context.getAwsRequestId())
                .write();
        return report;
    }
}
