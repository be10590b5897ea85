package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.OpenUpload;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code uploads}: the drive's open uploads, a table of id, start, expiry (UTC), size and name. */
@Command(
        name = "uploads",
        mixinStandardHelpOptions = true,
        description = {
            "List the drive's open uploads (started, not committed or aborted, not expired), oldest first.",
            "Columns: id, start and expiry (UTC), size in bytes ('-' if none was declared) and name.",
            "Continue one with 'put --resume LOCAL NAME', end one with 'abort ID'."
        })
final class UploadsCommand extends ClientCommand {
    static final String ROW = "%-26s  %-24s  %-24s  %13s  %s%n";

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) {
        PrintStream out = cli.stdout();
        List<OpenUpload> open = drive.uploads();
        if (output.json) {
            JsonOutput.print(out, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("uploads");
                for (OpenUpload u : open) JsonOutput.upload(g, u);
                g.writeEndArray();
                g.writeEndObject();
            });
            return;
        }
        if (!open.isEmpty()) out.printf(ROW, "ID", "STARTED", "EXPIRES", "SIZE", "NAME");
        for (OpenUpload u : open) {
            out.printf(
                    ROW,
                    u.uploadId(),
                    u.created(),
                    u.expiresAt(),
                    u.size().isPresent() ? Long.toString(u.size().getAsLong()) : "-",
                    u.name() + (u.assembled() ? "  (assembled: commit or abort it)" : ""));
        }
        out.flush();
    }
}
