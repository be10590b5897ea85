package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.Share;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code shares}: the drive's live links, one a line: id, expiry (UTC), name. */
@Command(
        name = "shares",
        mixinStandardHelpOptions = true,
        description = {"List the drive's live share links: id, expiry (UTC) and file name."})
final class SharesCommand extends ClientCommand {
    @Override
    void run(CloudDrive drive) {
        PrintStream out = cli.stdout();
        for (Share s : drive.shares()) out.printf("%s  %-24s  %s%n", s.shareId(), s.expiresAt(), s.name());
        out.flush();
    }
}
