package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keep-warm event: template.yaml's KeepWarm schedules send it to every function's {@code live}
 * alias once a day, because a SnapStart version that is not invoked for 14 days becomes inactive and
 * its next invoke fails (SnapStartNotReadyException, a 5xx through API Gateway). Every handler
 * answers it here, before reading anything else: no store, no log line, no metric.
 */
public final class KeepWarm {
    /** The schedules' input, byte for byte (template.yaml, Globals and every KeepWarm event). */
    public static final String EVENT = "{\"cloudfiles\":\"keep-warm\"}";

    /** What a keep-warm invoke answers. */
    public static final String ANSWER = "{\"keepWarm\":true}";

    private static final byte[] EVENT_BYTES = EVENT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER_BYTES = ANSWER.getBytes(StandardCharsets.UTF_8);

    private KeepWarm() {}

    /**
     * Answers the keep-warm event, or hands every other event to {@code handler} unchanged. Reads at
     * most one byte more than the event's length before deciding: an API Gateway event (which starts
     * {@code {"version":"2.0"}) or the sweeper's never matches.
     */
    public static void handle(InputStream input, OutputStream output, Context context, RequestStreamHandler handler)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(input, EVENT_BYTES.length + 1);
        in.mark(EVENT_BYTES.length + 1);
        if (Arrays.equals(in.readNBytes(EVENT_BYTES.length + 1), EVENT_BYTES)) {
            output.write(ANSWER_BYTES);
            return;
        }
        in.reset();
        handler.handleRequest(in, output, context);
    }
}
