package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.StreamingBody;
import dev.cloudfiles.client.TransferListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code get NAME [LOCAL|-]}: to a local file ({@link StreamingBody#saveTo}: a temporary file beside it, then moved;
 * a large file in parallel ranges written in place), or to stdout in order.
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Download NAME to a local file, or to stdout with '-'.")
final class GetCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The name in the drive.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "LOCAL|-",
            description = "Where to write (default: NAME's last segment in the current directory; '-' = stdout).")
    String local;

    @Override
    void run(CloudDrive drive) throws IOException {
        try (StreamingBody body = open(drive, name)) {
            if ("-".equals(local)) {
                copy(body, cli.stdout(), "get " + name);
                return;
            }
            String lastSegment = name.substring(name.lastIndexOf('/') + 1);
            Path target = Path.of(local != null ? local : lastSegment);
            if (Files.isDirectory(target)) target = target.resolve(lastSegment);
            Path dir = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                throw new Failure("cannot write " + target + ": the folder " + dir + " does not exist");
            }
            try (ProgressBar bar = cli.progress("get " + name, body.size())) {
                body.saveTo(target, bar == null ? TransferListener.NONE : bar::stepBy);
            }
        }
    }
}
