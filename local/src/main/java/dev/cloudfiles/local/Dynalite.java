package dev.cloudfiles.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite (npm {@code dynalite@4.0.0}) as a child process on a loopback port: in memory, or
 * LevelDB-backed under a folder that survives restarts. It is started by {@code dynalite-launcher.js},
 * which prints the port that it bound itself: the stack never mistakes another server for it.
 *
 * <p>The launcher ignores SIGINT, SIGTERM and SIGHUP (the terminal sends them to the whole process
 * group, the stack included) and stops when its stdin closes: the stack decides when dynalite
 * stops, so an exit it did not ask for is a real death. The JVM's exit, however it happens, closes
 * that pipe too, so dynalite never outlives the stack.
 */
public final class Dynalite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dynalite");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_LINES = 20;
    private static final String LISTENING = "CLOUDFILES-DYNALITE-LISTENING ";
    private static final String FAILED = "CLOUDFILES-DYNALITE-ERROR ";

    private final Process process;
    private final int requestedPort;
    private final CompletableFuture<Integer> bound = new CompletableFuture<>();
    private final CompletableFuture<String> unexpectedExit = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile boolean closing;

    private Dynalite(Process process, int requestedPort) {
        this.process = process;
        this.requestedPort = requestedPort;
    }

    /**
     * Starts dynalite on {@code port} (0 = a free port); {@code dataDir} null = in memory. A taken
     * port is a {@link PortInUseException}.
     */
    public static Dynalite start(int port, Path dataDir) {
        Path localDir = LocalPaths.localDir();
        Path launcher = localDir.resolve("dynalite-launcher.js");
        if (!Files.isRegularFile(localDir.resolve("node_modules/dynalite/package.json"))) {
            throw new IllegalStateException(localDir.resolve("node_modules/dynalite") + " is missing: run "
                    + "`mvn -pl local generate-resources` or `npm ci` in " + localDir);
        }
        List<String> command = new ArrayList<>(List.of("node", launcher.toString(), Integer.toString(port)));
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDir, e);
            }
            command.add(dataDir.toAbsolutePath().toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(localDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js installed?)", e);
        }
        Dynalite dynalite = new Dynalite(process, port);
        dynalite.pipeOutput();
        try {
            dynalite.awaitListening();
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
        process.onExit().thenRun(dynalite::exited);
        return dynalite;
    }

    public int port() {
        return bound.join();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's process id (tests end it to see the stack notice). */
    public long pid() {
        return process.pid();
    }

    /** Completes with a one-line explanation if dynalite exits while it should be serving. */
    public CompletableFuture<String> unexpectedExit() {
        return unexpectedExit;
    }

    @Override
    public void close() {
        closing = true;
        if (!process.isAlive()) return;
        try {
            process.getOutputStream().close(); // the launcher's stdin: its signal to stop
        } catch (IOException alreadyClosed) {
            // the pipe is gone: the launcher has seen its end
        }
        try {
            // LevelDB releases its folder lock when the process ends; force only if it hangs.
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void exited() {
        if (closing) return;
        String message = "dynalite (the DynamoDB emulator, pid " + process.pid() + ", port " + port()
                + ") exited with code " + process.exitValue() + " while the stack was running; last output: "
                + recentOutput().replace('\n', ' ');
        LOG.error(message);
        unexpectedExit.complete(message);
    }

    /** Ready when the launcher reports the port it bound; a bind error or an early exit fails the start. */
    private void awaitListening() {
        try {
            bound.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "dynalite did not listen within " + START_TIMEOUT.toSeconds() + " s: " + recentOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dynalite", e);
        }
    }

    private void pipeOutput() {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = reader.readLine()) != null; ) {
                            if (!bound.isDone() && line.startsWith(LISTENING)) {
                                bound.complete(Integer.parseInt(
                                        line.substring(LISTENING.length()).trim()));
                                continue;
                            }
                            if (!bound.isDone() && line.startsWith(FAILED)) {
                                bound.completeExceptionally(startFailure(line.substring(FAILED.length())));
                                continue;
                            }
                            LOG.info(line);
                            synchronized (lastLines) {
                                if (lastLines.size() == KEPT_LINES) lastLines.removeFirst();
                                lastLines.addLast(line);
                            }
                        }
                    } catch (IOException closed) {
                        // the process ended
                    }
                    bound.completeExceptionally(new IllegalStateException(
                            "dynalite exited before listening on port " + requestedPort + ": " + recentOutput()));
                },
                "dynalite-output");
        pump.setDaemon(true);
        pump.start();
    }

    private RuntimeException startFailure(String error) {
        if (error.startsWith("EADDRINUSE")) {
            return new PortInUseException(LocalService.DYNAMODB, requestedPort, null);
        }
        return new IllegalStateException("dynalite could not listen on port " + requestedPort + ": " + error);
    }

    private String recentOutput() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "(no output)" : String.join("\n", lastLines);
        }
    }
}
