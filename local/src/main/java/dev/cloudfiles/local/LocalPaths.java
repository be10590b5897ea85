package dev.cloudfiles.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code local/} module folder (where dynalite is installed) and the repository root. */
public final class LocalPaths {
    /** System property naming the {@code local/} folder explicitly. */
    public static final String LOCAL_DIR_PROPERTY = "cloudfiles.local.dir";

    private LocalPaths() {}

    /**
     * The {@code local/} folder: the system property if set, else the first folder, walking up
     * from the working directory, that is {@code local/} itself or contains it.
     */
    public static Path localDir() {
        String configured = System.getProperty(LOCAL_DIR_PROPERTY);
        if (configured != null && !configured.isBlank())
            return Path.of(configured).toAbsolutePath().normalize();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isLocalDir(dir)) return dir;
            if (isLocalDir(dir.resolve("local"))) return dir.resolve("local");
        }
        throw new IllegalStateException("cannot find the local/ folder (with package.json naming dynalite) above "
                + Path.of("").toAbsolutePath() + "; set -D" + LOCAL_DIR_PROPERTY + "=PATH");
    }

    /** The repository root: the parent of {@code local/}. */
    public static Path repoRoot() {
        return localDir().getParent();
    }

    private static boolean isLocalDir(Path dir) {
        Path manifest = dir.resolve("package.json");
        try {
            return Files.isRegularFile(manifest) && Files.readString(manifest).contains("\"dynalite\"");
        } catch (IOException e) {
            return false;
        }
    }
}
