package dev.cloudfiles.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.client.StreamingBody;
import dev.cloudfiles.client.sync.Sync;
import dev.cloudfiles.client.sync.SyncListener;
import dev.cloudfiles.client.sync.SyncOptions;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Downloads get the permissions {@code curl -o} would give: a new file what the umask allows, a
 * replaced file its own mode — by every path to a file (the CLI's get and sync, the library's
 * download and saveTo). Against the local stack, on a POSIX file system.
 */
class DownloadPermissionsTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path dir;

    private String key;
    private CloudDrive drive;

    @BeforeEach
    void open() {
        key = stack.newKeySecret();
        drive = CloudDrive.create(stack.gatewayUri().toString(), key, "modes");
        drive.put("a.txt", "stored bytes");
        drive.put("tree/b.txt", "more stored bytes");
    }

    @AfterEach
    void close() {
        drive.close();
    }

    /** The CLI in a child process started by a shell with this umask: new files come out as it says. */
    @ParameterizedTest
    @CsvSource({"022, rw-r--r--", "077, rw-------", "002, rw-rw-r--"})
    void newFilesGetWhatTheUmaskGives(String umask, String expected) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "umask " + umask + " && '" + java + "' -cp \"$CLI_CLASSPATH\" dev.cloudfiles.cli.CloudFilesCli"
                + " get a.txt got.txt && '" + java + "' -cp \"$CLI_CLASSPATH\" dev.cloudfiles.cli.CloudFilesCli"
                + " sync cf:tree synced --quiet";
        ProcessBuilder bash =
                new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        bash.environment().put("CLI_CLASSPATH", System.getProperty("java.class.path"));
        bash.environment().put(CloudDriveConfig.ENV_URL, stack.gatewayUri().toString());
        bash.environment().put(CloudDriveConfig.ENV_KEY, key);
        bash.environment().put(CloudDriveConfig.ENV_DRIVE, "modes");
        Process child = bash.start();
        String output;
        try (InputStream out = child.getInputStream()) {
            output = new String(out.readAllBytes(), UTF_8);
        }
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();

        assertThat(dir.resolve("got.txt")).hasContent("stored bytes");
        assertThat(mode(dir.resolve("got.txt"))).isEqualTo(expected);
        assertThat(dir.resolve("synced/b.txt")).hasContent("more stored bytes");
        assertThat(mode(dir.resolve("synced/b.txt"))).isEqualTo(expected);
    }

    /** In this JVM: a new file gets what this process's umask gives, read from a probe file it creates. */
    @Test
    void aNewFileGetsTheModeOfAFileThisProcessCreates() throws Exception {
        String umasked = mode(Files.createFile(dir.resolve("probe")));
        drive.download("a.txt", dir.resolve("downloaded.txt"));
        try (StreamingBody body = drive.get("a.txt")) {
            body.saveTo(dir.resolve("saved.txt"));
        }
        assertThat(cli("get", "a.txt", dir.resolve("got.txt").toString())).isZero();
        for (String name : new String[] {"downloaded.txt", "saved.txt", "got.txt"}) {
            assertThat(dir.resolve(name)).hasContent("stored bytes");
            assertThat(mode(dir.resolve(name))).as(name).isEqualTo(umasked);
        }
    }

    /** An existing 0755 (or 0600, or 0444) file is replaced with new bytes and keeps its mode, by every path. */
    @ParameterizedTest
    @CsvSource({"rwxr-xr-x", "rw-------", "r--r--r--"})
    void aReplacedFileKeepsItsMode(String existing) throws Exception {
        Path downloaded = existing(dir.resolve("downloaded.txt"), existing);
        Path saved = existing(dir.resolve("saved.txt"), existing);
        Path got = existing(dir.resolve("got.txt"), existing);
        Path synced = existing(Files.createDirectory(dir.resolve("synced")).resolve("b.txt"), existing);

        drive.download("a.txt", downloaded);
        try (StreamingBody body = drive.get("a.txt")) {
            body.saveTo(saved);
        }
        assertThat(cli("get", "a.txt", got.toString())).isZero();
        assertThat(Sync.download(drive, "tree", dir.resolve("synced"), SyncOptions.defaults())
                        .run(SyncListener.NONE)
                        .complete())
                .isTrue();

        for (Path p : new Path[] {downloaded, saved, got}) {
            assertThat(p).hasContent("stored bytes");
            assertThat(mode(p)).as(p.toString()).isEqualTo(existing);
        }
        assertThat(synced).hasContent("more stored bytes");
        assertThat(mode(synced)).isEqualTo(existing);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    private static Path existing(Path file, String mode) throws Exception {
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private int cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CloudFilesCli(
                        Map.of(
                                CloudDriveConfig.ENV_URL,
                                stack.gatewayUri().toString(),
                                CloudDriveConfig.ENV_KEY,
                                key,
                                CloudDriveConfig.ENV_DRIVE,
                                "modes"),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        false)
                .run(args);
        assertThat(code).as(err.toString(UTF_8)).isIn(0, 1, 2, 3);
        return code;
    }
}
