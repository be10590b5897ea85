package dev.cloudfiles.bench;

import dev.cloudfiles.cli.CloudFilesCli;

/**
 * The {@code cloudfiles} CLI, unchanged, with the client's transfer parallelism set: CliBench runs
 * it as a process of its own ({@code -cp cli.jar:bench/target/classes}) to measure the parts in
 * flight of a whole-process put and get without a build per setting.
 *
 * <pre>java -cp ... dev.cloudfiles.bench.CliWith UPLOAD_PARTS DOWNLOAD_RANGES cloudfiles-args...</pre>
 */
public final class CliWith {
    private CliWith() {}

    public static void main(String[] args) {
        int parts = Integer.parseInt(args[0]);
        int ranges = Integer.parseInt(args[1]);
        String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
        int code = new CloudFilesCli(System.getenv(), System.in, System.out, System.err, false)
                .configure(b -> b.parallelism(parts).downloadParallelism(ranges))
                .run(rest);
        System.out.flush();
        System.exit(code);
    }
}
