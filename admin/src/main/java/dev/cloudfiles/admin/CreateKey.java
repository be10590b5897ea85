package dev.cloudfiles.admin;

import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.names.DriveName;
import dev.cloudfiles.names.ProjectId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keys create}: the secret goes alone to stdout ({@code KEY=$(... keys create ...)} works),
 * the description to stderr. It is printed this once; the table keeps only its SHA-256.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create an API key. Prints its secret once, on stdout; only a hash is stored.")
final class CreateKey implements Callable<Integer> {
    static final int MAX_LABEL = 200;

    @ParentCommand
    KeysCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table;

    @Option(
            names = "--project",
            required = true,
            paramLabel = "P",
            description = "Project id: 1-32 characters of A-Z, a-z, 0-9.")
    String project;

    @Option(
            names = "--drives",
            split = ",",
            paramLabel = "a,b",
            description = "Drives the key grants (default: every drive of the project).")
    List<String> drives = List.of();

    @Option(names = "--read-only", description = "May only download and list (API #6, #7).")
    boolean readOnly;

    @Option(names = "--label", paramLabel = "TEXT", description = "A note for `keys list`, e.g. who holds the key.")
    String label = "";

    @Override
    public Integer call() {
        validate();
        try (KeyTable keyTable = table.open(parent.root.env())) {
            IssuedKey issued = keyTable.keys().create(project, new LinkedHashSet<>(drives), readOnly, label);
            var key = issued.key();
            spec.commandLine()
                    .getErr()
                    .printf(
                            "Created key %s for project %s (%s, %s%s) in table %s.%n"
                                    + "Its secret follows, shown this once: only its SHA-256 hash is stored.%n",
                            key.keyId(),
                            key.project(),
                            KeyRows.drives(key),
                            key.readOnly() ? "read-only" : "read-write",
                            key.label().isEmpty() ? "" : ", label \"" + key.label() + "\"",
                            keyTable.table());
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(issued.secret());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private void validate() {
        if (!ProjectId.isValid(project)) {
            throw invalid("invalid --project '" + OneLine.of(project)
                    + "': a project id is 1-32 characters of A-Z, a-z and 0-9");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--drives") && drives.isEmpty()) {
            throw invalid(
                    "--drives names no drive: list drives as a,b, or leave --drives out for a key to every drive");
        }
        for (String drive : drives) {
            if (!DriveName.isValid(drive)) {
                throw invalid("invalid drive '" + OneLine.of(drive)
                        + "' in --drives: a drive name is 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
            }
        }
        if (label.length() > MAX_LABEL || !label.equals(OneLine.of(label))) {
            throw invalid("invalid --label: at most " + MAX_LABEL + " characters, one line, no control characters");
        }
    }

    private ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
