package dev.cloudfiles.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.cli.CloudFilesCli;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudfiles sync} run in-process against the local stack, every request through a
 * loopback {@link FaultProxy} that counts them and fails chosen ones.
 */
class SyncCliTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    /** Over the inline limit: stored by multipart upload, so its ETag is no MD5 and time decides. */
    static final int LARGE = 5 * 1024 * 1024;

    @TempDir
    Path tmp;

    private Path dir;
    private FaultProxy proxy;
    private String key;
    private CloudDrive drive;
    private int mark; // requests the proxy saw before the part under test

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void open() throws IOException {
        dir = Files.createDirectory(tmp.resolve("local"));
        proxy = new FaultProxy();
        key = stack.newKeySecret();
        drive = CloudDrive.create(CloudDriveTest.config(stack, key, "sync"));
    }

    @AfterEach
    void close() {
        drive.close();
        proxy.close();
    }

    private Result sync(String... args) {
        return sync(false, args);
    }

    private Result sync(boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("sync"), Stream.of(args)).toArray(String[]::new);
        int code = new CloudFilesCli(
                        Map.of(
                                "CLOUD_FILES_URL",
                                stack.gatewayUri().toString(),
                                "CLOUD_FILES_KEY",
                                key,
                                "CLOUD_FILES_DRIVE",
                                "sync"),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, UTF_8),
                        new PrintStream(err, true, UTF_8),
                        interactive)
                .configure(b -> b.proxy(proxy.selector())
                        .backoffBase(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(50))
                        .maxAttempts(2))
                .run(all);
        return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private Path write(String path, String text) throws IOException {
        return write(dir, path, text.getBytes(UTF_8));
    }

    private static Path write(Path root, String path, byte[] bytes) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** name → "size etag lastModified" of every stored file. */
    private Map<String, String> remote() {
        return drive.listDetailed("").stream()
                .collect(Collectors.toMap(
                        FileInfo::name,
                        f -> f.size() + " " + f.etag() + " " + f.lastModified(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    /** relative path → "bytes-hash mtime" of every local entry under root (directories as "dir"). */
    private static Map<String, String> local(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            Map<String, String> tree = new TreeMap<>();
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isDirectory(p)) tree.put(rel, "dir");
                else tree.put(rel, Arrays.hashCode(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p));
            }
            return tree;
        }
    }

    private List<FaultProxy.Seen> since() {
        List<FaultProxy.Seen> all = proxy.seen();
        return all.subList(mark, all.size());
    }

    private List<FaultProxy.Seen> writes() {
        return since().stream()
                .filter(s -> !s.method().equals("GET") && !s.method().equals("HEAD"))
                .toList();
    }

    private List<FaultProxy.Seen> downloads() {
        return since().stream()
                .filter(s -> s.uri().getPath().endsWith("/files/download"))
                .toList();
    }

    @Test
    void uploadCopiesNewAndChangedFilesAndLeavesTheRestAlone() throws Exception {
        write("a.txt", "alpha");
        write("sub/b.txt", "bravo");
        Path large = write(dir, "sub/large.bin", GeneratedContent.bytes(1, LARGE));

        Result first = sync(dir.toString(), "cf:backup");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.lines())
                .containsExactlyInAnyOrder(
                        "upload    a.txt  (new)", "upload    sub/b.txt  (new)", "upload    sub/large.bin  (new)");
        assertThat(drive.list()).containsExactly("backup/a.txt", "backup/sub/b.txt", "backup/sub/large.bin");
        Map<String, String> stored = remote();

        mark = proxy.seen().size();
        Result again = sync(dir.toString(), "cf:backup/");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEmpty();
        assertThat(writes()).as("nothing sent when nothing changed").isEmpty();
        assertThat(remote()).isEqualTo(stored);

        write("a.txt", "ALPHA"); // same size, other bytes: the MD5 ETag tells
        Files.setLastModifiedTime(large, FileTime.from(Instant.now().plusSeconds(3600))); // newer, same size
        Result changed = sync(dir.toString(), "cf:backup");
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(changed.lines())
                .containsExactlyInAnyOrder(
                        "upload    a.txt  (content differs)", "upload    sub/large.bin  (newer in source)");
        Map<String, String> now = remote();
        assertThat(now.get("backup/sub/b.txt")).isEqualTo(stored.get("backup/sub/b.txt"));
        assertThat(now.get("backup/a.txt")).isNotEqualTo(stored.get("backup/a.txt"));
        try (StreamingBody body = drive.get("backup/a.txt")) {
            assertThat(body.read()).asString(UTF_8).isEqualTo("ALPHA");
        }

        Files.setLastModifiedTime(large, FileTime.from(Instant.parse("2020-01-01T00:00:00Z"))); // older: stays
        assertThat(sync(dir.toString(), "cf:backup").out()).isEmpty();
    }

    @Test
    void downloadCopiesNewAndChangedFilesAtomicallyWithTheStoredTime() throws Exception {
        drive.put("docs/a.txt", "alpha");
        drive.put("docs/deep/b.txt", "bravo");
        drive.put("docs/large.bin", GeneratedContent.bytes(2, LARGE));
        drive.put("elsewhere.txt", "not under the prefix");
        Path into = tmp.resolve("fresh/copy"); // created

        Result first = sync("cf:docs", into.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.lines()).hasSize(3).allMatch(l -> l.startsWith("download") && l.endsWith("(new)"));
        assertThat(into.resolve("deep/b.txt")).hasContent("bravo");
        assertThat(into.resolve("large.bin")).hasBinaryContent(GeneratedContent.bytes(2, LARGE));
        assertThat(into.resolve("elsewhere.txt")).doesNotExist();
        for (FileInfo f : drive.listDetailed("docs")) {
            Path local = into.resolve(f.name().substring("docs/".length()));
            assertThat(Files.getLastModifiedTime(local).toInstant()).isEqualTo(f.lastModified());
        }
        try (Stream<Path> all = Files.walk(into)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }

        mark = proxy.seen().size();
        Result again = sync("cf:docs/", into.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEmpty();
        assertThat(downloads()).isEmpty();

        drive.put("docs/a.txt", "ALPHA");
        Result changed = sync("cf:docs", into.toString());
        assertThat(changed.lines()).containsExactly("download  a.txt  (content differs)");
        assertThat(into.resolve("a.txt")).hasContent("ALPHA");
    }

    @Test
    void deleteRemovesWhatTheSourceLacksInBothDirectionsButNotExcludedFiles() throws Exception {
        write("keep.txt", "keep");
        drive.put("mirror/keep.txt", "keep");
        drive.put("mirror/gone.txt", "gone");
        drive.put("mirror/old/gone.txt", "gone");
        drive.put("mirror/notes.tmp", "excluded: kept");

        Result up = sync("--delete", "--exclude", "*.tmp", dir.toString(), "cf:mirror");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.lines())
                .containsExactlyInAnyOrder(
                        "delete    gone.txt  (not in source)", "delete    old/gone.txt  (not in source)");
        assertThat(drive.list("mirror")).containsExactly("mirror/keep.txt", "mirror/notes.tmp");

        write("extra/deep/x.txt", "x");
        write("extra/y.tmp", "excluded: kept");
        write("lone/z.txt", "z");
        Result down = sync("cf:mirror", dir.toString(), "--delete", "--exclude", "**.tmp");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.lines())
                .containsExactlyInAnyOrder(
                        "delete    extra/deep/x.txt  (not in source)", "delete    lone/z.txt  (not in source)");
        assertThat(dir.resolve("extra/y.tmp")).exists();
        assertThat(dir.resolve("extra/deep")).as("emptied by the delete").doesNotExist();
        assertThat(dir.resolve("lone")).doesNotExist();
        assertThat(dir.resolve("keep.txt")).exists();
        assertThat(dir.resolve("notes.tmp")).doesNotExist();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothingOnEitherSide() throws Exception {
        write("new.txt", "new");
        write("same.txt", "same");
        write("changed.txt", "local");
        drive.put("plan/same.txt", "same");
        drive.put("plan/changed.txt", "remote, longer");
        drive.put("plan/extra.txt", "extra");
        Map<String, String> remoteBefore = remote();
        Map<String, String> localBefore = local(dir);
        mark = proxy.seen().size();

        Result up = sync("--dry-run", "--delete", dir.toString(), "cf:plan");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.lines())
                .containsExactly(
                        "upload    changed.txt  (size differs)",
                        "upload    new.txt  (new)",
                        "delete    extra.txt  (not in source)");

        Result down = sync("--dry-run", "--delete", "cf:plan", dir.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.lines())
                .containsExactly(
                        "download  changed.txt  (size differs)",
                        "download  extra.txt  (new)",
                        "delete    new.txt  (not in source)");

        assertThat(writes()).isEmpty();
        assertThat(downloads()).isEmpty();
        assertThat(remote()).isEqualTo(remoteBefore);
        assertThat(local(dir)).isEqualTo(localBefore);
    }

    @Test
    void excludedPathsAreNeitherCopiedNorReported() throws Exception {
        write("src/main.c", "int main;");
        write("build/out.o", "object");
        write("src/deep/x.tmp", "scratch");
        Files.createDirectories(dir.resolve("build/empty")); // under an excluded directory: not reported

        Result r = sync(dir.toString(), "cf:code", "--exclude", "build", "--exclude", "**.tmp");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(drive.list()).containsExactly("code/src/main.c");
    }

    @Test
    void linksEmptyDirectoriesAndInvalidNamesAreReportedAndTheExitSaysSo() throws Exception {
        write("ok.txt", "fine");
        Path target = write("real/target.txt", "target");
        Files.createSymbolicLink(dir.resolve("link.txt"), target);
        Files.createDirectories(dir.resolve("empty"));
        write("bad\u0001name.txt", "control character");

        Result r = sync(dir.toString(), "cf:reported");

        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().lines())
                .containsExactly(
                        "cloudfiles: not synced: bad\\x01name.txt: invalid name in the store:"
                                + " name must not contain control characters",
                        "cloudfiles: not synced: empty: empty directory: the store keeps no directories",
                        "cloudfiles: not synced: link.txt: symbolic link, not followed (--follow-symlinks follows links)",
                        "cloudfiles: sync incomplete: 0 failed, 3 not synced");
        assertThat(drive.list()).containsExactly("reported/ok.txt", "reported/real/target.txt");

        Result followed = sync(dir.toString(), "cf:reported", "--follow-symlinks");
        assertThat(followed.code()).isEqualTo(3);
        assertThat(followed.lines()).containsExactly("upload    link.txt  (new)");
        assertThat(drive.list()).contains("reported/link.txt");

        Result dry = sync("--dry-run", dir.toString(), "cf:reported");
        assertThat(dry.code()).isEqualTo(3);
    }

    @Test
    void aDownloadReportsWhatCannotBeWrittenLocally() throws Exception {
        drive.put("c/clash", "a file named like a directory");
        drive.put("c/clash/inner.txt", "below");
        drive.put("c/taken.txt", "a file where a local directory is");
        write("taken.txt/keep", "kept");
        drive.put("c/ok.txt", "ok");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("taken.txt"));

        Result r = sync("cf:c", dir.toString(), "--delete");

        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().lines())
                .containsExactly(
                        "cloudfiles: not synced: clash: a file and a directory in the drive (clash/inner.txt):"
                                + " a local directory cannot be both",
                        "cloudfiles: not synced: link: not deleted: symbolic link",
                        "cloudfiles: not synced: taken.txt: a local directory is in the way",
                        "cloudfiles: sync incomplete: 0 failed, 3 not synced");
        assertThat(r.lines())
                .containsExactlyInAnyOrder(
                        "download  clash/inner.txt  (new)",
                        "download  ok.txt  (new)",
                        "delete    taken.txt/keep  (not in source)");
        assertThat(dir.resolve("clash/inner.txt")).hasContent("below");
        assertThat(dir.resolve("link")).isSymbolicLink();
    }

    @Test
    void aFailureMidSyncFailsTheRunButNotTheOtherFiles() throws Exception {
        write("one.txt", "1");
        write("two.txt", "2");
        write("three.txt", "3");
        proxy.rule(s -> s.uri().getRawQuery() != null && s.uri().getRawQuery().contains("two.txt")
                ? FaultProxy.Fault.of(500, "internal")
                : null);

        Result up = sync(dir.toString(), "cf:partly");

        assertThat(up.code()).isEqualTo(1);
        assertThat(up.err())
                .contains("cloudfiles: failed: upload    two.txt  (new): ")
                .contains("1 failed");
        assertThat(drive.list()).containsExactly("partly/one.txt", "partly/three.txt");

        proxy.rule(s -> null);
        assertThat(sync(dir.toString(), "cf:partly").lines()).containsExactly("upload    two.txt  (new)");
    }

    @Test
    void aTruncatedDownloadLeavesTheOldFileAndNoPartialBehind() throws Exception {
        drive.put("t/file.txt", "the whole new content");
        write("file.txt", "old");
        proxy.rewrite((s, body) ->
                s.uri().getPath().endsWith("/files/download") ? Arrays.copyOf(body, body.length / 2) : body);

        Result r = sync("cf:t", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        // The file has a SHA-256 (an inline put), so the client's digest check refuses the bytes
        // before the sync's own length check would.
        assertThat(r.err())
                .contains("failed: download  file.txt")
                .contains("downloading t/file.txt: the bytes received have SHA-256");
        assertThat(dir.resolve("file.txt")).hasContent("old");
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all).containsExactly(dir.resolve("file.txt"));
        }
    }

    @Test
    void aPartialFileOfAKilledDownloadIsRemovedByTheNextDownloadAndReportedByAnUpload() throws Exception {
        write("x/.cloudfiles-0123abcd.partial", "half");
        write("x/y.txt", "y");

        Result up = sync(dir.toString(), "cf:p");
        assertThat(up.code()).isEqualTo(3);
        assertThat(up.err()).contains("x/.cloudfiles-0123abcd.partial: temporary file of an interrupted download");

        Result down = sync("cf:p", dir.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.lines())
                .containsExactly("delete    x/.cloudfiles-0123abcd.partial  (left by an interrupted download)");
        assertThat(dir.resolve("x/y.txt")).exists();
    }

    @Test
    void oneProgressBarOnATerminalAndNothingWithQuiet() throws Exception {
        write(dir, "one.bin", GeneratedContent.bytes(6, LARGE));
        write(dir, "two.bin", GeneratedContent.bytes(7, LARGE));

        Result drawn = sync(true, dir.toString(), "cf:bar");
        assertThat(drawn.code()).as(drawn.err()).isZero();
        assertThat(drawn.err()).contains("sync").contains("MiB").doesNotContain("one.bin");
        assertThat(drawn.lines()).hasSize(2);

        write(dir, "one.bin", GeneratedContent.bytes(8, LARGE));
        Result quiet = sync(true, "--quiet", dir.toString(), "cf:bar");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).isEmpty();
        try (StreamingBody body = drive.get("bar/one.bin")) {
            assertThat(body.read()).isEqualTo(GeneratedContent.bytes(8, LARGE));
        }
    }

    @Test
    void usageErrors() {
        assertThat(sync(dir.toString(), tmp.toString()).code()).isEqualTo(2);
        assertThat(sync("cf:a", "cf:b").code()).isEqualTo(2);
        assertThat(sync(dir.toString(), "cf:a//b").err()).contains("invalid drive directory");
        assertThat(sync(dir.toString(), "cf:x", "--exclude", "[").code()).isEqualTo(2);
        assertThat(sync(dir.toString(), "cf:x", "--jobs", "0").code()).isEqualTo(2);
        assertThat(sync(tmp.resolve("missing").toString(), "cf:x").err()).contains("no such directory");
    }
}
