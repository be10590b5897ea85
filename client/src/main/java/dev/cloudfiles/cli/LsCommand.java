package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.ListOptions;
import dev.cloudfiles.client.ListPage;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ls [DIR] [-l] [--folded]}: page by page, so that a huge drive streams out. */
@Command(
        name = "ls",
        mixinStandardHelpOptions = true,
        description = {
            "List the files under DIR (default: the whole drive), recursively, in byte order.",
            "With -l: size, last modified (UTC), content type and name."
        })
final class LsCommand extends ClientCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            description = "A directory, e.g. notes or notes/september.")
    String dir;

    @Option(names = "-l", description = "Long format: size, last modified, content type, name.")
    boolean longFormat;

    @Option(names = "--folded", description = "Show each sub-directory once, as 'dir/', instead of its files.")
    boolean folded;

    @Override
    void run(CloudDrive drive) {
        PrintStream out = cli.stdout();
        ListOptions options = ListOptions.directory(dir).withFolded(folded).withDetailed(longFormat);
        while (true) {
            ListPage page = drive.listPage(options);
            Map<String, FileInfo> details =
                    page.files().stream().collect(Collectors.toMap(FileInfo::name, f -> f, (a, b) -> a));
            for (String n : page.names()) {
                FileInfo f = details.get(n);
                if (!longFormat) out.println(n);
                else if (f == null) out.printf("%12s  %-24s  %-24s  %s%n", "-", "-", "-", n);
                else out.printf("%12d  %-24s  %-24s  %s%n", f.size(), f.lastModified(), f.contentType(), n);
            }
            if (!page.hasMore() || page.last().equals(options.last())) break;
            options = options.withLast(page.last());
        }
        out.flush();
    }
}
