package dev.cloudfiles.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cloudfiles as a real process and its class-data-sharing archive: the first real command
 * makes it, the next ones map it, and nothing about the archive (missing, damaged, made for an
 * older jar, a cache folder that cannot be written, two first runs at once, another JDK) ever
 * makes a run fail or print a byte more. The launcher runs from a copy of the tree in a temporary
 * folder, with a runnable jar of this build's classes (its libraries on the manifest's Class-Path).
 */
class LauncherArchiveTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path tree;

    private Path cache;
    private Path jar;
    private Map<String, String> env;

    /** What a run printed and returned. */
    record Run(int code, String stdout, String stderr) {}

    @BeforeEach
    void tree() throws Exception {
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("").toAbsolutePath().getParent().resolve("bin/cloudfiles"), tree.resolve("bin/cloudfiles"));
        jar = tree.resolve("client/target/cloudfiles-client-test-cli.jar");
        writeRunnableJar(jar);
        cache = tree.resolve("cache");
        env = new HashMap<>(Map.of(
                "XDG_CACHE_HOME",
                cache.toString(),
                "CLOUD_FILES_STATE_DIR",
                tree.resolve("state").toString(),
                CloudDriveConfig.ENV_URL,
                stack.gatewayUri().toString(),
                CloudDriveConfig.ENV_KEY,
                stack.newKeySecret(),
                CloudDriveConfig.ENV_DRIVE,
                "launcher"));
        Path file = tree.resolve("hello.txt");
        Files.writeString(file, "hello\n");
        // filled with the in-process CLI, so that the launcher's first run below is its very first
        int put = new CloudFilesCli(
                        env,
                        InputStream.nullInputStream(),
                        new PrintStream(OutputStream.nullOutputStream()),
                        System.err,
                        false)
                .run("put", file.toString(), "hello.txt");
        assertThat(put).isZero();
    }

    @Test
    void theFirstCommandMakesTheArchiveAndTheNextMapsIt() throws Exception {
        assertClean(cloudfiles("ls"));
        Path archive = onlyArchive();
        assertThat(Files.size(archive)).isPositive();
        FileTime made = Files.getLastModifiedTime(archive);
        assertThat(sharedClassesOf(cloudfiles(List.of("-Xlog:class+load:file=" + tree.resolve("load.log")), "ls")))
                .as("CloudFilesCli comes from the archive")
                .isTrue();
        assertThat(onlyArchive()).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
        try (Stream<Path> files = Files.list(archive.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no partial files are left")
                    .noneMatch(n -> n.endsWith(".tmp") || n.matches(".*\\.ok\\.\\d+"));
        }
    }

    @Test
    void helpMakesNoArchive() throws Exception {
        Run help = cloudfiles("--help");
        assertThat(help.code()).isZero();
        assertThat(help.stdout()).contains("Usage: cloudfiles");
        assertThat(Files.exists(cache.resolve("cloudfiles"))).isFalse();
    }

    @Test
    void aDamagedArchiveIsIgnoredAndMadeAgain() throws Exception {
        assertClean(cloudfiles("ls"));
        Path archive = onlyArchive();
        Files.writeString(archive, "not an archive");
        assertClean(cloudfiles("ls"));
        assertThat(Files.size(onlyArchive())).isGreaterThan(100_000);
        assertThat(sharedClassesOf(cloudfiles(List.of("-Xlog:class+load:file=" + tree.resolve("load.log")), "ls")))
                .isTrue();
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndTheOldOneGoes() throws Exception {
        assertClean(cloudfiles("ls"));
        Path old = onlyArchive();
        writeRunnableJar(jar); // a new build of the jar: new inode and mtime
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertClean(cloudfiles("ls"));
        assertThat(onlyArchive()).isNotEqualTo(old);
        assertThat(Files.exists(old)).isFalse();
    }

    @Test
    void aCacheFolderThatCannotBeWrittenOnlyCostsTheArchive() throws Exception {
        Path notAFolder = tree.resolve("a-file");
        Files.writeString(notAFolder, "");
        env.put("XDG_CACHE_HOME", notAFolder.resolve("cache").toString());
        assertClean(cloudfiles("ls"));
        assertClean(cloudfiles("ls"));
        env.remove("XDG_CACHE_HOME");
        env.put("HOME", tree.resolve("no-such-home").toString());
        Files.writeString(tree.resolve("no-such-home"), ""); // a file: ~/.cache cannot be made
        assertClean(cloudfiles("ls"));
    }

    @Test
    void twoFirstRunsAtOnceBothSucceedAndLeaveOneArchive() throws Exception {
        Process a = start(List.of(), "ls");
        Process b = start(List.of(), "ls");
        assertClean(finish(a));
        assertClean(finish(b));
        Path archive = onlyArchive();
        assertThat(sharedClassesOf(cloudfiles(List.of("-Xlog:class+load:file=" + tree.resolve("load.log")), "ls")))
                .isTrue();
        assertThat(onlyArchive()).isEqualTo(archive);
    }

    @Test
    void anotherJdkGetsAnArchiveOfItsOwn() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25), "needs a second JDK at " + JDK_25);
        assertClean(cloudfiles("ls"));
        Path first = onlyArchive();
        env.put("JAVA", JDK_25.toString());
        assertClean(cloudfiles("ls"));
        assertThat(archives()).hasSize(2).contains(first);
        assertThat(sharedClassesOf(cloudfiles(List.of("-Xlog:class+load:file=" + tree.resolve("load.log")), "ls")))
                .isTrue();
        env.remove("JAVA");
        assertThat(sharedClassesOf(cloudfiles(List.of("-Xlog:class+load:file=" + tree.resolve("load.log")), "ls")))
                .as("the first JDK still maps its own")
                .isTrue();
    }

    // --- helpers

    private void assertClean(Run run) {
        assertThat(run.code()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("hello.txt\n");
        assertThat(run.stderr()).isEmpty();
    }

    /** Whether the last run, with class loading logged to load.log, took the CLI's main class from an archive. */
    private boolean sharedClassesOf(Run run) throws IOException {
        assertClean(run);
        return Files.readAllLines(tree.resolve("load.log")).stream()
                .anyMatch(l -> l.contains("dev.cloudfiles.cli.CloudFilesCli ") && l.contains("shared objects file"));
    }

    private List<Path> archives() throws IOException {
        Path folder = cache.resolve("cloudfiles");
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa"))
                    .collect(Collectors.toList());
        }
    }

    private Path onlyArchive() throws IOException {
        List<Path> all = archives();
        assertThat(all).hasSize(1);
        assertThat(Files.exists(Path.of(all.get(0) + ".ok"))).isTrue();
        return all.get(0);
    }

    private Run cloudfiles(String... args) throws Exception {
        return cloudfiles(List.of(), args);
    }

    private Run cloudfiles(List<String> javaOpts, String... args) throws Exception {
        return finish(start(javaOpts, args));
    }

    private Process start(List<String> javaOpts, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(tree.resolve("bin/cloudfiles").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().remove("CLOUD_FILES_CDS");
        builder.environment().put("CLOUD_FILES_JAVA_OPTS", String.join(" ", javaOpts));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static Run finish(Process process) throws Exception {
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new Run(process.waitFor(), out, err.get());
    }

    /** This build's CLI classes in a jar whose manifest names the main class and the libraries' jars. */
    private static void writeRunnableJar(Path jar) throws IOException, URISyntaxException {
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CloudFilesCli.class.getName());
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        Stream.of(
                                        picocli.CommandLine.class,
                                        com.fasterxml.jackson.databind.ObjectMapper.class,
                                        com.fasterxml.jackson.core.JsonFactory.class,
                                        com.fasterxml.jackson.annotation.JsonProperty.class,
                                        me.tongfei.progressbar.ProgressBar.class,
                                        org.jline.terminal.Terminal.class)
                                .map(LauncherArchiveTest::codeSource)
                                .map(p -> p.toUri().toString())
                                .distinct()
                                .collect(Collectors.joining(" ")));
        Path classes = codeSource(CloudFilesCli.class);
        try (OutputStream file = Files.newOutputStream(partial);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
