package dev.cloudfiles.cli;

import dev.cloudfiles.client.CannotResumeException;
import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.CloudFilesException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code cloudfiles} command line: {@code put}, {@code get}, {@code cat}, {@code ls}, {@code rm},
 * {@code mv}, {@code cp}, {@code stat} and the share commands over a {@link CloudDrive} client. Configuration comes from {@code --url}, {@code --key}
 * and {@code --drive}, which default to {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY} and
 * {@code CLOUD_FILES_DRIVE}.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error, 3 nothing failed but not all was done:
 * {@code put --resume} found nothing it may continue ({@link CannotResumeException}), or
 * {@code sync} reported something as not synced. Every error is one line on stderr. A
 * progress bar (on stderr) accompanies transfers above 4 MiB when a terminal is attached.
 *
 * <p>This class is the top-level command: it holds the environment and standard streams, parses,
 * and maps failures to exit codes; each subcommand is its own class ({@link PutCommand},
 * {@link GetCommand}, {@link CatCommand}, {@link LsCommand}, {@link RmCommand}), and the shared
 * options are {@link ConnectionOptions}.
 */
@Command(
        name = "cloudfiles",
        mixinStandardHelpOptions = true,
        version = "cloudfiles 0.1.0",
        description =
                "Store, fetch, list, move, copy, delete, share and sync files in a Cloud Files drive; resume large uploads.",
        subcommands = {
            PutCommand.class,
            GetCommand.class,
            CatCommand.class,
            LsCommand.class,
            RmCommand.class,
            MvCommand.class,
            CpCommand.class,
            ShareCommand.class,
            SharesCommand.class,
            UnshareCommand.class,
            StatCommand.class,
            UploadsCommand.class,
            AbortCommand.class,
            SyncCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Environment: CLOUD_FILES_URL (e.g. http://127.0.0.1:3000), CLOUD_FILES_KEY, CLOUD_FILES_DRIVE.",
            "Exit codes: 0 ok, 1 failure, 2 usage error, 3 nothing to resume (put --resume)"
                    + " or something reported, not synced (sync)."
        })
public final class CloudFilesCli implements Callable<Integer> {
    /** Transfers above this size get a progress bar (on a terminal). */
    static final long PROGRESS_THRESHOLD = 4L * 1024 * 1024;
    /** The exit code of {@code put --resume} when there is nothing it may continue. */
    public static final int NOTHING_TO_RESUME = 3;

    @Mixin
    ConnectionOptions connection;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean interactive;
    private Consumer<CloudDriveConfig.Builder> customizer = b -> {};

    /**
     * A CLI over the given environment and standard streams.
     *
     * @param interactive whether a terminal is attached (progress bars are drawn only then)
     */
    public CloudFilesCli(
            Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr, boolean interactive) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.interactive = interactive;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        int code = new CloudFilesCli(System.getenv(), System.in, out, System.err, System.console() != null).run(args);
        out.flush();
        System.exit(code);
    }

    /**
     * Adjusts the client's settings after the flags and environment (the tests use it for short
     * backoffs and timeouts).
     */
    public CloudFilesCli configure(Consumer<CloudDriveConfig.Builder> customizer) {
        this.customizer = customizer;
        return this;
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public int run(String... args) {
        CommandLine cli = new CommandLine(this);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        cli.setOut(out);
        cli.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        cli.setDefaultValueProvider(ConnectionOptions.environmentDefaults(env));
        // No escape codes in help that goes to a pipe or a file, whatever picocli guesses.
        if (!interactive) cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // A drive may be named like a command ("sync", "ls"): as --drive's value, or its default.
        cli.setAllowSubcommandsAsOptionParameters(true);
        cli.setParameterExceptionHandler((e, a) -> {
            String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            stderr.println("cloudfiles: " + oneLine(e.getMessage()) + " (see '" + help + "')");
            stderr.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            stderr.println("cloudfiles: " + oneLine(message(e)));
            stderr.flush();
            if (e instanceof CannotResumeException) return NOTHING_TO_RESUME;
            return e instanceof UsageError ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        int code = cli.execute(args);
        out.flush();
        stdout.flush();
        stderr.flush();
        return code;
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(stderr);
        return CommandLine.ExitCode.USAGE;
    }

    private static String message(Exception e) {
        if (e instanceof CloudFilesException
                || e instanceof UsageError
                || e instanceof Failure
                || e instanceof CannotResumeException) return e.getMessage();
        if (e instanceof IOException io && io.getCause() instanceof CloudFilesException c) return c.getMessage();
        if (e instanceof UncheckedIOException u)
            return u.getMessage() + ": " + u.getCause().getMessage();
        if (e instanceof IOException io) return io.getClass().getSimpleName() + ": " + io.getMessage();
        return e.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** A client from the flags and environment; missing configuration is a usage error. */
    CloudDrive drive() {
        return connection.open(customizer);
    }

    InputStream stdin() {
        return stdin;
    }

    PrintStream stdout() {
        return stdout;
    }

    PrintStream stderr() {
        return stderr;
    }

    /** A progress bar on stderr for a transfer of {@code size} bytes, or {@code null} (small, or no terminal). */
    ProgressBar progress(String task, long size) {
        if (!interactive || size < PROGRESS_THRESHOLD) return null;
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(size)
                .setUnit("MiB", 1024 * 1024)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed(new DecimalFormat("0.0")) // "#.0" printed ".0MiB/s" at the start
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(stderr))
                .build();
    }
}
