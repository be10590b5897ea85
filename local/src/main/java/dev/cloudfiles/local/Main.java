package dev.cloudfiles.local;

import dev.cloudfiles.auth.ApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code make run}: the local stack with persistent data and a development key, until Ctrl-C.
 * Flags {@code --port=}, {@code --s3-port=}, {@code --dynamodb-port=}, {@code --data=} override
 * the environment variables below, which override the defaults.
 */
public final class Main {
    // Sweep.java reads the same ports.
    static final String ENV_S3_PORT = LocalService.S3.variable();
    static final String ENV_DYNAMODB_PORT = LocalService.DYNAMODB.variable();
    static final String ENV_DATA = "CLOUD_FILES_LOCAL_DATA";
    static final String DEV_PROJECT = "dev";
    static final String KEY_FILE = "dev-api-key";
    static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);

    private Main() {}

    /**
     * Exit status 1 with one line on stderr when a port is taken or dynalite dies while the stack
     * runs; after Ctrl-C or SIGTERM, one line on stdout, every part stopped in order, and exit status 0.
     */
    public static void main(String[] args) throws Exception {
        LocalStack stack;
        Path data;
        try {
            int port = port(args, LocalService.GATEWAY, 3000);
            int s3Port = port(args, LocalService.S3, 9000);
            int dynamoPort = port(args, LocalService.DYNAMODB, 8000);
            data = Path.of(option(
                            args,
                            "data",
                            ENV_DATA,
                            LocalPaths.repoRoot().resolve(".data").toString()))
                    .toAbsolutePath()
                    .normalize();
            stack = LocalStack.builder()
                    .dataDir(data)
                    .gatewayPort(port)
                    .s3Port(s3Port)
                    .dynamoPort(dynamoPort)
                    .start();
        } catch (PortInUseException | IllegalArgumentException e) {
            System.err.println("cloud files local stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        var sweeper = Sweep.every(stack.app(), SWEEP_PERIOD);
        AtomicBoolean failed = new AtomicBoolean();
        Path dataDir = data;
        // Ctrl-C and SIGTERM start the JVM's shutdown, which would end with status 130 or 143 (and
        // make would print an error): a stop on request is a success, so the hook ends it with 0.
        // After a failure main exits 1 itself and the hook only stops what is left.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sweeper.shutdownNow();
                            if (failed.get()) {
                                stack.close();
                                return;
                            }
                            System.out.println("\nStopping the local stack (data kept in " + dataDir + ")");
                            System.out.flush();
                            int status = 0;
                            try {
                                stack.close();
                            } catch (RuntimeException e) {
                                System.err.println("cloud files local stack: " + e.getMessage());
                                status = 1;
                            }
                            Runtime.getRuntime().halt(status);
                        },
                        "local-stack-shutdown"));

        Path keyFile = data.resolve(KEY_FILE);
        String key = developmentKey(stack, keyFile);
        printBanner(stack, data, keyFile, key);
        String failure = stack.failure().get();
        failed.set(true);
        System.err.println("cloud files local stack: " + failure + "; stopping (run `make run` again to restart)");
        System.exit(1);
    }

    /** A port from {@code --flag=}, the service's variable or the default; a bad value names the variable. */
    static int port(String[] args, LocalService service, int fallback) {
        String value = option(args, service.flag(), service.variable(), Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(service.variable() + " (--" + service.flag()
                    + ") must be a port from 0 to 65535, not '" + value + "'");
        }
    }

    /** The key in {@code keyFile} if it still authenticates, else a new one written there (mode 600). */
    static String developmentKey(LocalStack stack, Path keyFile) throws IOException {
        if (Files.isRegularFile(keyFile)) {
            String existing = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
            if (isValid(stack, existing)) return existing;
            System.out.println("The key in " + keyFile + " is unknown to this data; creating a new one.");
        }
        String key = stack.app()
                .keys()
                .create(DEV_PROJECT, Set.of(), false, "development")
                .secret();
        Files.createDirectories(keyFile.getParent());
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }

    private static boolean isValid(LocalStack stack, String key) {
        if (key.isEmpty()) return false;
        Optional<ApiKey> found = stack.app().keys().find(key);
        return found.isPresent() && found.get().revokedAtMillis().isEmpty();
    }

    private static void printBanner(LocalStack stack, Path data, Path keyFile, String key) {
        Path root = LocalPaths.repoRoot();
        String shownKeyFile =
                keyFile.startsWith(root) ? root.relativize(keyFile).toString() : keyFile.toString();
        String gateway = stack.gatewayUri().toString();
        System.out.println("""

                Cloud Files local stack is running (Ctrl-C to stop)
                  API (gateway):  %s
                  S3 (S3Proxy):   %s   access key %s / secret %s
                  DynamoDB:       %s   (dynalite)
                  Data:           %s
                  Dev API key:    %s   (project "%s", all drives; saved in %s)

                Try it:
                  export CF_KEY=$(cat %s)
                  curl -s -w '\\n' -X POST "%s/v1/dev/docs/files?name=hello.txt" -H "X-Api-Key: $CF_KEY" -H "Content-Type: text/plain" --data-binary "Hello, Cloud Files"
                  curl -s -w '\\n' "%s/v1/dev/docs/files" -H "X-Api-Key: $CF_KEY"
                """.formatted(
                        gateway,
                        stack.s3Uri(),
                        S3Emulator.ACCESS_KEY,
                        S3Emulator.SECRET_KEY,
                        stack.dynamoUri(),
                        data,
                        key,
                        DEV_PROJECT,
                        shownKeyFile,
                        shownKeyFile,
                        gateway,
                        gateway));
    }

    /** {@code --name=value}, else the environment variable, else the default. */
    static String option(String[] args, String name, String env, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) return arg.substring(name.length() + 3);
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
