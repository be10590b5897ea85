package dev.cloudfiles.cli;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares: where the API is, the key and the drive. They are declared
 * once on the top-level command and inherited by each subcommand, so they may stand before or
 * after the subcommand; unset, they default to {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY}
 * and {@code CLOUD_FILES_DRIVE} (see {@link #environmentDefaults(Map)}).
 */
final class ConnectionOptions {
    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "API base URL (default: $CLOUD_FILES_URL).")
    String url;

    @Option(
            names = "--key",
            scope = ScopeType.INHERIT,
            paramLabel = "KEY",
            description = "API key (default: $CLOUD_FILES_KEY).")
    String key;

    @Option(
            names = "--drive",
            scope = ScopeType.INHERIT,
            paramLabel = "DRIVE",
            description = "Drive name (default: $CLOUD_FILES_DRIVE).")
    String drive;

    @Option(
            names = "--state-dir",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Where interrupted uploads are recorded for 'put --resume' (default:"
                    + " $CLOUD_FILES_STATE_DIR, else $XDG_STATE_HOME/cloudfiles/uploads,"
                    + " else ~/.local/state/cloudfiles/uploads).")
    String stateDir;

    /** The defaults of these options, from the environment. */
    static CommandLine.IDefaultValueProvider environmentDefaults(Map<String, String> env) {
        return arg -> {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) return null;
            return switch (option.longestName()) {
                case "--url" -> env.get(CloudDriveConfig.ENV_URL);
                case "--key" -> env.get(CloudDriveConfig.ENV_KEY);
                case "--drive" -> env.get(CloudDriveConfig.ENV_DRIVE);
                case "--state-dir" -> defaultStateDir(env);
                default -> null;
            };
        };
    }

    /**
     * {@code CLOUD_FILES_STATE_DIR}, else {@code $XDG_STATE_HOME/cloudfiles/uploads}, else
     * {@code $HOME/.local/state/cloudfiles/uploads} (the XDG default); null without any of them
     * (then nothing is recorded and nothing can be resumed).
     */
    static String defaultStateDir(Map<String, String> env) {
        String own = env.get(CloudDriveConfig.ENV_STATE_DIR);
        if (!isBlank(own)) return own;
        String xdg = env.get("XDG_STATE_HOME");
        if (!isBlank(xdg)) return Path.of(xdg, "cloudfiles", "uploads").toString();
        String home = env.get("HOME");
        if (!isBlank(home))
            return Path.of(home, ".local", "state", "cloudfiles", "uploads").toString();
        return null;
    }

    /**
     * A client from these options, with {@code customizer} applied last; missing or malformed
     * configuration is a usage error.
     */
    CloudDrive open(Consumer<CloudDriveConfig.Builder> customizer) {
        if (isBlank(url)) throw new UsageError("no API URL: set CLOUD_FILES_URL or pass --url");
        if (isBlank(key)) throw new UsageError("no API key: set CLOUD_FILES_KEY or pass --key");
        if (isBlank(drive)) throw new UsageError("no drive: set CLOUD_FILES_DRIVE or pass --drive");
        try {
            CloudDriveConfig.Builder b = CloudDriveConfig.builder()
                    .endpoint(URI.create(url.trim()))
                    .apiKey(key.trim())
                    .drive(drive.trim())
                    .uploadStateDir(isBlank(stateDir) ? null : Path.of(stateDir.trim()));
            customizer.accept(b);
            return CloudDrive.create(b.build());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
