package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drive of Cloud Files: the seed's {@code files.put / get / list / delete}, over the HTTP API.
 *
 * <pre>{@code
 * try (Files files = Files.fromEnvironment()) {          // CLOUD_FILES_URL, _KEY, _DRIVE
 *     files.put("hello.txt", "Hello world");
 *     try (StreamingBody body = files.get("hello.txt")) {
 *         String text = new String(body.read(), StandardCharsets.UTF_8);
 *     }
 *     List<String> notes = files.list("notes");
 *     files.delete("hello.txt");
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
 * <p>Answers 429 and 503 (and connection failures) are retried with jittered exponential backoff
 * that honours {@code Retry-After}; failures are typed {@link CloudFilesException}s.
 *
 * <p>Thread-safe and reusable: share one instance. {@link #close()} makes it unusable (the JDK
 * HTTP client it holds frees its connections when unreferenced).
 */
public final class Files implements AutoCloseable {
    private static final int DELETE_BATCH = 1000;

    private final FilesConfig config;
    private final Transport transport;
    private final MultipartUploader uploader;
    private volatile boolean closed;

    private Files(FilesConfig config) {
        this.config = config;
        this.transport = new Transport(config);
        this.uploader = new MultipartUploader(transport);
    }

    /** A client for the configured drive. */
    public static Files create(FilesConfig config) {
        return new Files(config);
    }

    /**
     * A client with default settings.
     *
     * @param endpoint the API base, e.g. {@code http://127.0.0.1:3000}
     * @param apiKey   the full key, {@code {project_id}_{secret}}
     * @param drive    the drive name
     */
    public static Files create(String endpoint, String apiKey, String drive) {
        return create(FilesConfig.builder().endpoint(endpoint).apiKey(apiKey).drive(drive).build());
    }

    /**
     * A client from {@code CLOUD_FILES_URL}, {@code CLOUD_FILES_KEY} and {@code CLOUD_FILES_DRIVE}.
     *
     * @throws IllegalArgumentException when one is missing
     */
    public static Files fromEnvironment() {
        return create(FilesConfig.fromEnvironment());
    }

    /** This client's configuration. */
    public FilesConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ put

    /** Stores {@code content} as UTF-8 under {@code name}; the content type is guessed from the name. */
    public FileInfo put(String name, String content) {
        return put(name, content, null);
    }

    /** Stores {@code content} as UTF-8 with a content type ({@code null}: guessed from the name). */
    public FileInfo put(String name, String content, String contentType) {
        return put(name, content.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** Stores the bytes; the content type is guessed from the name. */
    public FileInfo put(String name, byte[] content) {
        return put(name, content, null);
    }

    /** Stores the bytes with a content type ({@code null}: guessed from the name). */
    public FileInfo put(String name, byte[] content, String contentType) {
        return put(name, content, contentType, TransferListener.NONE);
    }

    /** Stores the bytes, reporting progress. */
    public FileInfo put(String name, byte[] content, String contentType, TransferListener listener) {
        ensureOpen();
        if (content.length <= config.inlineLimit()) return putInline(name, content, contentType, listener);
        return uploader.upload(name, PartSource.of(content), contentType, listener);
    }

    /** Stores a local file; the content type is guessed from {@code name}. */
    public FileInfo put(String name, Path file) {
        return put(name, file, null);
    }

    /** Stores a local file with a content type ({@code null}: guessed from {@code name}). */
    public FileInfo put(String name, Path file, String contentType) {
        return put(name, file, contentType, TransferListener.NONE);
    }

    /** Stores a local file, reporting progress; a large file is sent part by part from disk, never held in memory. */
    public FileInfo put(String name, Path file, String contentType, TransferListener listener) {
        ensureOpen();
        try {
            long size = java.nio.file.Files.size(file);
            if (size <= config.inlineLimit()) return putInline(name, java.nio.file.Files.readAllBytes(file), contentType, listener);
            return uploader.upload(name, PartSource.of(file, size), contentType, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Stores a stream of unknown length (read to its end, not closed); content type guessed from the name. */
    public FileInfo put(String name, InputStream content) {
        return put(name, content, -1, null);
    }

    /** Stores a stream of unknown length (read to its end, not closed) with a content type. */
    public FileInfo put(String name, InputStream content, String contentType) {
        return put(name, content, -1, contentType);
    }

    /**
     * Stores a stream (read to its end, not closed).
     *
     * @param size the stream's exact length, or -1 if unknown; a stream of another length fails
     */
    public FileInfo put(String name, InputStream content, long size, String contentType) {
        return put(name, content, size, contentType, TransferListener.NONE);
    }

    /**
     * Stores a stream, reporting progress. With a known {@code size} above the inline limit, parts
     * are buffered one by one as they are sent (at most part size × parallelism in memory); with
     * {@code size} -1 the stream is read up to the inline limit and, if longer, spooled to a
     * temporary file first (see the class comment).
     */
    public FileInfo put(String name, InputStream content, long size, String contentType, TransferListener listener) {
        ensureOpen();
        try {
            if (size >= 0) {
                if (size <= config.inlineLimit()) {
                    byte[] bytes = content.readNBytes((int) size);
                    if (bytes.length != size || content.read() != -1) {
                        throw new IllegalArgumentException("the stream's length is not its declared size " + size);
                    }
                    return putInline(name, bytes, contentType, listener);
                }
                return uploader.upload(name, PartSource.of(content, size), contentType, listener);
            }
            byte[] head = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.inlineLimit() + 1));
            if (head.length <= config.inlineLimit()) return putInline(name, head, contentType, listener);
            return putSpooled(name, head, content, contentType, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content of " + name, e);
        }
    }

    private FileInfo putSpooled(String name, byte[] head, InputStream rest, String contentType, TransferListener listener)
            throws IOException {
        Path spool = java.nio.file.Files.createTempFile("cloudfiles-upload-", ".part");
        try {
            try (OutputStream out = java.nio.file.Files.newOutputStream(spool)) {
                out.write(head);
                rest.transferTo(out);
            }
            return uploader.upload(name, PartSource.of(spool, java.nio.file.Files.size(spool)), contentType, listener);
        } finally {
            java.nio.file.Files.deleteIfExists(spool);
        }
    }

    /** API.md #1: the bytes in one request. */
    private FileInfo putInline(String name, byte[] bytes, String contentType, TransferListener listener) {
        String what = "putting " + name;
        HttpResponse<byte[]> r = transport.send(() -> {
            HttpRequest.Builder b = transport.apiRequest(transport.api("/files?name=" + Transport.enc(name)), config.uploadTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (contentType != null) b.header("Content-Type", contentType);
            return b.build();
        }, HttpResponse.BodyHandlers.ofByteArray(), Transport.Retry.API, what);
        if (r.statusCode() / 100 != 2) throw Transport.failure(r, what);
        listener.transferred(bytes.length);
        return Transport.fileInfo(Transport.json(r, what), name);
    }

    // ------------------------------------------------------------------ get

    /**
     * The file's bytes as a stream, or {@code null} when there is no such file. A large file's
     * bytes come straight from S3 through the presigned redirect, which is followed without the
     * API key. Close the body when done.
     */
    public StreamingBody get(String name) {
        ensureOpen();
        String what = "getting " + name;
        HttpResponse<InputStream> r = transport.send(() -> transport.apiRequest(
                        transport.api("/files/download?name=" + Transport.enc(name)), config.socketTimeout()).GET().build(),
                BodyStream.handler(config.socketTimeout()), Transport.Retry.API, what);
        BodyStream body = (BodyStream) r.body();
        int status = r.statusCode();
        if (status == 200) {
            HttpHeaders h = r.headers();
            FileInfo info = new FileInfo(name, h.firstValueAsLong("Content-Length").orElse(-1),
                    h.firstValue("Content-Type").orElse(null), h.firstValue("ETag").orElse(null),
                    httpDate(h.firstValue("Last-Modified").orElse(null)));
            return new StreamingBody(info, body);
        }
        byte[] answer = readSmall(body, what);
        if (status == 404) return null;
        if (status == 302) return followRedirect(name, answer, r.headers());
        throw Transport.failure(status, answer, r.headers(), what);
    }

    /** The 302's Location is a presigned S3 URL: a fresh request, no API key; metadata from the API's JSON. */
    private StreamingBody followRedirect(String name, byte[] answer, HttpHeaders headers) {
        String what = "downloading " + name;
        String location = headers.firstValue("Location")
                .orElseThrow(() -> new ServerException(302, what + ": a redirect without Location", List.of(), null, null));
        JsonNode link;
        try {
            link = Transport.JSON.readTree(answer);
        } catch (IOException e) {
            link = Transport.JSON.createObjectNode();
        }
        URI url = URI.create(location);
        HttpResponse<InputStream> s3 = transport.send(() -> HttpRequest.newBuilder(url).timeout(config.socketTimeout()).GET().build(),
                BodyStream.handler(config.socketTimeout()), Transport.Retry.API, what);
        BodyStream body = (BodyStream) s3.body();
        if (s3.statusCode() != 200) throw Transport.failure(s3.statusCode(), readSmall(body, what), s3.headers(), what);
        HttpHeaders h = s3.headers();
        long size = link.has("size") ? link.get("size").asLong() : h.firstValueAsLong("Content-Length").orElse(-1);
        String type = link.has("content_type") ? link.get("content_type").asText() : h.firstValue("Content-Type").orElse(null);
        String etag = link.has("etag") ? link.get("etag").asText() : h.firstValue("ETag").orElse(null);
        return new StreamingBody(new FileInfo(name, size, type, etag, httpDate(h.firstValue("Last-Modified").orElse(null))), body);
    }

    private static byte[] readSmall(BodyStream body, String what) {
        try (body) {
            return body.readNBytes(1024 * 1024);
        } catch (IOException e) {
            throw StreamingBody.failure(e);
        }
    }

    private static Instant httpDate(String value) {
        if (value == null) return null;
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ list

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
        pages(options, page -> names.addAll(page.names()));
        return names;
    }

    /** The metadata of every file under a directory, recursively (all pages); see {@link #list(String)}. */
    public List<FileInfo> listDetailed(String dir) {
        return listDetailed(ListOptions.directory(dir));
    }

    /** The metadata of every file the options select (all pages; folded directories have none). */
    public List<FileInfo> listDetailed(ListOptions options) {
        List<FileInfo> files = new ArrayList<>();
        pages(options.withDetailed(true), page -> files.addAll(page.files()));
        return files;
    }

    private void pages(ListOptions options, java.util.function.Consumer<ListPage> each) {
        while (true) {
            ListPage page = listPage(options);
            each.accept(page);
            if (!page.hasMore() || page.last().equals(options.last())) return;
            options = options.withLast(page.last());
        }
    }

    /** One page of a listing, for callers who page through large drives themselves. */
    public ListPage listPage(ListOptions options) {
        ensureOpen();
        StringBuilder q = new StringBuilder("/files?limit=").append(options.limit());
        if (!options.prefix().isEmpty()) q.append("&prefix=").append(Transport.enc(options.prefix()));
        if (options.last() != null) q.append("&last=").append(Transport.enc(options.last()));
        if (options.folded()) q.append("&recursive=false");
        if (options.detailed()) q.append("&detailed=true");
        String what = "listing " + (options.prefix().isEmpty() ? "the drive" : options.prefix());
        HttpResponse<byte[]> r = transport.send(() -> transport.apiRequest(transport.api(q.toString()), config.socketTimeout())
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray(), Transport.Retry.API, what);
        if (r.statusCode() != 200) throw Transport.failure(r, what);
        JsonNode json = Transport.json(r, what);
        List<String> names = new ArrayList<>();
        json.path("names").forEach(n -> names.add(n.asText()));
        List<FileInfo> files = new ArrayList<>();
        json.path("files").forEach(f -> files.add(Transport.fileInfo(f, null)));
        JsonNode paging = json.get("paging");
        String last = paging == null || paging.get("last") == null || paging.get("last").isNull() ? null : paging.get("last").asText();
        return new ListPage(names, files, last);
    }

    // ------------------------------------------------------------------ delete

    /** Deletes one file; a missing file counts as deleted, an invalid name as failed. */
    public DeleteResult delete(String name) {
        return delete(List.of(name));
    }

    /** Deletes many files, 1,000 per request; reports each name that failed with its reason. */
    public DeleteResult delete(Collection<String> names) {
        ensureOpen();
        List<String> all = new ArrayList<>(names);
        List<String> deleted = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            byte[] body;
            try {
                body = Transport.JSON.writeValueAsBytes(Map.of("names", batch));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String what = "deleting " + (batch.size() == 1 ? batch.get(0) : batch.size() + " files");
            HttpResponse<byte[]> r = transport.send(() -> transport.apiRequest(transport.api("/files"), config.socketTimeout())
                    .header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray(), Transport.Retry.API, what);
            if (r.statusCode() != 200) throw Transport.failure(r, what);
            JsonNode json = Transport.json(r, what);
            json.path("deleted").forEach(n -> deleted.add(n.asText()));
            json.path("failed").fields().forEachRemaining(e -> failed.put(e.getKey(), e.getValue().asText()));
        }
        return new DeleteResult(deleted, failed);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Makes this client unusable; bodies already returned stay readable. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("this Files client is closed");
    }

    @Override
    public String toString() {
        return "Files[" + config + "]";
    }
}
