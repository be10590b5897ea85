package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.store.Sweeper;
import java.util.Map;

/**
 * The scheduled sweeper (EventBridge): deletes garbage blobs past the presigned-URL lifetime,
 * aborts expired uploads, and removes orphan blobs. Bounded per run and idempotent, so a run that
 * dies half-way is simply finished by the next one.
 */
public final class SweeperHandler implements RequestHandler<Map<String, Object>, Sweeper.Report> {
    private final Sweeper sweeper;

    public SweeperHandler() {
        this(CloudFiles.shared());
    }

    public SweeperHandler(CloudFiles app) {
        this.sweeper = app.sweeper();
    }

    @Override
    public Sweeper.Report handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Sweeper.Report report = sweeper.sweep();
        String line = "sweep: " + report;
        if (context != null && context.getLogger() != null) context.getLogger().log(line);
        else System.out.println(line);
        return report;
    }
}
