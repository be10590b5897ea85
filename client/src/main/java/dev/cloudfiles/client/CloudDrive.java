package dev.cloudfiles.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A drive of Cloud Files: the four calls {@code put / get / list / delete} of the original Cloud Files helper, over the HTTP API.
 *
 * <pre>{@code
 * try (CloudDrive drive = CloudDrive.fromEnvironment()) {    // CLOUD_FILES_URL, _KEY, _DRIVE
 *     drive.put("hello.txt", "Hello world");
 *     try (StreamingBody body = drive.get("hello.txt")) {
 *         String text = new String(body.read(), StandardCharsets.UTF_8);
 *     }
 *     List<String> notes = drive.list("notes");
 *     drive.delete("hello.txt");
 * }
 * }</pre>
 *
 * <p>Content up to the inline limit (4 MiB) goes in one request; anything larger, and any stream
 * that outgrows the limit, goes as a presigned multipart upload straight to S3 — parts in
 * parallel, each retried, the session aborted on failure — with memory bounded by part size ×
 * parallelism. A stream of unknown length is first read up to the inline limit: if it ends there
 * it goes inline, otherwise the client spools it to a temporary file (deleted afterwards) to learn
 * its size, and uploads that file part by part; so memory stays bounded and S3's rule that every
 * part but the last is at least 5 MiB holds, at the cost of local disk space equal to the stream.
 *
 * <p>With {@link CloudDriveConfig#uploadStateDir()} set, a multipart put of a local file records
 * its upload there; a put that is killed, or fails for a reason that may pass, leaves it open,
 * and {@link #resume} sends only the parts the server lacks. {@link #uploads()} lists the drive's
 * open uploads, {@link #abortUpload} ends one.
 *
 * <p>{@code put} takes text, bytes, a local file or a stream, each optionally with
 * {@link PutOptions}: the content type (else guessed by the server from the name), a progress
 * listener, and a condition: {@link PutOptions#ifAbsent()} only creates,
 * {@link PutOptions#ifMatch(String)} only replaces the version with that ETag; otherwise the put
 * fails with {@link PreconditionFailedException} and the stored file stays as it was.
 *
 * <p>Answers 429 and 503 (and connection failures, and an upload's commit answered
 * {@code upload_busy}) are retried with jittered exponential backoff that honours
 * {@code Retry-After}; failures are typed {@link CloudFilesException}s that carry the server's
 * {@link CloudFilesException#code() code}.
 *
 * <p>Thread-safe and reusable: share one instance. {@link #close()} makes it unusable (the JDK
 * HTTP client it holds frees its connections when unreferenced).
 */
public final class CloudDrive implements AutoCloseable {
    /** The {@code size} of a stream whose length is not known in advance. */
    public static final long UNKNOWN_SIZE = -1;

    private final CloudDriveConfig config;
    private final PutStrategy puts;
    private final Downloader downloader;
    private final Lister lister;
    private final Deleter deleter;
    private final Sharer sharer;
    private final UploadSessions uploads;
    private final Mover mover;
    private volatile boolean closed;

    private CloudDrive(CloudDriveConfig config) {
        this.config = config;
        Transport transport = new Transport(config);
        this.lister = new Lister(transport);
        this.uploads = new UploadSessions(transport);
        this.puts = new PutStrategy(transport, uploads, lister);
        this.downloader = new Downloader(transport);
        this.deleter = new Deleter(transport);
        this.sharer = new Sharer(transport);
        this.mover = new Mover(transport);
    }

    /** A client for the configured drive. */
    public static CloudDrive create(CloudDriveConfig config) {
        return new CloudDrive(config);
    }

    /**
     * A client with default settings.
     *
     * @param endpoint the API base, e.g. {@code http://127.0.0.1:3000}
     * @param apiKey   the full key, {@code {project_id}_{secret}}
     * @param drive    the drive name
     */
    public static CloudDrive create(String endpoint, String apiKey, String drive) {
        return create(CloudDriveConfig.builder()
                .endpoint(endpoint)
                .apiKey(apiKey)
                .drive(drive)
                .build());
    }

    /**
     * A client from {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY} and {@code CLOUD_FILES_DRIVE}.
     *
     * @throws IllegalArgumentException when one is missing
     */
    public static CloudDrive fromEnvironment() {
        return create(CloudDriveConfig.fromEnvironment());
    }

    /** This client's configuration. */
    public CloudDriveConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ put
    // One pair per kind of content: without options, and with PutOptions (content type, progress
    // listener, condition; null means PutOptions.defaults()). Each throws
    // PreconditionFailedException when the options' condition does not hold.

    /** Stores {@code text} as UTF-8; the content type is guessed from the name. */
    public FileInfo put(String name, String text) {
        return put(name, text, PutOptions.defaults());
    }

    /** Stores {@code text} as UTF-8, with the options. */
    public FileInfo put(String name, String text, PutOptions options) {
        return put(name, text.getBytes(StandardCharsets.UTF_8), options);
    }

    /** Stores the bytes; the content type is guessed from the name. */
    public FileInfo put(String name, byte[] content) {
        return put(name, content, PutOptions.defaults());
    }

    /** Stores the bytes, with the options. */
    public FileInfo put(String name, byte[] content, PutOptions options) {
        ensureOpen();
        return puts.bytes(name, content, orDefaults(options));
    }

    /** Stores a local file; the content type is guessed from {@code name}. */
    public FileInfo put(String name, Path file) {
        return put(name, file, PutOptions.defaults());
    }

    /** Stores a local file, with the options; a large file is sent part by part from disk, never held in memory. */
    public FileInfo put(String name, Path file, PutOptions options) {
        ensureOpen();
        return puts.file(name, file, orDefaults(options));
    }

    /**
     * Stores a stream (read to its end, not closed); the content type is guessed from the name.
     *
     * @param size the stream's exact length (a stream of another length fails), or
     *             {@link #UNKNOWN_SIZE}
     */
    public FileInfo put(String name, InputStream content, long size) {
        return put(name, content, size, PutOptions.defaults());
    }

    /**
     * Stores a stream (read to its end, not closed), with the options. With a known {@code size}
     * above the inline limit, parts are buffered one by one as they are sent (at most part size ×
     * parallelism in memory); with {@link #UNKNOWN_SIZE} the stream is read up to the inline limit
     * and, if longer, spooled to a temporary file first (see the class comment).
     */
    public FileInfo put(String name, InputStream content, long size, PutOptions options) {
        ensureOpen();
        return puts.stream(name, content, size, orDefaults(options));
    }

    /**
     * Continues an interrupted put of a local file to {@code name}: a put of the same file (its
     * real path) to the same name, by a client with the same {@link
     * CloudDriveConfig#uploadStateDir()} and drive, that was killed or failed for a reason that
     * may pass (no connection, a timeout, 429 or 5xx after the retries). It checks that the file
     * has not changed since (its size, modification time and file key, e.g. the inode), asks the
     * server which parts arrived, sends only the others (with fresh presigned URLs) and commits
     * with these options' condition (the content type was fixed when the upload started). If the
     * commit had already landed and only its answer was lost, the stored file is the result.
     *
     * @throws CannotResumeException when there is nothing to resume: no state directory, no
     *     recorded upload, the file changed (the old upload is then aborted), the upload is gone
     *     (it expired after a day or was aborted), or another process is resuming it right now
     */
    public FileInfo resume(String name, Path file, PutOptions options) {
        ensureOpen();
        return puts.resume(name, file, orDefaults(options));
    }

    /**
     * Whether an interrupted put of {@code file} to {@code name} is recorded in the
     * {@link CloudDriveConfig#uploadStateDir()}, for {@link #resume} to continue (the server may
     * have let it expire since). False when no upload had been opened, e.g. the server was never
     * reached, and without a state directory.
     */
    public boolean hasInterruptedUpload(String name, Path file) {
        ensureOpen();
        return puts.hasInterruptedUpload(name, file);
    }

    // ------------------------------------------------------------------ open uploads

    /** The drive's open uploads, oldest first (API.md [ext] #3d): started, not finished, not expired. */
    public List<OpenUpload> uploads() {
        ensureOpen();
        return uploads.list();
    }

    /**
     * Ends an open upload and forgets its resume state, if this client keeps one. An unknown,
     * expired or finished upload is a {@link NotFoundException}; {@code name} must be the upload's.
     */
    public void abortUpload(String uploadId, String name) {
        ensureOpen();
        uploads.abort(uploadId, name);
        if (config.uploadStateDir() != null) {
            new UploadStates(config.uploadStateDir()).forget(config.driveUri().toString(), uploadId);
        }
    }

    private static PutOptions orDefaults(PutOptions options) {
        return options == null ? PutOptions.defaults() : options;
    }

    // ------------------------------------------------------------------ get

    /**
     * The file's bytes as a stream, or {@code null} when there is no such file. A large file's
     * bytes come straight from S3 through the presigned redirect, which is followed without the
     * API key; a file of at least two {@link CloudDriveConfig.Transfer#downloadPartSize() parts} comes in
     * parallel ranges, read ahead of the reader within a bounded window (see {@link StreamingBody}).
     * Close the body when done.
     */
    public StreamingBody get(String name) {
        ensureOpen();
        return downloader.get(name);
    }

    /**
     * Downloads {@code name} to the local file {@code target}, replacing it atomically once every
     * byte has arrived (see {@link StreamingBody#saveTo(Path, TransferListener)}); a large file comes
     * in parallel ranges written in place. Returns the file's metadata, or {@code null} when there
     * is no such file (then {@code target} is left alone).
     */
    public FileInfo download(String name, Path target) {
        return download(name, target, TransferListener.NONE);
    }

    /** As {@link #download(String, Path)}, telling {@code listener} of the bytes as they arrive. */
    public FileInfo download(String name, Path target, TransferListener listener) {
        try (StreamingBody body = get(name)) {
            return body == null ? null : body.saveTo(target, listener);
        }
    }

    // ------------------------------------------------------------------ list

    /**
     * The metadata of {@code name} as a detailed listing reports it (API.md #7), or {@code null}
     * when there is no such file: one request, no byte of the file.
     */
    public FileInfo stat(String name) {
        ensureOpen();
        return listPage(ListOptions.all().withPrefix(name).withLimit(1).withDetailed(true)).files().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Every name of the drive, in byte order (all pages). */
    public List<String> list() {
        return list("");
    }

    /**
     * Every file under a directory, recursively, in byte order (all pages): {@code list("notes")}
     * lists {@code notes/...}, {@code list("notes/september")} lists {@code notes/september/...};
     * {@code ""} lists the whole drive.
     */
    public List<String> list(String dir) {
        return list(ListOptions.directory(dir));
    }

    /** Every name the options select, following all pages from {@code options.last()} on. */
    public List<String> list(ListOptions options) {
        List<String> names = new ArrayList<>();
        ensureOpen();
        lister.pages(options, page -> names.addAll(page.names()));
        return names;
    }

    /** The metadata of every file under a directory, recursively (all pages); see {@link #list(String)}. */
    public List<FileInfo> listDetailed(String dir) {
        return listDetailed(ListOptions.directory(dir));
    }

    /** The metadata of every file the options select (all pages; folded directories have none). */
    public List<FileInfo> listDetailed(ListOptions options) {
        List<FileInfo> files = new ArrayList<>();
        ensureOpen();
        lister.pages(options.withDetailed(true), page -> files.addAll(page.files()));
        return files;
    }

    /** One page of a listing, for callers who page through large drives themselves. */
    public ListPage listPage(ListOptions options) {
        ensureOpen();
        return lister.page(options);
    }

    // ------------------------------------------------------------------ delete

    /** Deletes one file; a missing file counts as deleted, an invalid name as failed. */
    public DeleteResult delete(String name) {
        return delete(List.of(name));
    }

    /** Deletes many files, 1,000 per request; reports each name that failed with its reason. */
    public DeleteResult delete(Collection<String> names) {
        ensureOpen();
        return deleter.delete(names);
    }

    /**
     * Deletes each name only while it is the version of the ETag given (as a listing reports it):
     * a file replaced since is kept and reported as failed. A missing file counts as deleted.
     */
    public DeleteResult deleteIfMatch(Map<String, String> etagsByName) {
        ensureOpen();
        return deleter.delete(etagsByName.keySet(), etagsByName);
    }

    // ------------------------------------------------------------------ move and copy

    /**
     * [ext] Renames {@code from} to {@code to} without copying a byte (a 5 GiB file moves as fast as
     * a 5-byte one); an existing {@code to} is replaced. Atomic: no reader ever sees both names or
     * neither. A missing {@code from} is a {@link NotFoundException}.
     */
    public FileInfo move(String from, String to) {
        return move(from, to, MoveOptions.defaults());
    }

    /** As {@link #move(String, String)}, under a condition ({@link MoveOptions}). */
    public FileInfo move(String from, String to, MoveOptions options) {
        ensureOpen();
        return mover.move(from, to, options == null ? MoveOptions.defaults() : options);
    }

    /**
     * [ext] Copies {@code from} to {@code to} inside the service (no byte passes through this
     * client); the two files are independent from then on. A missing {@code from} is a
     * {@link NotFoundException}.
     */
    public FileInfo copy(String from, String to) {
        return copy(from, to, MoveOptions.defaults());
    }

    /** As {@link #copy(String, String)}, under a condition ({@link MoveOptions}). */
    public FileInfo copy(String from, String to, MoveOptions options) {
        ensureOpen();
        return mover.copy(from, to, options == null ? MoveOptions.defaults() : options);
    }

    // ------------------------------------------------------------------ share links

    /**
     * A link that reads {@code name} without a key for {@code ttl} (1 minute to 30 days), always
     * the file's current bytes; its {@link CreatedShare#url()} is known now only. A missing file is
     * a {@link NotFoundException}.
     */
    public CreatedShare share(String name, Duration ttl) {
        ensureOpen();
        return sharer.share(name, ttl);
    }

    /** The drive's live links (without their URLs, which the service does not keep). */
    public List<Share> shares() {
        ensureOpen();
        return sharer.shares();
    }

    /** Ends a link at once; an unknown id is a {@link NotFoundException}. */
    public void unshare(String shareId) {
        ensureOpen();
        sharer.unshare(shareId);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Makes this client unusable; bodies already returned stay readable. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("this CloudDrive client is closed");
    }

    @Override
    public String toString() {
        return "CloudDrive[" + config + "]";
    }
}
