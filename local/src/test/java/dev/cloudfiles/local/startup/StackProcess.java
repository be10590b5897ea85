package dev.cloudfiles.local.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code make run} (dev.cloudfiles.local.Main) as a child JVM, its output collected. */
record StackProcess(
        Process process,
        CompletableFuture<String> stdout,
        CompletableFuture<String> stderr,
        CompletableFuture<Void> banner) {
    private static final long EXIT_BOUND_SECONDS = 120;

    record Exit(int status, String stdout, String stderr) {}

    /**
     * Main with {@code --data=data} and {@code args}; ports not named are 0 (any free port). It runs
     * under {@code setsid}, in a process group of its own as under a terminal: a signal sent to that
     * group ({@link #signalGroup}) reaches the stack and its children, never the test.
     */
    static StackProcess start(Path data, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of("setsid", java, "-cp", System.getProperty("java.class.path"), "dev.cloudfiles.local.Main"));
        command.addAll(List.of(args)); // Main takes the first --flag= it finds: these win over the defaults
        command.addAll(List.of("--port=0", "--s3-port=0", "--dynamodb-port=0", "--data=" + data));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<Void> banner = new CompletableFuture<>();
            return new StackProcess(
                    process,
                    collect(process.getInputStream(), banner),
                    collect(process.getErrorStream(), null),
                    banner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the stack printed its banner (it does once everything listens). */
    void awaitBanner() throws Exception {
        CompletableFuture.anyOf(banner, process.onExit()).get(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
        if (!banner.isDone()) throw new AssertionError("the stack exited before its banner: " + stderr.get());
    }

    /**
     * {@code kill -SIGNAL -- -PGID}: what Ctrl-C does (SIGINT to the terminal's foreground group). setsid
     * execs in place (the JVM is not a group leader), so the stack's pid is its group's id.
     */
    void signalGroup(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                .redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) throw new AssertionError("kill -" + signal + " failed: " + output);
    }

    Exit awaitExit() throws Exception {
        if (!process.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "the stack did not exit; stdout: " + stdout.getNow("") + " stderr: " + stderr.getNow(""));
        }
        return new Exit(process.exitValue(), stdout.get(), stderr.get());
    }

    private static CompletableFuture<String> collect(InputStream in, CompletableFuture<Void> banner) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    StringBuilder text = new StringBuilder();
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            text.append(line).append('\n');
                            if (banner != null && line.contains("Try it")) banner.complete(null);
                        }
                    } catch (IOException closed) {
                        // the process ended
                    }
                    all.complete(text.toString());
                },
                "stack-process-output");
        reader.setDaemon(true);
        reader.start();
        return all;
    }
}
