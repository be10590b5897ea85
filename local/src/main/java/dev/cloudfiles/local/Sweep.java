package dev.cloudfiles.local;

import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.log.JsonLog;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.store.sweep.Sweeper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sweeper of the local stack: on a timer inside {@code make run}, and once by {@code make sweep}
 * against a running stack (same ports and environment variables as {@link Main}).
 */
public final class Sweep {
    private Sweep() {}

    /** {@code make sweep}: one run against the stack that {@code make run} started. */
    public static void main(String[] args) {
        int s3Port = Integer.parseInt(Main.option(args, "s3-port", Main.ENV_S3_PORT, "9000"));
        int dynamoPort = Integer.parseInt(Main.option(args, "dynamodb-port", Main.ENV_DYNAMODB_PORT, "8000"));
        Config config = Config.local(
                LocalStack.DEFAULT_TABLE,
                LocalStack.DEFAULT_BUCKET,
                URI.create("http://127.0.0.1:" + s3Port),
                URI.create("http://127.0.0.1:" + dynamoPort),
                new Config.EndpointCredentials(S3Emulator.ACCESS_KEY, S3Emulator.SECRET_KEY));
        try (Clients clients = Clients.create(config)) {
            CloudFiles.create(config, clients)
                    .sweeper()
                    .sweep()
                    .logLine()
                    .with("function", "make sweep")
                    .write();
        }
    }

    /** Runs the sweeper every {@code period} until the returned scheduler is shut down. */
    public static ScheduledExecutorService every(CloudFiles app, Duration period) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweeper");
            t.setDaemon(true);
            return t;
        });
        Sweeper sweeper = app.sweeper();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        // One JSON line per run, as SweeperFunction writes it on Lambda.
                        FunctionScope.run(
                                "SweeperFunction",
                                () -> sweeper.sweep(period)
                                        .logLine()
                                        .with("function", "SweeperFunction")
                                        .write());
                    } catch (RuntimeException e) {
                        JsonLog.warn("sweep failed; the next run tries again", "", e);
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
