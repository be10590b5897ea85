package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.MoveOptions;
import picocli.CommandLine.Command;

/** {@code cp FROM TO} (or {@code copy}). */
@Command(
        name = "cp",
        aliases = "copy",
        mixinStandardHelpOptions = true,
        description = {
            "Copy FROM to TO inside the service; an existing TO is replaced.",
            "No byte passes through this machine, and the two files are independent from then on."
        })
final class CpCommand extends TransferCommand {
    @Override
    FileInfo transfer(CloudDrive drive, MoveOptions options) {
        return drive.copy(from, to, options);
    }
}
