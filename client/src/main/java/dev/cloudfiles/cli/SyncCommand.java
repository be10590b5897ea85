package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.sync.Skipped;
import dev.cloudfiles.client.sync.Sync;
import dev.cloudfiles.client.sync.SyncAction;
import dev.cloudfiles.client.sync.SyncListener;
import dev.cloudfiles.client.sync.SyncOptions;
import dev.cloudfiles.client.sync.SyncPlan;
import dev.cloudfiles.client.sync.SyncResult;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sync SRC DST}: one side local, the other {@code cf:PREFIX}; a {@link Sync} whose plan is
 * printed ({@code --dry-run}) or carried out. Steps go to stdout one a line, what is not synced and
 * what failed to stderr one a line.
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Make DST match SRC: copy new and changed files, and with --delete remove what SRC lacks.",
            "One side is a local directory, the other cf:PREFIX, a directory of the drive (cf: is the whole drive).",
            "Changed: the size differs, or the content (by the SHA-256 or MD5 the drive reports),"
                    + " else for multipart files the source is newer.",
            "Links, empty directories and names the store refuses are reported.",
            "Exit: 0 in step, 1 a failure, 2 usage error, 3 something not synced."
        })
final class SyncCommand extends ClientCommand {
    /** The exit code when every step succeeded but something was reported as not synced. */
    static final int NOT_ALL_SYNCED = 3;

    static final String DRIVE = "cf:";

    @Parameters(index = "0", paramLabel = "SRC", description = "LOCAL_DIR or cf:PREFIX.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "cf:PREFIX or LOCAL_DIR.")
    String destination;

    @Option(names = "--delete", description = "Delete destination files that SRC lacks (excluded files are kept).")
    boolean delete;

    @Option(names = "--dry-run", description = "Print the plan, one line per file with the reason; change nothing.")
    boolean dryRun;

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out relative paths matching GLOB, or under a directory matching it (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            defaultValue = "" + SyncOptions.DEFAULT_JOBS,
            description = "Files transferred at once (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
            names = "--follow-symlinks",
            description = "Sync what links in LOCAL_DIR point to, instead of reporting them.")
    boolean followSymlinks;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress bar and no line per file (reports and errors still go to stderr).")
    boolean quiet;

    private SyncOptions options;

    @Override
    void validate() {
        boolean fromDrive = source.startsWith(DRIVE);
        if (fromDrive == destination.startsWith(DRIVE)) {
            throw new UsageError("sync needs one local directory and one cf:PREFIX, e.g. sync photos cf:photos/");
        }
        try {
            options = new SyncOptions(delete, excludes, followSymlinks, jobs);
            Sync.directoryPrefix((fromDrive ? source : destination).substring(DRIVE.length()));
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (!fromDrive && !Files.isDirectory(Path.of(source))) throw new Failure("no such directory: " + source);
        Path target = Path.of(destination);
        if (fromDrive && Files.exists(target) && !Files.isDirectory(target)) {
            throw new Failure("not a directory: " + destination);
        }
    }

    @Override
    void run(CloudDrive drive) {
        Sync sync = source.startsWith(DRIVE)
                ? Sync.download(drive, source.substring(DRIVE.length()), Path.of(destination), options)
                : Sync.upload(drive, Path.of(source), destination.substring(DRIVE.length()), options);
        SyncPlan plan;
        try {
            plan = sync.plan();
        } catch (UncheckedIOException e) {
            throw new Failure(e.getMessage() + ": " + e.getCause().getMessage());
        }
        PrintStream out = cli.stdout();
        PrintStream err = cli.stderr();
        for (Skipped s : plan.skipped()) err.println("cloudfiles: not synced: " + s);
        if (dryRun) {
            plan.actions().forEach(out::println);
            out.flush();
            exitCode = plan.skipped().isEmpty() ? 0 : NOT_ALL_SYNCED;
            return;
        }
        SyncResult result;
        try (ProgressBar bar = quiet ? null : cli.progress("sync", plan.bytes())) {
            result = sync.execute(plan, new SyncListener() {
                @Override
                public void transferred(long bytes) {
                    if (bar != null) bar.stepBy(bytes);
                }

                @Override
                public void done(SyncAction action) {
                    if (!quiet) out.println(action);
                }
            });
        }
        out.flush();
        result.failed().forEach((a, why) -> err.println("cloudfiles: failed: " + a + ": " + why));
        if (!result.complete()) {
            err.println("cloudfiles: sync incomplete: " + result.failed().size() + " failed, "
                    + result.skipped().size() + " not synced");
        }
        err.flush();
        exitCode = !result.failed().isEmpty() ? 1 : result.skipped().isEmpty() ? 0 : NOT_ALL_SYNCED;
    }
}
