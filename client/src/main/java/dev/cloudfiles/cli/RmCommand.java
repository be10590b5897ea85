package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.DeleteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rm NAME...}. */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = {"Delete files (1,000 per request). A name that does not exist counts as deleted."})
final class RmCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Names to delete.")
    List<String> names = new ArrayList<>();

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) {
        DeleteResult result = drive.delete(names);
        if (output.json) JsonOutput.print(cli.stdout(), g -> JsonOutput.deleted(g, result));
        if (!result.ok()) {
            throw new Failure("could not delete "
                    + result.failed().entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .collect(Collectors.joining(", ")));
        }
    }
}
