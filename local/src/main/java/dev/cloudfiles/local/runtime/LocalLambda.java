package dev.cloudfiles.local.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One emulated Lambda execution environment: a {@link RuntimeApiEmulator} plus the
 * {@link LambdaRuntimeProcess} that polls it. Invocations run one at a time, in order, in the
 * same warm process, as they would in one Lambda execution environment.
 *
 * <pre>{@code
 * try (LocalLambda fn = LocalLambda.start("PutFileFunction",
 *         "dev.cloudfiles.functions.WriteFilesHandler::handleRequest", env)) {
 *     RuntimeApiEmulator.Result r = fn.invoke(eventJson);
 * }
 * }</pre>
 */
public final class LocalLambda implements AutoCloseable {

    /**
     * A liveness bound, not a speed check: a cold JVM with the AWS SDK on a 2-core machine that is
     * also compiling can take far longer than Lambda's 29 s (speed is measured in bench/).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final String functionName;
    private final RuntimeApiEmulator api;
    private final LambdaRuntimeProcess process;

    private LocalLambda(String functionName, RuntimeApiEmulator api, LambdaRuntimeProcess process) {
        this.functionName = functionName;
        this.api = api;
        this.process = process;
    }

    /** Starts the runtime for {@code handler}; it initializes in the background until the first invoke. */
    public static LocalLambda start(String functionName, String handler, Map<String, String> functionEnv) {
        return start(functionName, handler, functionEnv, System.getProperty("java.class.path"));
    }

    /** As {@link #start(String, String, Map)}, the runtime JVM with this class path (functions + RIC). */
    public static LocalLambda start(
            String functionName, String handler, Map<String, String> functionEnv, String classPath) {
        return start(functionName, handler, functionEnv, classPath, List.of());
    }

    /** As above, the runtime's {@code java} command run by {@code launcher} (see {@link LambdaRuntimeProcess}). */
    public static LocalLambda start(
            String functionName,
            String handler,
            Map<String, String> functionEnv,
            String classPath,
            List<String> launcher) {
        RuntimeApiEmulator api = RuntimeApiEmulator.start(functionName);
        try {
            return new LocalLambda(
                    functionName,
                    api,
                    LambdaRuntimeProcess.start(api, functionName, handler, functionEnv, classPath, launcher));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    public RuntimeApiEmulator.Result invoke(String eventJson) {
        return invoke(eventJson, DEFAULT_TIMEOUT);
    }

    public RuntimeApiEmulator.Result invoke(String eventJson, Duration timeout) {
        try {
            return api.invoke(eventJson, timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    functionName + ": " + e.getMessage() + "\n--- runtime log ---\n" + log(), e);
        }
    }

    public Optional<RuntimeApiEmulator.Result> awaitInitError(Duration timeout) {
        return api.awaitInitError(timeout);
    }

    /** {@link System#nanoTime()} just before the runtime process was started. */
    public long startedNanos() {
        return process.startedNanos();
    }

    /** {@link System#nanoTime()} of the runtime's first poll for an event (init done), if within {@code timeout}. */
    public Optional<Long> awaitInitDone(Duration timeout) {
        return api.awaitFirstPoll(timeout);
    }

    public boolean awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String functionName() {
        return functionName;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            api.close();
        }
    }
}
