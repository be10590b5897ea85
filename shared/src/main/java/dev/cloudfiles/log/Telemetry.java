package dev.cloudfiles.log;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line of the request this thread is serving, so that code deep in the store (the key cache,
 * the garbage records, the upload bound) can add its counts to it without being handed it. A
 * Lambda container serves one request at a time; the local stack serves each on its own thread.
 * Work a request hands to a pool counts into the same line when the pool is {@link #carriedBy
 * carried}: each task runs with the line of the thread that submitted it. Outside a request (the
 * sweeper, tools, tests) every call here does nothing.
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

    /**
     * {@code task}, run with the line of the thread calling this (if any) and then with the running
     * thread's own again: a pool thread serves many requests and must not keep one's line.
     */
    public static Runnable carried(Runnable task) {
        LogLine line = CURRENT.get();
        return () -> {
            LogLine own = CURRENT.get();
            set(line);
            try {
                task.run();
            } finally {
                set(own);
            }
        };
    }

    /** {@code pool}, whose every task is {@link #carried}: it counts into its submitter's request. */
    public static ExecutorService carriedBy(ExecutorService pool) {
        return new Carrying(pool);
    }

    private static void set(LogLine line) {
        if (line == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(line);
        }
    }

    /** submit, invokeAll and the rest all end in {@link #execute}, which carries the line. */
    private static final class Carrying extends AbstractExecutorService {
        private final ExecutorService pool;

        Carrying(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(carried(task));
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
