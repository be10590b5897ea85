package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.MoveOptions;
import picocli.CommandLine.Command;

/** {@code mv FROM TO} (or {@code move}). */
@Command(
        name = "mv",
        aliases = "move",
        mixinStandardHelpOptions = true,
        description = {
            "Rename FROM to TO without copying a byte; an existing TO is replaced.",
            "As fast for 5 GiB as for 5 bytes, and no reader ever sees both names, or neither."
        })
final class MvCommand extends TransferCommand {
    @Override
    FileInfo transfer(CloudDrive drive, MoveOptions options) {
        return drive.move(from, to, options);
    }
}
