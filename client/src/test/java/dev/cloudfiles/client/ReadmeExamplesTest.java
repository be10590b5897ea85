package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Java block of client/README.md, verbatim and in order, in {@code jshell} against the
 * local stack — with the environment variables the README tells users to set, in a directory
 * holding the local files the examples read. Only the README's {@code 127.0.0.1:3000} becomes
 * the test stack's address.
 */
class ReadmeExamplesTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @Test
    void everyJavaExampleRuns(@TempDir Path dir) throws Exception {
        byte[] image = GeneratedContent.bytes(1, 50_000);
        Files.write(dir.resolve("my_image.png"), image);
        Files.writeString(dir.resolve("data.csv"), "name,size\nhello.txt,11\n");
        Files.writeString(dir.resolve("app.log"), "a log line\n");

        List<String> script = new ArrayList<>();
        boolean inJava = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.equals("```java")) inJava = true;
            else if (line.startsWith("```")) inJava = false;
            else if (inJava)
                script.add(
                        line.replace("http://127.0.0.1:3000", stack.gatewayUri().toString()));
        }
        script.add("System.out.println(\"NAMES \" + drive.list());");
        script.add("/exit");
        Path jsh = dir.resolve("readme.jsh");
        Files.write(jsh, script);

        String output = runAsTheReadmeSays(
                new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jshell")
                                .toString(),
                        "--class-path",
                        System.getProperty("java.class.path"),
                        jsh.toString()),
                dir,
                stack.newKeySecret());

        assertThat(output)
                .as(output)
                .doesNotContain("Error:")
                .doesNotContain("Exception")
                .contains("no such file")
                .contains("share link: " + stack.gatewayUri() + "/s/")
                .doesNotContain("Optional")
                .contains("50000 bytes of image/png")
                .contains("download  my_image.png  (new)")
                .contains("in step")
                .contains("NAMES [data.csv, images/my_image.png, logs/app.log]");
        assertThat(dir.resolve("my_image_copy.png")).hasBinaryContent(image);
    }

    /**
     * The CLI block, verbatim in bash, with {@code bin/cloudfiles} running the CLI from the test
     * classpath (the jar is built after the tests): it needs no file it does not create, leaves
     * nothing in the folder it runs in, and keeps the Latin-1 CSV byte for byte.
     */
    @Test
    void theCliExampleRunsAndCleansUp(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```sh\nmake cli\n");
        String block = readme.substring(start + 6, readme.indexOf("```", start + 6))
                .replaceAll("(?m)^(make cli|export .*)$", "")
                .replace("bin/cloudfiles ", "cloudfiles_cli ");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "cloudfiles_cli() { '" + javaBin
                + "' -cp \"$CLI_CLASSPATH\" dev.cloudfiles.cli.CloudFilesCli \"$@\"; }\n" + block
                + "echo \"SCRIPT DONE\"\n";
        String key = stack.newKeySecret();
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script);
        bash.environment().put("CLI_CLASSPATH", System.getProperty("java.class.path"));
        String output = runAsTheReadmeSays(bash, dir, key);

        assertThat(output)
                .as(output)
                .contains("SCRIPT DONE")
                .contains("Hello world")
                .contains("already exists")
                .contains("upload    notes/today.txt  (new)")
                .contains("download  data.csv  (new)")
                .contains("delete    hello.txt  (not in source)")
                .doesNotContain("Exception")
                .doesNotContain("NoSuchFile");
        try (var left = Files.list(dir)) {
            assertThat(left).as("files left in the folder the example ran in").isEmpty();
        }
        try (CloudDrive drive = CloudDrive.create(stack.gatewayUri().toString(), key, "mydrive");
                StreamingBody csv = drive.get("tables/data.csv")) {
            assertThat(csv.read()).isEqualTo("name;city\nJosé;Zürich\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(csv.contentType()).isEqualTo("text/csv; charset=iso-8859-1");
        }
    }

    /** Runs {@code process} in {@code dir} with the environment the README sets; its output (stdout and stderr). */
    private static String runAsTheReadmeSays(ProcessBuilder process, Path dir, String key) throws Exception {
        process.directory(dir.toFile()).redirectErrorStream(true);
        process.environment().put(CloudDriveConfig.ENV_URL, stack.gatewayUri().toString());
        process.environment().put(CloudDriveConfig.ENV_KEY, key);
        process.environment().put(CloudDriveConfig.ENV_DRIVE, "mydrive");
        Process running = process.start();
        String output;
        try (InputStream out = running.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(running.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return output;
    }
}
