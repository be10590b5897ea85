package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.OpenUpload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code abort ID [--name NAME]}: ends an open upload; its parts are deleted. */
@Command(
        name = "abort",
        mixinStandardHelpOptions = true,
        description = {
            "Abort an open upload (its id, from 'uploads'): its parts are deleted and it can no longer be resumed."
        })
final class AbortCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The upload id.")
    String id;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The upload's file name (default: looked up in 'uploads').")
    String name;

    @Override
    void run(CloudDrive drive) {
        String target = name != null
                ? name
                : drive.uploads().stream()
                        .filter(u -> u.uploadId().equals(id))
                        .map(OpenUpload::name)
                        .findFirst()
                        .orElseThrow(() ->
                                new Failure("no open upload " + id + " in this drive (see 'cloudfiles uploads')"));
        drive.abortUpload(id, target);
        cli.stdout().println("aborted " + id + " (" + target + ")");
    }
}
