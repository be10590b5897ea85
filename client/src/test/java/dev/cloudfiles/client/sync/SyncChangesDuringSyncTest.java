package dev.cloudfiles.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.CloudDriveConfig;
import dev.cloudfiles.local.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change between a sync's plan and its execution. The plan and the execution are apart
 * by design ({@link Sync#plan}, {@link Sync#execute}: show the plan, then run it), so the gap can
 * be minutes. Every write is conditional on the version the plan saw: uploads (If-Match), drive
 * deletes (delete-many's [ext] {@code if_match}), downloads and local deletes (size and time).
 */
class SyncChangesDuringSyncTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path tmp;

    private CloudDrive drive;
    private Path local;

    @BeforeEach
    void open() throws Exception {
        drive = CloudDrive.create(CloudDriveConfig.builder()
                .endpoint(stack.gatewayUri())
                .apiKey(stack.newKeySecret())
                .drive("changes")
                .backoffBase(Duration.ofMillis(5))
                .build());
        local = Files.createDirectory(tmp.resolve("local"));
    }

    @AfterEach
    void close() {
        drive.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLocalEditAfterThePlanIsNotOverwrittenByTheDownload() throws Exception {
        drive.put("d/x.txt", "the drive's version");
        Files.write(local.resolve("x.txt"), utf8("old"));
        Sync down = Sync.download(drive, "d/", local, SyncOptions.defaults());
        SyncPlan plan = down.plan();
        assertThat(plan.actions())
                .singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(SyncAction.Kind.DOWNLOAD));

        Files.write(local.resolve("x.txt"), utf8("an edit made after the plan, never stored anywhere else"));
        SyncResult result = down.execute(plan, SyncListener.NONE);

        assertThat(Files.readString(local.resolve("x.txt")))
                .as("the local edit is kept (and the action reported failed): %s", result)
                .isEqualTo("an edit made after the plan, never stored anywhere else");
    }

    @Test
    void aLocalFileEditedAfterThePlanIsNotDeleted() throws Exception {
        drive.put("d/keep.txt", "k");
        Files.write(local.resolve("keep.txt"), utf8("k"));
        Files.write(local.resolve("y.txt"), utf8("stale"));
        Sync down = Sync.download(drive, "d/", local, SyncOptions.defaults().withDelete(true));
        SyncPlan plan = down.plan();
        assertThat(plan.actions())
                .singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(SyncAction.Kind.DELETE_LOCAL));

        Files.write(local.resolve("y.txt"), utf8("an edit made after the plan"));
        down.execute(plan, SyncListener.NONE);

        assertThat(local.resolve("y.txt")).as("edited after the plan: kept").exists();
    }

    @Test
    void aDriveFileReplacedAfterThePlanIsNotDeleted() throws Exception {
        drive.put("d/z.txt", "stale");
        Sync up = Sync.upload(drive, local, "d/", SyncOptions.defaults().withDelete(true));
        SyncPlan plan = up.plan();
        assertThat(plan.actions())
                .singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(SyncAction.Kind.DELETE_REMOTE));

        drive.put("d/z.txt", "another writer's new version, written after the plan");
        SyncResult result = up.execute(plan, SyncListener.NONE);

        assertThat(drive.get("d/z.txt").read())
                .as("a version the plan never saw is kept, as an upload keeps it (412)")
                .isEqualTo(utf8("another writer's new version, written after the plan"));
        assertThat(result.failed().values())
                .singleElement()
                .satisfies(why -> assertThat(why).contains("changed"));
    }
}
