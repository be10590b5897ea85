package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unshare ID}: the link stops working at once. */
@Command(
        name = "unshare",
        mixinStandardHelpOptions = true,
        description = {"Revoke a share link (its id, from 'shares'): it stops working at once."})
final class UnshareCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The share id.")
    String id;

    @Override
    void run(CloudDrive drive) {
        drive.unshare(id);
    }
}
