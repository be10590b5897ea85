package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.store.sweep.Sweeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scheduled sweeper (EventBridge): deletes garbage blobs past the presigned-URL lifetime,
 * ends expired uploads, and removes orphan blobs. It works while there is work and time (stopping a
 * safe margin before the function's timeout) and is idempotent, so a run that dies half-way, or
 * overlaps the next, is simply finished by it. A stream handler like the API's: the scheduler's
 * event is not read, and the report is written with jackson-core, so the runtime's POJO
 * serializer is never loaded.
 */
public final class SweeperHandler implements RequestStreamHandler {
    /** Left for the batch in hand when the budget runs out: one batch takes seconds. */
    private static final Duration SAFETY = Duration.ofSeconds(30);

    private static final Duration DEFAULT_BUDGET = Duration.ofMinutes(4);
    private static final JsonFactory JSON = new JsonFactory();
    private final Sweeper sweeper;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    public SweeperHandler() {
        this(CloudFiles.shared());
    }

    public SweeperHandler(CloudFiles app) {
        // Deletes blobs and scans for orphans; it presigns nothing.
        app.clients().willUse(Clients.OnDemand.S3);
        app.clients().willQuery(); // the queue's due work, a drive's upload sessions
        this.sweeper = app.sweeper();
    }

    /** Runs one sweep (the scheduler's event carries nothing it needs), unless the event is {@link KeepWarm}'s. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        KeepWarm.handle(input, output, context, this::serve);
    }

    private void serve(InputStream input, OutputStream output, Context context) throws IOException {
        write(sweep(context), output);
    }

    Sweeper.Report sweep(Context context) {
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

    /** The report as JSON, one field per component of {@link Sweeper.Report}, named as the record names them. */
    static void write(Sweeper.Report report, OutputStream output) throws IOException {
        try (JsonGenerator out = JSON.createGenerator(output)) {
            out.writeStartObject();
            out.writeNumberField("blobsDeleted", report.blobsDeleted());
            out.writeNumberField("blobsKept", report.blobsKept());
            out.writeNumberField("sessionsExpired", report.sessionsExpired());
            out.writeNumberField("deferred", report.deferred());
            out.writeNumberField("failures", report.failures());
            out.writeNumberField("rechecked", report.rechecked());
            out.writeNumberField("objectsScanned", report.objectsScanned());
            out.writeNumberField("orphansFound", report.orphansFound());
            out.writeBooleanField("more", report.more());
            out.writeNumberField("backlog", report.backlog());
            out.writeEndObject();
        }
    }
}
