package dev.cloudfiles.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cloudfiles admin keys}: the container of create, list and revoke. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys. Secrets are shown once and stored only as SHA-256 hashes.",
        subcommands = {CreateKey.class, ListKeys.class, RevokeKey.class})
final class KeysCommand {
    @ParentCommand
    AdminCli root;
}
