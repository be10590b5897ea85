package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stat NAME}: a file's metadata, one field a line, or as JSON; a missing file is a failure. */
@Command(
        name = "stat",
        mixinStandardHelpOptions = true,
        description = {"Show NAME's metadata: size, content type, ETag, last modified (UTC) and SHA-256."})
final class StatCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The name in the drive.")
    String name;

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) {
        FileInfo f = drive.stat(name);
        if (f == null) throw new Failure("no such file: " + name);
        PrintStream out = cli.stdout();
        if (output.json) {
            JsonOutput.print(out, g -> JsonOutput.file(g, f));
            return;
        }
        out.println("name:          " + f.name());
        out.println("size:          " + f.size());
        out.println("content_type:  " + f.contentType());
        out.println("etag:          " + f.etag());
        out.println("last_modified: " + (f.lastModified() == null ? "-" : f.lastModified()));
        out.println("sha256:        " + (f.sha256() == null ? "-" : f.sha256()));
        out.flush();
    }
}
