package dev.cloudfiles.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: directory → drive → another directory, byte for byte, with plan and execute apart. */
class SyncRoundTripTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @Test
    void aTreeGoesUpAndComesBackByteIdentical(@TempDir Path tmp) throws Exception {
        Path source = Files.createDirectory(tmp.resolve("source"));
        Map<String, byte[]> files = new TreeMap<>();
        files.put("top.txt", "top".getBytes());
        files.put("empty-file", new byte[0]);
        files.put("a/b/c/deep.bin", GeneratedContent.bytes(3, 70_000));
        files.put("ünïcödé/日本語.txt", "こんにちは".getBytes(StandardCharsets.UTF_8));
        files.put("emoji 😀/with space & plus+.png", GeneratedContent.bytes(4, 1234));
        files.put("large/over-the-inline-limit.bin", GeneratedContent.bytes(5, 9 * 1024 * 1024));
        for (var f : files.entrySet()) {
            Path p = source.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        CloudDriveConfig config = CloudDriveConfig.builder()
                .endpoint(stack.gatewayUri())
                .apiKey(stack.newKeySecret())
                .drive("roundtrip")
                .backoffBase(Duration.ofMillis(5))
                .build();
        try (CloudDrive drive = CloudDrive.create(config)) {
            Sync up = Sync.upload(
                    drive, source, "cf-root/", SyncOptions.defaults().withJobs(3));
            SyncPlan plan = up.plan();
            assertThat(plan.actions()).hasSize(files.size());
            assertThat(plan.bytes())
                    .isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
            AtomicLong moved = new AtomicLong();
            SyncResult sent = up.execute(plan, new SyncListener() {
                @Override
                public void transferred(long bytes) {
                    moved.addAndGet(bytes);
                }
            });
            assertThat(sent.complete()).as(sent.toString()).isTrue();
            assertThat(moved.get()).isEqualTo(plan.bytes());

            Path back = tmp.resolve("back");
            Sync down = Sync.download(drive, "/cf-root", back, SyncOptions.defaults());
            SyncResult fetched = down.run(SyncListener.NONE);
            assertThat(fetched.complete()).as(fetched.toString()).isTrue();
            assertThat(tree(back)).isEqualTo(tree(source));

            assertThat(up.plan().actions()).as("in step after the upload").isEmpty();
            SyncPlan again = down.plan();
            assertThat(again.actions()).as("in step after the download").isEmpty();
            assertThat(again.unchanged()).isEqualTo(files.size());
        }
    }

    /** relative path → bytes (as a string of their hash and length) of every file. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                tree.put(root.relativize(p).toString(), b.length + ":" + Arrays.hashCode(b));
            }
        }
        return tree;
    }
}
