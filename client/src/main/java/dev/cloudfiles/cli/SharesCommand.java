package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.Share;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shares}: the drive's live links, one a line: id, expiry (UTC), name. */
@Command(
        name = "shares",
        mixinStandardHelpOptions = true,
        description = {"List the drive's live share links: id, expiry (UTC) and file name."})
final class SharesCommand extends ClientCommand {
    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) {
        PrintStream out = cli.stdout();
        List<Share> shares = drive.shares();
        if (output.json) {
            JsonOutput.print(out, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("shares");
                for (Share s : shares) JsonOutput.share(g, s);
                g.writeEndArray();
                g.writeEndObject();
            });
            return;
        }
        for (Share s : shares) out.printf("%s  %-24s  %s%n", s.shareId(), s.expiresAt(), s.name());
        out.flush();
    }
}
