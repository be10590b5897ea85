package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.PutOptions;
import dev.cloudfiles.client.ServerException;
import dev.cloudfiles.client.ThrottledException;
import dev.cloudfiles.client.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put LOCAL [NAME]}. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = {
            "Upload a local file (or '-' for stdin) as NAME.",
            "Files over 4 MiB go as a parallel presigned multipart upload.",
            "With --if-absent, an existing NAME is left alone and the put fails.",
            "An interrupted upload of a large file (killed, or the connection lost) is recorded in --state-dir;"
                    + " --resume sends only the parts the server lacks, then commits."
        })
final class PutCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file, or '-' to read stdin.")
    String local;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "NAME",
            description = "The name in the drive (default: LOCAL's file name; required with '-').")
    String name;

    @Option(
            names = {"-t", "--content-type"},
            paramLabel = "TYPE",
            description = "Content type (default: guessed by the server from NAME).")
    String contentType;

    @Option(names = "--if-absent", description = "Only create: fail (exit 1, HTTP 412) if NAME already exists.")
    boolean ifAbsent;

    @Option(
            names = "--resume",
            description = {
                "Continue an interrupted put of this LOCAL file to NAME: only the parts the server lacks are sent.",
                "Exit 3 if there is nothing to resume (none recorded, LOCAL changed, the upload expired)."
            })
    boolean resume;

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) throws IOException {
        PutOptions options = (ifAbsent ? PutOptions.ifAbsent() : PutOptions.defaults()).withContentType(contentType);
        FileInfo stored;
        if (local.equals("-")) {
            stored = drive.put(name, cli.stdin(), CloudDrive.UNKNOWN_SIZE, options);
        } else {
            Path file = Path.of(local);
            try (ProgressBar bar = cli.progress("put " + name, Files.size(file))) {
                PutOptions withBar = bar == null ? options : options.withListener(bar::stepBy);
                stored = resume ? drive.resume(name, file, withBar) : drive.put(name, file, withBar);
            } catch (TransportException | ThrottledException | ServerException e) {
                if (drive.config().uploadStateDir() == null
                        || Files.size(file) <= drive.config().transfer().inlineLimit()) throw e;
                // Only an upload the server opened (and this put recorded) can be continued.
                if (!drive.hasInterruptedUpload(name, file)) {
                    throw new Failure(
                            then(e.getMessage(), "no upload was started, so there is nothing to resume: put it again"));
                }
                throw new Failure(then(
                        e.getMessage(),
                        "the upload is kept open for a day: continue it with 'cloudfiles put --resume " + local + " "
                                + name + "'"));
            }
        }
        if (output.json) JsonOutput.print(cli.stdout(), g -> JsonOutput.file(g, stored));
        else cli.stdout().println(stored.name() + " (" + stored.size() + " bytes, " + stored.contentType() + ")");
    }

    /** {@code more} after {@code message}: a sentence of its own if the message ends one. */
    private static String then(String message, String more) {
        if (!message.endsWith(".")) return message + "; " + more;
        return message + " " + Character.toUpperCase(more.charAt(0)) + more.substring(1) + ".";
    }

    @Override
    void validate() {
        if (local.equals("-")) {
            if (resume) throw new UsageError("put --resume needs a local file, not '-'");
            if (name == null) throw new UsageError("put - needs a NAME");
            return;
        }
        Path file = Path.of(local);
        if (!Files.isRegularFile(file)) throw new Failure("no such file: " + local);
        if (name == null) name = file.getFileName().toString();
    }
}
