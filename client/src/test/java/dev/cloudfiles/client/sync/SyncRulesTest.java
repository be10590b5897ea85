package dev.cloudfiles.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.client.sync.SyncAction.Reason;
import dev.cloudfiles.names.FileName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure rules of a sync: digests, comparison, globs, prefixes, names. No emulator. */
class SyncRulesTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-29T10:00:00.123Z");

    @Test
    void theRemoteDigestIsSha256ElseAPlainMd5EtagElseNone() {
        String sha = "A".repeat(64);
        String md5 = "9b2cf535f27731c974343645a3985328";
        assertThat(ContentDigest.of(sha, "\"" + md5 + "\"")).contains(new ContentDigest("SHA-256", "a".repeat(64)));
        assertThat(ContentDigest.of(null, "\"" + md5 + "\"")).contains(new ContentDigest("MD5", md5));
        assertThat(ContentDigest.of(null, md5.toUpperCase())).contains(new ContentDigest("MD5", md5));
        assertThat(ContentDigest.of(null, "\"" + md5 + "-3\"")).isEmpty(); // multipart
        assertThat(ContentDigest.of("not hex", null)).isEmpty();
        assertThat(ContentDigest.of(null, null)).isEmpty();
    }

    @Test
    void equalSizesAreComparedBySha256ThenMd5ThenTime() throws Exception {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("f"), bytes);
        LocalFile local = new LocalFile("f", file, 5, T);
        String md5 = hex("MD5", bytes);
        String sha = hex("SHA-256", bytes);
        String otherSha = hex("SHA-256", "HELLO".getBytes(StandardCharsets.UTF_8));

        assertThat(Planner.change(local, remote(6, null, "\"" + md5 + "\"", T), true))
                .isEqualTo(Reason.SIZE_DIFFERS);
        assertThat(Planner.change(local, remote(5, null, "\"" + md5 + "\"", T.plusSeconds(9)), true))
                .isNull();
        assertThat(Planner.change(local, remote(5, null, "\"" + "0".repeat(32) + "\"", T), true))
                .isEqualTo(Reason.CONTENT_DIFFERS);
        // SHA-256 wins over the ETag, both ways
        assertThat(Planner.change(local, remote(5, sha, "\"" + "0".repeat(32) + "\"", T), true))
                .isNull();
        assertThat(Planner.change(local, remote(5, otherSha, "\"" + md5 + "\"", T), true))
                .isEqualTo(Reason.CONTENT_DIFFERS);
        // no digest (multipart ETag): the source wins only when strictly newer, in milliseconds
        String multipart = "\"" + md5 + "-2\"";
        assertThat(Planner.change(local, remote(5, null, multipart, T), true)).isNull();
        assertThat(Planner.change(local, remote(5, null, multipart, T.minusMillis(1)), true))
                .isEqualTo(Reason.SOURCE_NEWER);
        assertThat(Planner.change(local, remote(5, null, multipart, T.plusMillis(1)), true))
                .isNull();
        assertThat(Planner.change(local, remote(5, null, multipart, T.plusMillis(1)), false))
                .isEqualTo(Reason.SOURCE_NEWER);
        assertThat(Planner.change(local, remote(5, null, multipart, T.minusMillis(1)), false))
                .isNull();
    }

    @Test
    void aStoredSha256IsUsedOnceRemoteFileCarriesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("g"), "abc");
        RemoteFile r = new RemoteFile("g", "g", 3, T, "\"x-1\"", hex("SHA-256", Files.readAllBytes(file)));
        assertThat(r.digest()).map(ContentDigest::algorithm).contains("SHA-256");
        assertThat(r.digest().orElseThrow().matches(file)).isTrue();
    }

    @Test
    void excludesMatchThePathOrAParentDirectory() {
        Excludes ex = Excludes.of(List.of("build", "*.log", "**.tmp", "{cache,**/cache}"));
        assertThat(ex.excludes("build")).isTrue();
        assertThat(ex.excludes("build/a/b.o")).isTrue();
        assertThat(ex.excludes("src/build/b.o")).isFalse();
        assertThat(ex.excludes("x.log")).isTrue();
        assertThat(ex.excludes("a/x.log")).isFalse(); // * stays within a segment
        assertThat(ex.excludes("x.tmp")).isTrue();
        assertThat(ex.excludes("a/b/x.tmp")).isTrue();
        assertThat(ex.excludes("cache/x")).isTrue();
        assertThat(ex.excludes("a/b/cache/x")).isTrue();
        assertThat(ex.excludes("a/cached")).isFalse();
        assertThat(Excludes.of(List.of()).excludes("anything")).isFalse();
        assertThatThrownBy(() -> Excludes.of(List.of("[")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad --exclude glob [");
    }

    @Test
    void aPrefixIsAlwaysAWholeDirectory() {
        assertThat(Sync.directoryPrefix(null)).isEmpty();
        assertThat(Sync.directoryPrefix("")).isEmpty();
        assertThat(Sync.directoryPrefix("/")).isEmpty();
        assertThat(Sync.directoryPrefix("photos")).isEqualTo("photos/");
        assertThat(Sync.directoryPrefix("photos/")).isEqualTo("photos/");
        assertThat(Sync.directoryPrefix("/photos/2026")).isEqualTo("photos/2026/");
        for (String bad : List.of("a//b", "a//", "..", "a/./b", "//", "a\u0001")) {
            assertThatThrownBy(() -> Sync.directoryPrefix(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid drive directory");
        }
    }

    /** The client's copy of the naming rules says what the server's says, on every kind of name. */
    @Test
    void storeNameAgreesWithTheServersFileName() {
        List<String> names = List.of(
                "a",
                "notes/hello.txt",
                "ünïcödé/日本語.txt",
                "emoji 😀.png",
                ".hidden",
                "...",
                " x",
                "x ",
                "",
                " ",
                "\t",
                "/a",
                "a/",
                "a//b",
                ".",
                "..",
                "a/./b",
                "a/../b",
                "a\u0000b",
                "a\nb",
                "a\u007fb",
                "\ud800",
                "a\udc00b",
                "x\ud83d",
                "a".repeat(1024),
                "a".repeat(1025),
                "é".repeat(512),
                "é".repeat(512) + "a",
                "😀".repeat(256),
                "😀".repeat(256) + "a");
        for (String name : names) {
            assertThat(StoreName.problem(name)).as(name).isEqualTo(FileName.problem(name));
        }
        assertThat(StoreName.problem(null)).isEqualTo(FileName.problem(null));
    }

    private static RemoteFile remote(long size, String sha256, String etag, Instant modified) {
        return new RemoteFile("f", "f", size, modified, etag, sha256);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
