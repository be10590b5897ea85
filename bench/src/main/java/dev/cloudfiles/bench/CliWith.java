package dev.cloudfiles.bench;

import dev.cloudfiles.client.CloudDriveConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code cloudfiles} CLI, unchanged, with the client's transfer parallelism set: CliBench runs
 * it as a process of its own ({@code -cp cli.jar:bench/target/classes}) to measure the parts in
 * flight of a whole-process put and get without a build per setting.
 *
 * Reflection, because bench compiles without picocli (the CLI jar carries it).
 *
 * <pre>java -cp ... dev.cloudfiles.bench.CliWith UPLOAD_PARTS DOWNLOAD_RANGES cloudfiles-args...</pre>
 */
public final class CliWith {
    private CliWith() {}

    public static void main(String[] args) throws ReflectiveOperationException {
        int parts = Integer.parseInt(args[0]);
        int ranges = Integer.parseInt(args[1]);
        String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
        Class<?> type = Class.forName("dev.cloudfiles.cli.CloudFilesCli");
        Object cli = type.getConstructor(
                        Map.class, InputStream.class, PrintStream.class, PrintStream.class, boolean.class)
                .newInstance(System.getenv(), System.in, System.out, System.err, false);
        boolean keepState = !"off".equals(System.getenv("CLI_WITH_STATE")); // off: no resume state, as in-process
        Consumer<CloudDriveConfig.Builder> settings = b -> {
            b.parallelism(parts).downloadParallelism(ranges);
            if (!keepState) b.uploadStateDir(null);
        };
        type.getMethod("configure", Consumer.class).invoke(cli, settings);
        int code = (Integer) type.getMethod("run", String[].class).invoke(cli, (Object) rest);
        System.out.flush();
        System.exit(code);
    }
}
