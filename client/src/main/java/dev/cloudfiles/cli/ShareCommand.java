package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CreatedShare;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code share NAME [--ttl 7d]}: prints a link that reads NAME without a key. */
@Command(
        name = "share",
        mixinStandardHelpOptions = true,
        description = {
            "Print a link that downloads NAME without a key until it expires or is revoked.",
            "It reads NAME's current bytes; 'unshare' revokes it.",
            "The link is shown once: the service keeps only its hash."
        })
final class ShareCommand extends ClientCommand {
    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})([smhd]?)");

    @Parameters(index = "0", paramLabel = "NAME", description = "The file to share.")
    String name;

    @Option(
            names = "--ttl",
            paramLabel = "TTL",
            defaultValue = "1d",
            description =
                    "How long the link works: seconds, or with s, m, h or d (1m to 30d; default ${DEFAULT-VALUE}).")
    String ttl;

    private Duration duration;

    @Override
    void validate() {
        duration = parse(ttl);
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(30)) > 0) {
            throw new UsageError("--ttl must be from 1m to 30d: " + ttl);
        }
    }

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) {
        CreatedShare share = drive.share(name, duration);
        if (output.json) JsonOutput.print(cli.stdout(), g -> JsonOutput.share(g, share));
        else cli.stdout().println(share.url());
        cli.stdout().flush();
    }

    static Duration parse(String text) {
        Matcher m = TTL.matcher(text == null ? "" : text.trim());
        if (!m.matches()) throw new UsageError("--ttl must be a number with s, m, h or d, e.g. 7d: " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
