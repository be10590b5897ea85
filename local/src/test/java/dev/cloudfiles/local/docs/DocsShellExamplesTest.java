package dev.cloudfiles.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalPaths;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ```sh} block of README.md and docs/*.md against a local stack on ports of its
 * own, so an example that no longer does what its text says fails the build.
 *
 * <p>The blocks of one file run in order in one {@code bash -euo pipefail} (a later block may use
 * what an earlier one set), in the repository folder, with {@code CLOUD_FILES_URL} (this stack's
 * gateway), {@code CLOUD_FILES_KEY} (a key for project {@code dev}) and {@code TMPDIR} (a
 * temporary folder, so {@code mktemp -d} lands there) set. A block fails when it exits nonzero.
 * Comment lines directly above a block's fence say more:
 *
 * <ul>
 *   <li>{@code <!-- output contains: TEXT -->}: the block's output (stdout and stderr) must
 *       contain TEXT; one line per expectation.
 *   <li>{@code <!-- not run: REASON -->}: the block cannot run here (AWS, {@code make run}
 *       itself, a jar the build has not made yet); it is counted, never silently skipped.
 * </ul>
 */
class DocsShellExamplesTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final Pattern EXPECT = Pattern.compile("^<!-- output contains: (.+) -->$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!-- not run: (.+) -->$");

    /** One {@code ```sh} block: where it is, its text, what its annotations say. */
    record Block(Path file, int line, String script, List<String> expected, String notRun) {
        String where() {
            return LocalPaths.repoRoot().relativize(file) + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShellExampleRuns(@TempDir Path tmp) throws IOException {
        Path root = LocalPaths.repoRoot();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        String key = stack.newKey("dev").secret();
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(
                        root.relativize(file).toString(), () -> runAll(file, blocks(file), tmp, key)));
    }

    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```sh")) continue;
            List<String> expected = new ArrayList<>();
            String notRun = null;
            for (int j = i - 1; j >= 0; j--) {
                Matcher e = EXPECT.matcher(lines.get(j));
                Matcher n = NOT_RUN.matcher(lines.get(j));
                if (e.matches()) expected.add(0, e.group(1));
                else if (n.matches()) notRun = n.group(1);
                else break;
            }
            StringBuilder script = new StringBuilder();
            int start = i + 1;
            for (i = start; !lines.get(i).equals("```"); i++)
                script.append(lines.get(i)).append('\n');
            blocks.add(new Block(file, start, script.toString(), expected, notRun));
        }
        return blocks;
    }

    private static void runAll(Path file, List<Block> blocks, Path tmp, String key) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "run");
        List<Block> run = blocks.stream().filter(b -> b.notRun() == null).toList();
        StringBuilder driver = new StringBuilder("set -euo pipefail\ncd \"$REPO\"\n");
        for (int n = 0; n < run.size(); n++) {
            Path script = dir.resolve(n + ".sh");
            Files.writeString(script, run.get(n).script());
            driver.append("source '%s' > '%s.out' 2>&1 < /dev/null\necho done > '%s.done'\n"
                    .formatted(script, dir.resolve(String.valueOf(n)), dir.resolve(String.valueOf(n))));
        }
        Path driverFile = dir.resolve("driver.sh");
        Files.writeString(driverFile, driver);

        ProcessBuilder bash = new ProcessBuilder("bash", driverFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.out").toFile());
        bash.environment().put("REPO", LocalPaths.repoRoot().toString());
        bash.environment().put("CLOUD_FILES_URL", stack.gatewayUri().toString().replaceAll("/$", ""));
        bash.environment().put("CLOUD_FILES_KEY", key);
        bash.environment().put("TMPDIR", tmp.toString());
        Process process = bash.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }

        for (int n = 0; n < run.size(); n++) {
            Block block = run.get(n);
            Path out = dir.resolve(n + ".out");
            String output = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "(not started)";
            assertThat(Files.exists(dir.resolve(n + ".done")))
                    .as("the example at %s exited nonzero (or never ran); its output:%n%s", block.where(), output)
                    .isTrue();
            for (String expected : block.expected()) {
                assertThat(output)
                        .as("the example at %s: its output should contain what the text says", block.where())
                        .contains(expected);
            }
        }
        long notRun = blocks.size() - run.size();
        System.out.printf(
                "%s: %d shell examples, %d run, %d not run (%s)%n",
                LocalPaths.repoRoot().relativize(file),
                blocks.size(),
                run.size(),
                notRun,
                String.join(
                        "; ",
                        blocks.stream()
                                .filter(b -> b.notRun() != null)
                                .map(b -> b.where() + ": " + b.notRun())
                                .toList()));
        assertThat(process.exitValue()).as("the shell that ran them").isZero();
    }
}
