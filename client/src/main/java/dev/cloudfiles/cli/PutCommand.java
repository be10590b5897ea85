package dev.cloudfiles.cli;

import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.Files;
import dev.cloudfiles.client.TransferListener;
import java.io.IOException;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put LOCAL [NAME]}. */
@Command(name = "put", mixinStandardHelpOptions = true, description = {
        "Upload a local file (or '-' for stdin) as NAME.",
        "Files over 4 MiB go as a parallel presigned multipart upload."})
final class PutCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file, or '-' to read stdin.")
    String local;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME",
            description = "The name in the drive (default: LOCAL's file name; required with '-').")
    String name;

    @Option(names = {"-t", "--content-type"}, paramLabel = "TYPE",
            description = "Content type (default: guessed by the server from NAME).")
    String contentType;

    @Override
    void run(Files files) throws IOException {
        FileInfo stored;
        if (local.equals("-")) {
            stored = files.put(name, cli.stdin(), -1, contentType, TransferListener.NONE);
        } else {
            Path file = Path.of(local);
            long size = java.nio.file.Files.size(file);
            try (ProgressBar bar = cli.progress("put " + name, size)) {
                TransferListener listener = bar == null ? TransferListener.NONE : bar::stepBy;
                stored = files.put(name, file, contentType, listener);
            }
        }
        cli.stdout().println(stored.name() + " (" + stored.size() + " bytes, " + stored.contentType() + ")");
    }

    @Override
    void validate() {
        if (local.equals("-")) {
            if (name == null) throw new UsageError("put - needs a NAME");
            return;
        }
        Path file = Path.of(local);
        if (!java.nio.file.Files.isRegularFile(file)) throw new Failure("no such file: " + local);
        if (name == null) name = file.getFileName().toString();
    }
}
