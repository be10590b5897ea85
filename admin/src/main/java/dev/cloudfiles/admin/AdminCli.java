package dev.cloudfiles.admin;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cloudfiles admin}: operator commands that talk to the deployment's DynamoDB table with
 * the operator's own AWS credentials, never through the HTTP API (which has no admin routes).
 * Exit codes: 0 done, 1 failed (cannot connect, AWS error, no such key), 2 bad usage or invalid
 * input. Every error is one line on stderr; a DynamoDB that is not there is named, with what to
 * check ({@link ConnectionHints}), after at most {@link TableOptions#MAX_ATTEMPTS} attempts.
 */
@Command(
        name = "cloudfiles admin",
        mixinStandardHelpOptions = true,
        version = "cloudfiles admin 0.1.0",
        description = "Manage Cloud Files API keys in the deployment's DynamoDB table.",
        subcommands = {KeysCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Environment: CLOUD_FILES_DYNAMODB_ENDPOINT (e.g. http://127.0.0.1:8000 for make run),"
                    + " CLOUD_FILES_REGION, CLOUD_FILES_TABLE, CLOUD_FILES_STACK; a flag wins over its variable.",
            "Exit codes: 0 done, 1 failed (cannot connect, an AWS error, no such key, no table named),"
                    + " 2 bad usage or invalid input."
        })
public final class AdminCli {
    private final Map<String, String> env;

    public AdminCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Map<String, String> env() {
        return env;
    }

    /** A configured command line: one-line errors, exit 2 for usage, 1 for failures. */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AdminCli(env));
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine()
                    .getErr()
                    .println("error: " + OneLine.of(e.getMessage()) + " (see: "
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + OneLine.describe(e));
            return 1;
        });
        return cli;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(System.getenv(), out, err).execute(args));
    }
}
