package dev.cloudfiles.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.ListOptions;
import dev.cloudfiles.client.ListPage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ls [DIR] [-l [-h]] [--folded] [--json]}: page by page, so that a huge drive streams out
 * (as JSON too). {@code -h} is human sizes, as in ls, so help is {@code --help} only here.
 */
@Command(
        name = "ls",
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

    @Option(
            names = {"-h", "--human-readable"},
            description = "With -l, sizes as 1.5K, 12M, 4.0G (powers of 1024), as ls -lh.")
    boolean human;

    @Option(names = "--folded", description = "Show each sub-directory once, as 'dir/', instead of its files.")
    boolean folded;

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    JsonOutput output;

    @Override
    void run(CloudDrive drive) throws IOException {
        PrintStream out = cli.stdout();
        boolean detailed = longFormat || output.json;
        JsonOutput.Document json = output.json ? JsonOutput.open(out) : null;
        if (json != null) {
            // API #7's shape: {"names":[...]}, or with -l {"files":[...]} (a folded directory by its name alone).
            json.g().writeStartObject();
            json.g().writeArrayFieldStart(longFormat ? "files" : "names");
        }
        ListOptions options = ListOptions.directory(dir).withFolded(folded).withDetailed(detailed);
        while (true) {
            ListPage page = drive.listPage(options);
            Map<String, FileInfo> details =
                    page.files().stream().collect(Collectors.toMap(FileInfo::name, f -> f, (a, b) -> a));
            for (String n : page.names()) {
                FileInfo f = details.get(n);
                if (json != null) write(json.g(), n, f);
                else if (!longFormat) out.println(n);
                else if (f == null) out.printf("%12s  %-24s  %-24s  %s%n", "-", "-", "-", n);
                else out.printf("%12s  %-24s  %-24s  %s%n", size(f.size()), f.lastModified(), f.contentType(), n);
            }
            if (!page.hasMore() || page.last().equals(options.last())) break;
            options = options.withLast(page.last());
        }
        if (json != null) {
            json.g().writeEndArray();
            json.g().writeEndObject();
            json.close();
        }
        out.flush();
    }

    private void write(JsonGenerator g, String name, FileInfo f) throws IOException {
        if (!longFormat) {
            g.writeString(name);
        } else if (f != null) {
            JsonOutput.file(g, f);
        } else {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeEndObject();
        }
    }

    private String size(long bytes) {
        return human ? humanSize(bytes) : Long.toString(bytes);
    }

    /**
     * As GNU {@code ls -h}: bytes below 1024, else the largest unit of 1024 that keeps the number
     * at least 1, rounded up, with one decimal below 10 ({@code 1.1K} for 1025 bytes, {@code 12M}).
     */
    static String humanSize(long bytes) {
        if (bytes < 1024) return Long.toString(bytes);
        String units = "KMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        if (value < 10) {
            double tenths = Math.ceil(value * 10) / 10;
            if (tenths < 10) return String.format(Locale.ROOT, "%.1f%c", tenths, units.charAt(unit));
            value = tenths;
        }
        long whole = (long) Math.ceil(value);
        if (whole >= 1024 && unit < units.length() - 1) return "1.0" + units.charAt(unit + 1);
        return whole + "" + units.charAt(unit);
    }
}
