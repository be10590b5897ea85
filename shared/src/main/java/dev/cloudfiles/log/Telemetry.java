package dev.cloudfiles.log;

/**
 * The line of the request this thread is serving, so that code deep in the store (the key cache,
 * the garbage records, the upload bound) can add its counts to it without being handed it. A
 * Lambda container serves one request at a time; the local stack serves each on its own thread.
 * Outside a request (the sweeper, tools, tests) every call here does nothing.
 */
public final class Telemetry {
    private static final ThreadLocal<LogLine> CURRENT = new ThreadLocal<>();

    private Telemetry() {}

    public static void attach(LogLine line) {
        CURRENT.set(line);
    }

    public static void detach() {
        CURRENT.remove();
    }

    public static void count(String metric, long delta) {
        LogLine line = CURRENT.get();
        if (line != null) line.add(metric, delta);
    }

    public static void max(String metric, double value) {
        LogLine line = CURRENT.get();
        if (line != null) line.max(metric, value);
    }
}
