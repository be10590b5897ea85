package dev.cloudfiles.admin;

import dev.cloudfiles.names.ProjectId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keys list}: every key (or one project's), revoked ones included, never a secret. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List API keys: id, project, drives, access, created, revoked, label. Never a secret.")
final class ListKeys implements Callable<Integer> {
    @ParentCommand
    KeysCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table;

    @Option(names = "--project", paramLabel = "P", description = "Only this project's keys.")
    String project;

    @Override
    public Integer call() {
        if (project != null && !ProjectId.isValid(project)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "invalid --project '" + OneLine.of(project)
                            + "': a project id is 1-32 characters of A-Z, a-z and 0-9");
        }
        try (KeyTable keyTable = table.open(parent.root.env())) {
            var keys = keyTable.keys().list(Optional.ofNullable(project));
            spec.commandLine().getOut().print(KeyRows.render(keys));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
