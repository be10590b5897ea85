package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.MoveOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code mv} and {@code cp} share: FROM, TO and the conditions; quiet on success, as mv and cp
 * are, unless {@code --json} asks for TO's metadata.
 */
abstract class TransferCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FROM", description = "The file's name now.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The new name.")
    String to;

    @Option(
            names = {"-n", "--no-clobber"},
            description = "Fail (and change nothing) if TO exists, instead of replacing it.")
    boolean noClobber;

    @Option(
            names = "--if-match",
            paramLabel = "ETAG",
            description = "Fail (and change nothing) unless FROM is the version with this ETag.")
    String ifMatch;

    @Mixin
    JsonOutput output;

    @Override
    void validate() {
        if (noClobber && ifMatch != null) throw new UsageError("give either --no-clobber or --if-match, not both");
        if (from.equals(to)) throw new UsageError("FROM and TO are the same name: " + from);
    }

    MoveOptions options() {
        try {
            return noClobber
                    ? MoveOptions.ifAbsent()
                    : ifMatch != null ? MoveOptions.ifMatch(ifMatch) : MoveOptions.defaults();
        } catch (IllegalArgumentException e) {
            throw new UsageError("--if-match: " + e.getMessage());
        }
    }

    @Override
    final void run(CloudDrive drive) {
        FileInfo target = transfer(drive, options());
        if (output.json) JsonOutput.print(cli.stdout(), g -> JsonOutput.file(g, target));
    }

    abstract FileInfo transfer(CloudDrive drive, MoveOptions options);
}
