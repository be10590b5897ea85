package dev.cloudfiles.smoke;

import dev.cloudfiles.client.CloudDriveConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code make smoke}: an operator's black-box check of a deployment, through its HTTP API only
 * (see {@link Tour} for the steps). It writes only names under a prefix of its own and deletes
 * them again, whatever failed.
 */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        version = "cloudfiles smoke 0.1.0",
        description = "Checks a Cloud Files deployment end to end through its HTTP API: put, get, list,"
                + " folded list, ranged get, delete, a presigned multipart upload and download, move, copy,"
                + " a share link and its revocation, a read-only key refused a write, an error body's code."
                + " Every name it writes lies under smoke-<time>-<random>/ in the drive; the last step"
                + " deletes them all again (also after a failure) and checks that none is left listed,"
                + " uploading or shared.",
        footer = {
            "",
            "Output: one line per step, then exactly one summary line:",
            "  ok   STEP: what held (the status, and the bytes, names or code read back)",
            "  FAIL STEP: what was expected and what came instead",
            "  skip STEP: why (the read-only step, when no read-only key is given)",
            "  smoke: N passed, N failed[, N skipped]",
            "Exit status: 0 when nothing failed, 1 when a step failed, 2 for a usage error.",
            "",
            "The project is the key's: a key is {project_id}_{secret}. A read-only key of",
            "the same project comes from the admin CLI; for a stack:",
            "  bin/cloudfiles admin keys create --stack STACK --project P --read-only",
            "for `make run`: the same with --endpoint http://127.0.0.1:8000 --project dev."
        })
public final class Smoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            defaultValue = "${env:CLOUD_FILES_URL}",
            paramLabel = "URL",
            description = "The API's base URL, the stack's ApiUrl output (default: $CLOUD_FILES_URL).")
    String url;

    @Option(
            names = "--key",
            defaultValue = "${env:CLOUD_FILES_KEY}",
            paramLabel = "KEY",
            description = "A read-write API key (default: $CLOUD_FILES_KEY).")
    String key;

    @Option(
            names = "--readonly-key",
            defaultValue = "${env:CLOUD_FILES_READONLY_KEY}",
            paramLabel = "KEY",
            description = "A read-only key of the same project (default: $CLOUD_FILES_READONLY_KEY); without one"
                    + " the read-only step is skipped.")
    String readOnlyKey;

    @Option(
            names = "--drive",
            defaultValue = "${env:CLOUD_FILES_DRIVE:-smoke}",
            paramLabel = "DRIVE",
            description = "The drive to use (default: $CLOUD_FILES_DRIVE, else smoke); only names under the run's"
                    + " own prefix are touched.")
    String drive;

    private final PrintStream out;

    private Smoke(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the smoke with these arguments; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new Smoke(out))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    @Override
    public Integer call() {
        CloudDriveConfig config = config();
        String prefix = "smoke-"
                + DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())
                + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)) + "/";
        out.println("checking " + config.driveUri() + ", names under " + prefix);
        Api api = new Api(config.driveUri(), config.identity().apiKey());
        Report report = new Report(out);
        new Tour(api, isBlank(readOnlyKey) ? null : api.withKey(readOnlyKey.trim()), prefix, report).run();
        out.println(report.summary());
        out.flush();
        return report.failed() ? 1 : 0;
    }

    /** Where and as whom: the client library's own checks of URL, key and drive name. */
    private CloudDriveConfig config() {
        if (isBlank(url)) throw usage("no API URL: pass --url or set CLOUD_FILES_URL (the stack's ApiUrl output)");
        if (isBlank(key)) throw usage("no API key: pass --key or set CLOUD_FILES_KEY");
        try {
            return CloudDriveConfig.builder()
                    .endpoint(url.trim())
                    .apiKey(key.trim())
                    .drive(drive.trim())
                    .build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
