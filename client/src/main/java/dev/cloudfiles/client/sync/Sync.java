package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.CloudDrive;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Makes a drive's prefix match a local directory ({@link #upload}), or a local directory match a
 * drive's prefix ({@link #download}): {@code LOCAL_DIR/a/b.txt} ↔ {@code PREFIX/a/b.txt}.
 *
 * <pre>{@code
 * Sync sync = Sync.upload(drive, Path.of("photos"), "backup/photos/", SyncOptions.defaults().withDelete(true));
 * SyncPlan plan = sync.plan();                 // lists both sides; changes nothing
 * plan.actions().forEach(System.out::println); // upload    a/b.txt  (new)
 * SyncResult result = sync.execute(plan, SyncListener.NONE);
 * if (!result.complete()) ...                  // result.failed(), result.skipped()
 * }</pre>
 *
 * <p>A source file is copied when the destination lacks it or it differs: sizes differ, or with
 * equal sizes the digests differ — the stored file's SHA-256 when the server reports one, else its
 * ETag when that is a plain MD5 (files stored in one request) — and otherwise, for files stored
 * by multipart upload, when the source is strictly newer (local modification time vs the stored
 * last-modified time, in milliseconds). Downloads are atomic and give the local file the stored
 * last-modified time, so a later sync by time sees them as current. With
 * {@link SyncOptions#delete()}, destination files the source lacks are deleted. Symbolic links,
 * empty directories, special files, names the store refuses and file/directory clashes are
 * {@link Skipped reported} in the plan, never silently left out. See client/README.md › sync.
 */
public final class Sync {
    private final CloudDrive drive;
    private final Path local;
    private final String prefix;
    private final boolean upload;
    private final SyncOptions options;

    private Sync(CloudDrive drive, Path local, String prefix, boolean upload, SyncOptions options) {
        this.drive = Objects.requireNonNull(drive, "drive");
        this.local = Objects.requireNonNull(local, "local");
        this.prefix = directoryPrefix(prefix);
        this.upload = upload;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Local directory → drive.
     *
     * @param prefix the drive's directory, see {@link #directoryPrefix(String)}
     * @throws IllegalArgumentException for a prefix the store's names cannot start with
     */
    public static Sync upload(CloudDrive drive, Path localDir, String prefix, SyncOptions options) {
        return new Sync(drive, localDir, prefix, true, options);
    }

    /**
     * Drive → local directory (created when missing).
     *
     * @param prefix the drive's directory, see {@link #directoryPrefix(String)}
     * @throws IllegalArgumentException for a prefix the store's names cannot start with
     */
    public static Sync download(CloudDrive drive, String prefix, Path localDir, SyncOptions options) {
        return new Sync(drive, localDir, prefix, false, options);
    }

    /**
     * A drive directory as a name prefix. The prefix is always a whole directory: {@code photos}
     * and {@code photos/} both mean {@code photos/} (so {@code photos} never matches
     * {@code photos-old/...}); one leading {@code /} is ignored; {@code null}, {@code ""} and
     * {@code "/"} mean the whole drive ({@code ""}).
     *
     * @throws IllegalArgumentException when no valid file name could start with it
     */
    public static String directoryPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (p.startsWith("/")) p = p.substring(1);
        if (p.isEmpty()) return "";
        String dir = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        String problem = StoreName.problem(dir);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "invalid drive directory " + prefix + ": " + problem.replace("name ", ""));
        }
        return dir + "/";
    }

    /** The drive side's prefix: {@code ""} or a directory ending in {@code /}. */
    public String prefix() {
        return prefix;
    }

    /** True for local → drive. */
    public boolean isUpload() {
        return upload;
    }

    /**
     * Lists both sides and compares them (hashing local files whose size equals the stored one's,
     * on {@link SyncOptions#jobs()} threads); changes nothing.
     *
     * @throws java.io.UncheckedIOException when the local source is not a readable directory, or
     *     the local destination exists and is not a directory
     * @throws dev.cloudfiles.client.CloudFilesException when the listing fails
     */
    public SyncPlan plan() {
        Planner planner = new Planner(drive, local, prefix, options);
        return upload ? planner.upload() : planner.download();
    }

    /**
     * Carries out a plan (of this sync): copies on {@link SyncOptions#jobs()} threads, then
     * deletes. A failed step does not stop the others; the result lists it.
     */
    public SyncResult execute(SyncPlan plan, SyncListener listener) {
        return new Runner(drive, local, prefix, options.jobs())
                .run(plan, listener == null ? SyncListener.NONE : listener);
    }

    /** {@link #plan()}, then {@link #execute}. */
    public SyncResult run(SyncListener listener) {
        return execute(plan(), listener);
    }
}
