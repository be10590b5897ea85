package dev.cloudfiles.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.TestHttp;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every command, run in-process against the local stack, with captured stdout/stderr and exit codes. */
class CloudFilesCliTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path dir;

    private Map<String, String> env;

    /** What a run printed and returned. */
    record Result(int code, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, UTF_8);
        }
    }

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of(
                CloudDriveConfig.ENV_URL, stack.gatewayUri().toString(),
                CloudDriveConfig.ENV_KEY, stack.newKeySecret(),
                CloudDriveConfig.ENV_DRIVE, "cli"));
    }

    private Result run(String... args) {
        return runWithStdin(new byte[0], false, args);
    }

    private Result runWithStdin(byte[] stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CloudFilesCli(
                        env,
                        new ByteArrayInputStream(stdin),
                        new PrintStream(out, true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        interactive)
                .configure(b -> b.backoffBase(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)))
                .run(args);
        return new Result(code, out.toByteArray(), err.toString(UTF_8));
    }

    private Path local(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, UTF_8);
        return file;
    }

    private static void assertOneLineError(Result r, int code, String contains) {
        assertThat(r.code()).as(r.stderr()).isEqualTo(code);
        assertThat(r.stderr()).startsWith("cloudfiles: ").contains(contains).endsWith(System.lineSeparator());
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void putNamesTheFileAfterTheLocalFileByDefault() throws Exception {
        Path hello = local("hello.txt", "Hello world");

        Result put = run("put", hello.toString());

        assertThat(put.code()).as(put.stderr()).isZero();
        assertThat(put.out()).isEqualTo("hello.txt (11 bytes, text/plain)" + System.lineSeparator());
        assertThat(put.stderr()).isEmpty();
        assertThat(run("cat", "hello.txt").out()).isEqualTo("Hello world");
    }

    @Test
    void putWithANameAContentTypeAndFromStdin() throws Exception {
        Path csv = local("data.csv", "a,b\n1,2\n");

        assertThat(run("put", csv.toString(), "tables/data", "--content-type", "text/csv")
                        .out())
                .startsWith("tables/data (8 bytes, text/csv)");
        Result fromStdin = runWithStdin("piped bytes".getBytes(UTF_8), false, "put", "-", "notes/piped.txt");
        assertThat(fromStdin.code()).as(fromStdin.stderr()).isZero();
        assertThat(run("cat", "notes/piped.txt").out()).isEqualTo("piped bytes");
        assertThat(run("cat", "tables/data").out()).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void putErrors() {
        assertOneLineError(run("put", "-"), 2, "needs a NAME");
        assertOneLineError(run("put", dir.resolve("missing.txt").toString()), 1, "no such file");
        assertOneLineError(run("put"), 2, "LOCAL");
    }

    @Test
    void putIfAbsentCreatesOnlyOnce() throws Exception {
        Path first = local("first.txt", "first");
        Result created = run("put", first.toString(), "once.txt", "--if-absent");
        assertThat(created.code()).as(created.stderr()).isZero();

        assertOneLineError(
                run("put", local("second.txt", "second").toString(), "once.txt", "--if-absent"), 1, "HTTP 412");
        assertOneLineError(
                runWithStdin("piped".getBytes(UTF_8), false, "put", "-", "once.txt", "--if-absent"), 1, "HTTP 412");
        assertThat(run("cat", "once.txt").out()).isEqualTo("first");
    }

    @Test
    void getToAFileToADirectoryAndToStdout() throws Exception {
        run("put", local("report.txt", "quarterly").toString(), "docs/2026/report.txt");

        Path target = dir.resolve("copy.txt");
        Result toFile = run("get", "docs/2026/report.txt", target.toString());
        assertThat(toFile.code()).as(toFile.stderr()).isZero();
        assertThat(Files.readString(target)).isEqualTo("quarterly");

        Path into = Files.createDirectory(dir.resolve("into"));
        assertThat(run("get", "docs/2026/report.txt", into.toString()).code()).isZero();
        assertThat(Files.readString(into.resolve("report.txt"))).isEqualTo("quarterly");

        Result toStdout = run("get", "docs/2026/report.txt", "-");
        assertThat(toStdout.out()).isEqualTo("quarterly");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    /**
     * Stored bytes changed behind the service's back (bit rot, tampering): the same length, one bit
     * different, written straight into S3Proxy under the file's blob.
     */
    private void corruptStoredBytes(String name) {
        String project = env.get(CloudDriveConfig.ENV_KEY)
                .substring(0, env.get(CloudDriveConfig.ENV_KEY).indexOf('_'));
        var item = stack.clients()
                .dynamo()
                .getItem(b -> b.tableName(stack.config().table())
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS(project + "/cli"),
                                "sk", AttributeValue.fromS(name))))
                .item();
        String blob = item.get("blob").s();
        var s3 = stack.clients().s3();
        byte[] bytes = s3.getObjectAsBytes(
                        b -> b.bucket(stack.config().bucket()).key(blob))
                .asByteArray();
        bytes[0] ^= 1;
        s3.putObject(b -> b.bucket(stack.config().bucket()).key(blob), RequestBody.fromBytes(bytes));
    }

    @Test
    void getOfBytesThatDoNotMatchTheirSha256FailsAndLeavesNoFile() throws Exception {
        run("put", local("ledger.txt", "balance: 100").toString(), "ledger.txt");
        corruptStoredBytes("ledger.txt");

        Path target = dir.resolve("ledger-copy.txt");
        assertOneLineError(run("get", "ledger.txt", target.toString()), 1, "SHA-256");
        assertThat(target).doesNotExist();
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
        Result cat = run("cat", "ledger.txt");
        assertThat(cat.code()).isEqualTo(1);
        assertThat(cat.stderr()).contains("changed on the way");
    }

    @Test
    void getAndCatOfAMissingFileFail() {
        assertOneLineError(run("get", "nope.txt", dir.resolve("x").toString()), 1, "no such file: nope.txt");
        assertOneLineError(run("cat", "nope.txt"), 1, "no such file: nope.txt");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void getIntoAMissingFolderSaysSo() throws Exception {
        run("put", local("report.txt", "quarterly").toString(), "report.txt");
        Path missing = dir.resolve("no-such-folder").resolve("copy.txt");
        assertOneLineError(
                run("get", "report.txt", missing.toString()),
                1,
                "the folder " + missing.getParent() + " does not exist");
        assertThat(missing.getParent()).doesNotExist();
    }

    /** A port that refuses connections: bound (so no one else takes it) but not listening. */
    @Test
    void aServerThatIsNotThereIsNamedWithAHint() throws Exception {
        try (Socket unused = new Socket()) {
            unused.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            String url = "http://127.0.0.1:" + unused.getLocalPort();
            env.put(CloudDriveConfig.ENV_URL, url);
            Result r = run("ls");
            assertOneLineError(r, 1, "cannot connect to " + url);
            assertThat(r.stderr()).contains("make run").doesNotContain("ConnectException");
        }
    }

    @Test
    void catWritesRawBytes() {
        byte[] bytes =
                GeneratedContent.bytes(9, 3 * 1024 * 1024); // over the inline download limit: through the redirect
        assertThat(runWithStdin(bytes, false, "put", "-", "blob.bin").code()).isZero();

        assertThat(run("cat", "blob.bin").stdout()).isEqualTo(bytes);
    }

    @Test
    void lsListsRecursivelyLongAndFolded() throws Exception {
        for (String name : new String[] {"a.txt", "notes/september/today.txt", "notes/todo.txt"}) {
            run("put", local("f", name).toString(), name);
        }

        assertThat(run("ls").out().lines()).containsExactly("a.txt", "notes/september/today.txt", "notes/todo.txt");
        assertThat(run("ls", "notes").out().lines()).containsExactly("notes/september/today.txt", "notes/todo.txt");
        assertThat(run("ls", "notes", "--folded").out().lines()).containsExactly("notes/september/", "notes/todo.txt");
        assertThat(run("ls", "nothing").out()).isEmpty();

        Result longFormat = run("ls", "notes", "-l", "--folded");
        assertThat(longFormat.code()).isZero();
        assertThat(longFormat.out().lines()).hasSize(2);
        assertThat(longFormat.out().lines().toList().get(0)).matches("\\s+-\\s+-\\s+-\\s+notes/september/");
        assertThat(longFormat.out().lines().toList().get(1))
                .matches("\\s+14\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+text/plain\\s+notes/todo.txt");
    }

    @Test
    void rmDeletesAndReportsFailures() throws Exception {
        run("put", local("1", "1").toString(), "one.txt");
        run("put", local("2", "2").toString(), "two.txt");

        Result rm = run("rm", "one.txt", "two.txt", "never-was.txt");
        assertThat(rm.code()).as(rm.stderr()).isZero();
        assertThat(run("ls").out()).isEmpty();

        assertOneLineError(run("rm", "ok.txt", "bad//name"), 1, "bad//name (invalid name)");
        assertOneLineError(run("rm"), 2, "NAME");
    }

    @Test
    void largeTransfersGoInPartsAndDrawAProgressBarOnlyOnATerminal() throws Exception {
        byte[] bytes = GeneratedContent.bytes(10, 9 * 1024 * 1024);
        Path big = dir.resolve("big.bin");
        Files.write(big, bytes);

        Result quiet = run("put", big.toString());
        assertThat(quiet.code()).as(quiet.stderr()).isZero();
        assertThat(quiet.stderr()).isEmpty();

        Result drawn = runWithStdin(new byte[0], true, "put", big.toString(), "big-again.bin");
        assertThat(drawn.code()).as(drawn.stderr()).isZero();
        assertThat(drawn.stderr())
                .contains("put big-again.bin")
                .contains("MiB")
                .as("a rate is written with its leading digit, from the first frame on")
                .doesNotContainPattern("(?<![0-9])\\.[0-9]MiB/s");

        Path back = dir.resolve("back.bin");
        assertThat(runWithStdin(new byte[0], true, "get", "big-again.bin", back.toString())
                        .code())
                .isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
    }

    @Test
    void largeGetsAndCatsComeInParallelRangesInOrder() throws Exception {
        byte[] bytes = GeneratedContent.bytes(11, 5 * 1024 * 1024 + 7);
        Path big = dir.resolve("ranged.bin");
        Files.write(big, bytes);
        assertThat(run("put", big.toString()).code()).isZero();
        Consumer<CloudDriveConfig.Builder> ranges =
                b -> b.downloadPartSize(1024 * 1024).downloadParallelism(3);

        Path back = dir.resolve("ranged-back.bin");
        Result got = runWith(ranges, "get", "ranged.bin", back.toString());
        Result cat = runWith(ranges, "cat", "ranged.bin");
        Result dash = runWith(ranges, "get", "ranged.bin", "-");

        assertThat(got.code()).as(got.stderr()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
        assertThat(cat.code()).as(cat.stderr()).isZero();
        assertThat(cat.stdout()).isEqualTo(bytes);
        assertThat(dash.stdout()).isEqualTo(bytes);
    }

    private Result runWith(Consumer<CloudDriveConfig.Builder> customizer, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CloudFilesCli(
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        false)
                .configure(customizer)
                .run(args);
        return new Result(code, out.toByteArray(), err.toString(UTF_8));
    }

    @Test
    void helpOnEveryCommand() {
        for (String command : new String[] {"put", "get", "cat", "ls", "rm", "sync", "mv", "cp"}) {
            Result help = run(command, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out())
                    .contains("Usage: cloudfiles " + command)
                    .contains("--url")
                    .contains("--drive");
        }
        Result top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("put", "get", "cat", "ls", "rm", "sync", "mv", "cp", "CLOUD_FILES_URL");
    }

    /**
     * {@code cloudfiles --help} lists each command with the first line of its description: that
     * line must be a whole sentence (it once cut off at "an existing TO").
     */
    @Test
    void everyCommandSummaryInTheHelpIsAWholeSentence() {
        Result top = run("--help");
        assertThat(top.code()).isZero();
        List<String> summaries = new ArrayList<>();
        boolean inCommands = false;
        for (String line : top.out().lines().toList()) {
            if (line.equals("Commands:")) inCommands = true;
            else if (inCommands && line.isBlank()) break;
            else if (inCommands && line.matches("  \\S.*")) summaries.add(line.strip());
            else if (inCommands)
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
        }
        var subcommands = new picocli.CommandLine(new CloudFilesCli(env, null, null, null, false)).getSubcommands();
        assertThat(summaries).hasSize(new HashSet<>(subcommands.values()).size());
        for (String entry : summaries) {
            String summary = entry.replaceFirst("^[^ ,]+(, [^ ,]+)*\\s+", "");
            assertThat(summary).as(entry).matches("[A-Z].*[.]").doesNotContain("  ");
        }
        for (var command : subcommands.values()) {
            var usage = command.getCommandSpec().usageMessage();
            String first = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertThat(first).as(command.getCommandName()).matches("[A-Z].*[.]");
            assertThat(top.out().replaceAll("\\s+", " ")).contains(first);
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run().code()).isEqualTo(2);
        assertOneLineError(run("frobnicate"), 2, "frobnicate");
        assertOneLineError(run("ls", "--no-such-flag"), 2, "--no-such-flag");

        env.clear();
        assertOneLineError(run("ls"), 2, "CLOUD_FILES_URL");
        env.put(CloudDriveConfig.ENV_URL, stack.gatewayUri().toString());
        env.put(CloudDriveConfig.ENV_KEY, "no-underscore");
        env.put(CloudDriveConfig.ENV_DRIVE, "cli");
        assertOneLineError(run("ls"), 2, "key");
    }

    @Test
    void flagsOverrideTheEnvironment() throws Exception {
        String key = env.get(CloudDriveConfig.ENV_KEY);
        env.remove(CloudDriveConfig.ENV_KEY);
        env.put(CloudDriveConfig.ENV_DRIVE, "not-this-one");

        assertThat(run(
                                "--key",
                                key,
                                "--drive",
                                "flagged",
                                "put",
                                local("x.txt", "x").toString())
                        .code())
                .isZero();
        assertThat(run("ls", "--key", key, "--drive", "flagged").out()).isEqualTo("x.txt" + System.lineSeparator());
        assertThat(run("ls", "--key", key).out()).isEmpty();

        env.put(CloudDriveConfig.ENV_KEY, key.substring(0, key.indexOf('_')) + "_wrong");
        assertOneLineError(run("ls"), 1, "HTTP 401");
    }

    @Test
    void shareSharesAndUnshare() throws Exception {
        run("put", local("report.txt", "quarterly").toString(), "docs/report.txt");
        Result shared = run("share", "docs/report.txt", "--ttl", "7d");
        assertThat(shared.code()).as(shared.stderr()).isZero();
        String url = shared.out().strip();
        assertThat(url).startsWith(stack.gatewayUri() + "/s/");
        HttpClient http = TestHttp.BROWSER;
        var fetched = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.body()).isEqualTo("quarterly"); // followed the 302, no key

        Result listed = run("shares");
        assertThat(listed.code()).as(listed.stderr()).isZero();
        assertThat(listed.out().lines()).hasSize(1);
        String line = listed.out().lines().findFirst().orElseThrow();
        assertThat(line).endsWith("docs/report.txt");
        String id = line.split(" ")[0];

        assertThat(run("unshare", id).code()).isZero();
        assertThat(run("shares").out()).isEmpty();
        var gone = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertOneLineError(run("unshare", id), 1, "HTTP 404");
        assertOneLineError(run("share", "nope.txt"), 1, "HTTP 404");
        assertOneLineError(run("share", "docs/report.txt", "--ttl", "31d"), 2, "--ttl");
        assertOneLineError(run("share", "docs/report.txt", "--ttl", "soon"), 2, "--ttl");
    }

    @Test
    void mvAndCpAndTheirLongNames() throws Exception {
        assertThat(run("put", local("n.txt", "note").toString(), "notes/n.txt").code())
                .isZero();
        Result mv = run("mv", "notes/n.txt", "notes/renamed.txt");
        assertThat(mv.code()).as(mv.stderr()).isZero();
        assertThat(mv.out()).isEmpty();
        assertThat(run("cat", "notes/renamed.txt").out()).isEqualTo("note");
        assertOneLineError(run("cat", "notes/n.txt"), 1, "notes/n.txt");

        Result cp = run("cp", "notes/renamed.txt", "notes/copy.txt");
        assertThat(cp.code()).as(cp.stderr()).isZero();
        assertThat(run("move", "notes/copy.txt", "notes/moved-copy.txt").code()).isZero();
        assertThat(run("copy", "notes/moved-copy.txt", "notes/third.txt").code())
                .isZero();
        assertThat(run("ls", "notes").out().lines().toList())
                .containsExactly("notes/moved-copy.txt", "notes/renamed.txt", "notes/third.txt");
        assertThat(run("cat", "notes/third.txt").out()).isEqualTo("note");
    }

    @Test
    void mvAndCpFailInOneLineAndChangeNothing() throws Exception {
        assertThat(run("put", local("a.txt", "a").toString(), "a.txt").code()).isZero();
        assertThat(run("put", local("b.txt", "b").toString(), "b.txt").code()).isZero();
        assertOneLineError(run("mv", "a.txt", "b.txt", "--no-clobber"), 1, "412");
        assertOneLineError(run("cp", "a.txt", "c.txt", "--if-match", "\"0000\""), 1, "412");
        assertOneLineError(run("mv", "missing.txt", "c.txt"), 1, "404");
        assertOneLineError(run("mv", "a.txt", "a.txt"), 2, "same name");
        assertOneLineError(run("mv", "a.txt"), 2, "TO");
        assertOneLineError(run("cp", "a.txt", "c.txt", "-n", "--if-match", "x"), 2, "either");
        assertThat(run("ls").out().lines().toList()).containsExactly("a.txt", "b.txt");
    }
}
