package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.StreamingBody;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cat NAME}. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Write NAME's bytes to stdout.")
final class CatCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The name in the drive.")
    String name;

    @Override
    void run(CloudDrive drive) throws IOException {
        try (StreamingBody body = open(drive, name)) {
            copy(body, cli.stdout(), "cat " + name);
        }
    }
}
