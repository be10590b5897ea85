package dev.cloudfiles.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The one way this service logs: one JSON object per line on stdout. On Lambda (log format JSON)
 * such a line passes through as it is — Lambda does not encode JSON twice, reads its {@code level}
 * for the application log level, and CloudWatch extracts the metrics of an EMF line. The local
 * stack prints the same lines. Tests swap the {@link Sink} to read what was written.
 */
public final class JsonLog {
    /** Where lines go. Implementations must take a whole line at once (lines never interleave). */
    @FunctionalInterface
    public interface Sink {
        void line(String json);
    }

    /** stdout, looked up at each write (the Lambda runtime replaces System.out before init). */
    public static final Sink STDOUT = json -> {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        PrintStream out = System.out;
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    };

    private static volatile Sink sink = STDOUT;
    private static volatile Clock clock = Clock.systemUTC();

    private JsonLog() {}

    /** Replaces the sink; returns the one it replaced (tests put it back). */
    public static Sink sink(Sink replacement) {
        Sink previous = sink;
        sink = replacement;
        return previous;
    }

    public static void write(LogLine line) {
        String json;
        try {
            json = line.toJson(clock.instant());
        } catch (RuntimeException e) {
            json = "{\"level\":\"ERROR\",\"message\":\"log line not serialisable\"}";
        }
        sink.line(json);
    }

    /**
     * A warning of bookkeeping that no answer carries (a garbage record that failed, say): level
     * WARN, no metrics, the cause's class and message (not its trace: these are expected outages).
     */
    public static void warn(String message, String blob, Throwable cause) {
        LogLine line = LogLine.warn(message).with("blob", blob == null || blob.isEmpty() ? null : blob);
        if (cause != null) line.with("error", cause.getClass().getName() + ": " + cause.getMessage());
        line.write();
    }

    /** The whole stack trace of {@code t}, as one string (for a 5xx's {@code error} field). */
    public static String trace(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
