package dev.cloudfiles.admin;

import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keys revoke KEY_ID}: marks the key revoked (the item stays, for {@code keys list}).
 * Function instances that verified the key before keep accepting it for at most their key cache
 * lifetime, {@code CLOUD_FILES_KEY_CACHE_SECONDS} (60 s by default).
 */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description =
                "Revoke an API key by its id (from `keys list`). Takes effect within the functions' key cache TTL (default 60 s).")
final class RevokeKey implements Callable<Integer> {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    @ParentCommand
    KeysCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table;

    @Parameters(
            index = "0",
            paramLabel = "KEY_ID",
            description = "The 16 hex digits shown by `keys create` and `keys list`.")
    String keyId;

    @Override
    public Integer call() {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "invalid KEY_ID '" + OneLine.of(keyId) + "': a key id is 16 hex digits (see `keys list`)");
        }
        try (KeyTable keyTable = table.open(parent.root.env())) {
            if (!keyTable.keys().revoke(keyId)) {
                spec.commandLine().getErr().println("error: no key with id " + keyId + " in table " + keyTable.table());
                return 1;
            }
            spec.commandLine()
                    .getOut()
                    .println("Revoked key " + keyId + ". Function instances that cached it refuse it"
                            + " within CLOUD_FILES_KEY_CACHE_SECONDS (default 60 s).");
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
