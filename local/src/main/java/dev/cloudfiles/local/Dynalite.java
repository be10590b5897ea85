package dev.cloudfiles.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite (npm {@code dynalite@4.0.0}) as a child process on a loopback port: in memory, or
 * LevelDB-backed under a folder that survives restarts.
 */
public final class Dynalite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dynalite");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts dynalite on {@code port} (0 = a free port); {@code dataDir} null = in memory. */
    public static Dynalite start(int port, Path dataDir) {
        Path localDir = LocalPaths.localDir();
        Path cli = localDir.resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException(cli + " is missing: run `mvn -pl local generate-resources` "
                    + "or `npm ci` in " + localDir);
        }
        int chosen = port == 0 ? LocalPaths.freePort() : port;
        List<String> command = new ArrayList<>(List.of("node", cli.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(chosen),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDir, e);
            }
            command.addAll(List.of("--path", dataDir.toAbsolutePath().toString()));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).directory(localDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js installed?)", e);
        }
        Dynalite dynalite = new Dynalite(process, chosen);
        dynalite.pipeOutput();
        try {
            dynalite.awaitListening();
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
        return dynalite;
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            // LevelDB flushes and releases its folder lock on SIGTERM; force only if it hangs.
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Readiness is the port accepting connections, polled until a deadline. */
    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue()
                        + " before listening on port " + port + ": " + recentOutput());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS); // returns early if it dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for dynalite", e);
                }
            }
        }
        throw new IllegalStateException("dynalite did not listen on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s: " + recentOutput());
    }

    private void pipeOutput() {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    LOG.info(line);
                    synchronized (lastLines) {
                        if (lastLines.size() == KEPT_LINES) lastLines.removeFirst();
                        lastLines.addLast(line);
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "dynalite-output");
        pump.setDaemon(true);
        pump.start();
    }

    private String recentOutput() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "(no output)" : String.join("\n", lastLines);
        }
    }
}
