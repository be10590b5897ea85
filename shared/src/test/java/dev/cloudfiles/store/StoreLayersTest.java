package dev.cloudfiles.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store's packages, read from their sources: each may use only the packages below it, so there is
 * no cycle and no arrow back up. A new package has to take its place in {@link #LAYERS} first.
 */
class StoreLayersTest {
    /** Bottom first: a package may import those before it (and {@code store} itself: errors, {@link Internal}). */
    static final List<String> LAYERS =
            List.of("table", "blobs", "garbage", "index", "moves", "files", "uploads", "sweep", "shares");

    private static final Path STORE = Path.of("src/main/java/dev/cloudfiles/store");
    private static final Pattern USE = Pattern.compile("dev\\.cloudfiles\\.store\\.([a-z]\\w*)\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyPackageUsesOnlyThoseBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(STORE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = STORE.relativize(file.getParent());
                // The store's root (its errors, the Internal marker) is below all: it may use none.
                String from =
                        dir.toString().isEmpty() ? "(root)" : dir.toString().replace('/', '.');
                if (!dir.toString().isEmpty()) packages.add(from);
                // Code only: a comment may name any class, an import or a qualified name is an arrow.
                String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
                Matcher use = USE.matcher(code);
                while (use.find()) {
                    String to = use.group(1);
                    if (!to.equals(from) && !(LAYERS.indexOf(to) >= 0 && LAYERS.indexOf(to) < LAYERS.indexOf(from))) {
                        violations.add(STORE.relativize(file) + " uses store." + to);
                    }
                }
            }
        }
        assertThat(packages)
                .as("every store package has its place in LAYERS")
                .containsExactlyInAnyOrderElementsOf(LAYERS);
        assertThat(violations)
                .as("arrows that run up, or sideways out of the order")
                .isEmpty();
    }

    @Test
    void anUpwardArrowIsSeen() {
        // The check itself: the pattern finds an import, so the test above could fail.
        Matcher use = USE.matcher("import dev.cloudfiles.store.sweep.Sweeper;");
        assertThat(use.find()).isTrue();
        assertThat(use.group(1)).isEqualTo("sweep");
    }
}
