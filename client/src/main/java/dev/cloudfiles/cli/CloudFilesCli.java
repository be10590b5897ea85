package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudFilesException;
import dev.cloudfiles.client.DeleteResult;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.Files;
import dev.cloudfiles.client.FilesConfig;
import dev.cloudfiles.client.ListOptions;
import dev.cloudfiles.client.ListPage;
import dev.cloudfiles.client.StreamingBody;
import dev.cloudfiles.client.TransferListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cloudfiles} command line: {@code put}, {@code get}, {@code cat}, {@code ls} and
 * {@code rm} over a {@link Files} client. Configuration comes from {@code --url}, {@code --key}
 * and {@code --drive}, which default to {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY} and
 * {@code CLOUD_FILES_DRIVE}.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error. Every error is one line on stderr. A
 * progress bar (on stderr) accompanies transfers above 4 MiB when a terminal is attached.
 */
@Command(name = "cloudfiles", mixinStandardHelpOptions = true, version = "cloudfiles 0.1.0",
        description = "Store, fetch, list and delete files in a Cloud Files drive.",
        subcommands = {CloudFilesCli.Put.class, CloudFilesCli.Get.class, CloudFilesCli.Cat.class,
                CloudFilesCli.Ls.class, CloudFilesCli.Rm.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment: CLOUD_FILES_URL (e.g. http://127.0.0.1:3000), CLOUD_FILES_KEY, CLOUD_FILES_DRIVE.",
                "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class CloudFilesCli implements Callable<Integer> {
    /** Transfers above this size get a progress bar (on a terminal). */
    static final long PROGRESS_THRESHOLD = 4L * 1024 * 1024;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "API base URL (default: $CLOUD_FILES_URL).")
    String url;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "API key (default: $CLOUD_FILES_KEY).")
    String key;

    @Option(names = "--drive", scope = ScopeType.INHERIT, paramLabel = "DRIVE",
            description = "Drive name (default: $CLOUD_FILES_DRIVE).")
    String drive;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean interactive;
    private java.util.function.Consumer<FilesConfig.Builder> customizer = b -> {};

    /**
     * A CLI over the given environment and standard streams.
     *
     * @param interactive whether a terminal is attached (progress bars are drawn only then)
     */
    public CloudFilesCli(Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr, boolean interactive) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.interactive = interactive;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        int code = new CloudFilesCli(System.getenv(), System.in, out, System.err, System.console() != null).run(args);
        out.flush();
        System.exit(code);
    }

    /**
     * Adjusts the client's settings after the flags and environment (the tests use it for short
     * backoffs and timeouts).
     */
    public CloudFilesCli configure(java.util.function.Consumer<FilesConfig.Builder> customizer) {
        this.customizer = customizer;
        return this;
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public int run(String... args) {
        CommandLine cli = new CommandLine(this);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        cli.setOut(out);
        cli.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        cli.setDefaultValueProvider(arg -> {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) return null;
            return switch (option.longestName()) {
                case "--url" -> env.get(FilesConfig.ENV_URL);
                case "--key" -> env.get(FilesConfig.ENV_KEY);
                case "--drive" -> env.get(FilesConfig.ENV_DRIVE);
                default -> null;
            };
        });
        cli.setParameterExceptionHandler((e, a) -> {
            String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            stderr.println("cloudfiles: " + oneLine(e.getMessage()) + " (see '" + help + "')");
            stderr.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            stderr.println("cloudfiles: " + oneLine(message(e)));
            stderr.flush();
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
        if (e instanceof CloudFilesException || e instanceof UsageError || e instanceof Failure) return e.getMessage();
        if (e instanceof UncheckedIOException u) return u.getMessage() + ": " + u.getCause().getMessage();
        if (e instanceof IOException io) return io.getClass().getSimpleName() + ": " + io.getMessage();
        return e.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** A client from the flags and environment; missing configuration is a usage error. */
    Files files() {
        if (isBlank(url)) throw new UsageError("no API URL: set CLOUD_FILES_URL or pass --url");
        if (isBlank(key)) throw new UsageError("no API key: set CLOUD_FILES_KEY or pass --key");
        if (isBlank(drive)) throw new UsageError("no drive: set CLOUD_FILES_DRIVE or pass --drive");
        FilesConfig.Builder b;
        try {
            b = FilesConfig.builder().endpoint(URI.create(url.trim())).apiKey(key.trim()).drive(drive.trim());
            customizer.accept(b);
            return Files.create(b.build());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    ProgressBar progress(String task, long size) {
        if (!interactive || size < PROGRESS_THRESHOLD) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(size).setUnit("MiB", 1024 * 1024)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(stderr)).build();
    }

    /** A bad invocation found after parsing (exit 2). */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /** A failure with a message meant for the user as is (exit 1). */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    /** {@code put LOCAL [NAME]}. */
    @Command(name = "put", mixinStandardHelpOptions = true, description = {
            "Upload a local file (or '-' for stdin) as NAME.",
            "Files over 4 MiB go as a parallel presigned multipart upload."})
    static final class Put implements Callable<Integer> {
        @ParentCommand
        CloudFilesCli cli;

        @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file, or '-' to read stdin.")
        String local;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME",
                description = "The name in the drive (default: LOCAL's file name; required with '-').")
        String name;

        @Option(names = {"-t", "--content-type"}, paramLabel = "TYPE",
                description = "Content type (default: guessed by the server from NAME).")
        String contentType;

        @Override
        public Integer call() throws IOException {
            boolean fromStdin = local.equals("-");
            if (fromStdin && name == null) throw new UsageError("put - needs a NAME");
            Path file = fromStdin ? null : Path.of(local);
            if (file != null && !java.nio.file.Files.isRegularFile(file)) throw new Failure("no such file: " + local);
            String target = name != null ? name : file.getFileName().toString();
            try (Files files = cli.files()) {
                FileInfo stored;
                if (fromStdin) {
                    stored = files.put(target, cli.stdin, -1, contentType, TransferListener.NONE);
                } else {
                    long size = java.nio.file.Files.size(file);
                    try (ProgressBar bar = cli.progress("put " + target, size)) {
                        TransferListener listener = bar == null ? TransferListener.NONE : bar::stepBy;
                        stored = files.put(target, file, contentType, listener);
                    }
                }
                cli.stdout.println(stored.name() + " (" + stored.size() + " bytes, " + stored.contentType() + ")");
            }
            return 0;
        }
    }

    /** {@code get NAME [LOCAL|-]}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Download NAME to a local file, or to stdout with '-'.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        CloudFilesCli cli;

        @Parameters(index = "0", paramLabel = "NAME", description = "The name in the drive.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL|-",
                description = "Where to write (default: NAME's last segment in the current directory; '-' = stdout).")
        String local;

        @Override
        public Integer call() throws IOException {
            try (Files files = cli.files(); StreamingBody body = files.get(name)) {
                if (body == null) throw new Failure("no such file: " + name);
                if ("-".equals(local)) {
                    cli.copy(body, cli.stdout, "get " + name);
                    cli.stdout.flush();
                    return 0;
                }
                Path target = Path.of(local != null ? local : name.substring(name.lastIndexOf('/') + 1));
                if (java.nio.file.Files.isDirectory(target)) target = target.resolve(name.substring(name.lastIndexOf('/') + 1));
                Path dir = target.toAbsolutePath().getParent();
                Path partial = java.nio.file.Files.createTempFile(dir, "." + target.getFileName(), ".partial");
                try {
                    try (OutputStream out = java.nio.file.Files.newOutputStream(partial)) {
                        cli.copy(body, out, "get " + name);
                    }
                    java.nio.file.Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    java.nio.file.Files.deleteIfExists(partial);
                }
                return 0;
            }
        }
    }

    /** {@code cat NAME}. */
    @Command(name = "cat", mixinStandardHelpOptions = true, description = "Write NAME's bytes to stdout.")
    static final class Cat implements Callable<Integer> {
        @ParentCommand
        CloudFilesCli cli;

        @Parameters(index = "0", paramLabel = "NAME", description = "The name in the drive.")
        String name;

        @Override
        public Integer call() throws IOException {
            try (Files files = cli.files(); StreamingBody body = files.get(name)) {
                if (body == null) throw new Failure("no such file: " + name);
                cli.copy(body, cli.stdout, "cat " + name);
                cli.stdout.flush();
                return 0;
            }
        }
    }

    /** {@code ls [DIR] [-l] [--folded]}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = {
            "List the files under DIR (default: the whole drive), recursively, in byte order.",
            "With -l: size, last modified (UTC), content type and name."})
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        CloudFilesCli cli;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A directory, e.g. notes or notes/september.")
        String dir;

        @Option(names = "-l", description = "Long format: size, last modified, content type, name.")
        boolean longFormat;

        @Option(names = "--folded", description = "Show each sub-directory once, as 'dir/', instead of its files.")
        boolean folded;

        @Override
        public Integer call() {
            try (Files files = cli.files()) {
                ListOptions options = ListOptions.directory(dir).withFolded(folded).withDetailed(longFormat);
                while (true) {
                    ListPage page = files.listPage(options);
                    Map<String, FileInfo> details = page.files().stream()
                            .collect(Collectors.toMap(FileInfo::name, f -> f, (a, b) -> a));
                    for (String n : page.names()) {
                        FileInfo f = details.get(n);
                        if (!longFormat) cli.stdout.println(n);
                        else if (f == null) cli.stdout.printf("%12s  %-24s  %-24s  %s%n", "-", "-", "-", n);
                        else cli.stdout.printf("%12d  %-24s  %-24s  %s%n", f.size(), f.lastModified(), f.contentType(), n);
                    }
                    if (!page.hasMore() || page.last().equals(options.last())) break;
                    options = options.withLast(page.last());
                }
                cli.stdout.flush();
                return 0;
            }
        }
    }

    /** {@code rm NAME...}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = {
            "Delete files (1,000 per request). A name that does not exist counts as deleted."})
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        CloudFilesCli cli;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Names to delete.")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            try (Files files = cli.files()) {
                DeleteResult result = files.delete(names);
                if (!result.ok()) {
                    throw new Failure("could not delete " + result.failed().entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
                }
                return 0;
            }
        }
    }

    /** Copies a body, with a progress bar for large ones on a terminal. */
    void copy(StreamingBody body, OutputStream out, String task) throws IOException {
        try (ProgressBar bar = progress(task, body.size())) {
            InputStream in = body.asInputStream();
            if (bar != null) {
                in = new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) bar.stepBy(n);
                        return n;
                    }
                };
            }
            try {
                in.transferTo(out);
            } catch (java.net.SocketTimeoutException e) {
                throw new Failure("reading " + body.name() + ": no data within the socket timeout");
            }
        }
    }
}
