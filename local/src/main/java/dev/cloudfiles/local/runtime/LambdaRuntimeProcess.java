package dev.cloudfiles.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running the real Lambda Java runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with one handler, wired to
 * a {@link RuntimeApiEmulator}: what {@code sam local invoke} does inside its container, without
 * Docker. The child gets this JVM's class path (or the one given: the functions and the RIC) and
 * a Lambda-like environment; the child's stdout/stderr (the function's "CloudWatch" log) go to
 * {@code target/lambda-logs/}.
 *
 * <p>The RIC is needed only at run time, not to compile this class: the child runs it by class
 * name, and {@link #jniLibrary()} finds its JNI library through this JVM's class path.
 */
public final class LambdaRuntimeProcess implements AutoCloseable {

    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JNI_RESOURCE = "/jni/libaws-lambda-jni.linux-"
            + (System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64") + ".so";

    private static Path jniLibrary;

    private final Process process;
    private final Path log;
    private final String handler;
    private final long startedNanos;

    private LambdaRuntimeProcess(Process process, Path log, String handler, long startedNanos) {
        this.process = process;
        this.log = log;
        this.handler = handler;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts the runtime client for {@code handler} ("pkg.Class::method") against {@code api}.
     * {@code functionEnv} is the function's configuration (as template.yaml's Environment);
     * a {@code null} value removes a variable. Lambda's own variables are set here.
     */
    public static LambdaRuntimeProcess start(
            RuntimeApiEmulator api, String functionName, String handler, Map<String, String> functionEnv) {
        return start(api, functionName, handler, functionEnv, System.getProperty("java.class.path"));
    }

    /** As {@link #start(RuntimeApiEmulator, String, String, Map)}, with the child's class path. */
    public static LambdaRuntimeProcess start(
            RuntimeApiEmulator api,
            String functionName,
            String handler,
            Map<String, String> functionEnv,
            String classPath) {
        return start(api, functionName, handler, functionEnv, classPath, List.of());
    }

    /**
     * As above, the {@code java} command run by {@code launcher} (its words go first; empty: none).
     * The benchmarks use it to start the runtime inside a CPU-quota cgroup, as Lambda gives a
     * function CPU in proportion to its memory size.
     */
    public static LambdaRuntimeProcess start(
            RuntimeApiEmulator api,
            String functionName,
            String handler,
            Map<String, String> functionEnv,
            String classPath,
            List<String> launcher) {
        Path log;
        try {
            // Kept after the run (target/ when run by Maven) so a failing test can be read.
            Path dir = Files.isDirectory(Path.of("target"))
                    ? Path.of("target", "lambda-logs")
                    : Path.of(System.getProperty("java.io.tmpdir"), "lambda-logs");
            Files.createDirectories(dir);
            log = Files.createTempFile(dir, functionName + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Lambda's Java 17+ runtimes stop tiered compilation at C1 for faster cold starts.
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx512m");
        // A Lambda sandbox (and sam local invoke's container) has the function's memory size, so
        // the JVM sizes its initial heap and young generation from that, not from this machine's
        // RAM: without this a runtime here starts with a heap of 1/64 of the host's memory, never
        // collects during a cold start, and its peak RSS is all garbage never collected.
        command.add("-XX:MaxRAM=" + memoryMb(functionEnv) + "m");
        command.add("-D" + JNI_PROPERTY + "=" + jniLibrary());
        command.add("-cp");
        command.add(classPath);
        command.add(RIC_MAIN);
        command.add(handler);

        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Nothing of the developer's or CI's environment leaks into the function.
        env.keySet()
                .removeIf(k -> k.startsWith("AWS_")
                        || k.startsWith("CLOUD_FILES_")
                        || k.startsWith("_")
                        || k.equals("JAVA_TOOL_OPTIONS"));
        env.putAll(lambdaEnvironment(api, functionName, handler));
        functionEnv.forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        try {
            long startedNanos = System.nanoTime();
            return new LambdaRuntimeProcess(builder.start(), log, handler, startedNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the runtime client for " + handler, e);
        }
    }

    /** The API functions' memory size: template.yaml's {@code FunctionMemorySize} default. */
    static final int DEFAULT_MEMORY_MB = 768;

    /** The memory size the function runs with: its own {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, else the default. */
    static int memoryMb(Map<String, String> functionEnv) {
        String given = functionEnv.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        return given == null ? DEFAULT_MEMORY_MB : Integer.parseInt(given);
    }

    /** The variables Lambda itself sets in an execution environment. */
    static Map<String, String> lambdaEnvironment(RuntimeApiEmulator api, String functionName, String handler) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", handler);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(DEFAULT_MEMORY_MB));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/28/[$LATEST]" + Long.toHexString(System.nanoTime()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // Lambda hands the execution role's credentials to the function; these are inert.
        env.put("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEEXAMPLE00");
        env.put("AWS_SECRET_ACCESS_KEY", "runtime-harness-not-a-secret");
        env.put("AWS_SESSION_TOKEN", "runtime-harness-session");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        return env;
    }

    /**
     * The RIC unpacks its JNI library to one fixed temp file, so runtimes started in parallel
     * race on it; unpack it once per JVM to a private file and point every child at it.
     */
    static synchronized Path jniLibrary() {
        if (jniLibrary != null) return jniLibrary;
        try (InputStream in = loadRicClass().getResourceAsStream(JNI_RESOURCE)) {
            if (in == null)
                throw new IllegalStateException(JNI_RESOURCE + " is not in the runtime interface client jar");
            Path file = Files.createTempFile("libaws-lambda-jni-", ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            jniLibrary = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> loadRicClass() {
        try {
            return Class.forName(RIC_MAIN, false, LambdaRuntimeProcess.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the runtime interface client is not on the class path", e);
        }
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself (as it does after an init error). */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the function and the runtime printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public String handler() {
        return handler;
    }

    @Override
    public void close() {
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(5))) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
    }
}
