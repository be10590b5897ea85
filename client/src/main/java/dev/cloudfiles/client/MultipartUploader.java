package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A presigned multipart upload (API.md #2, #4, #5):
 * <ol>
 *   <li>{@code POST /uploads?name=N&presigned=true&size=BYTES} — the server opens the session,
 *       picks the part size and presigns one S3 URL per part;</li>
 *   <li>each part's bytes {@code PUT} straight to its URL (never with the API key), at most
 *       {@link CloudDriveConfig.Transfer#uploadParallelism()} at once, each retried on a transient failure;</li>
 *   <li>{@code PATCH /uploads/{id}?name=N} commits (the server lists the parts itself), with the
 *       put's condition ({@code If-None-Match} / {@code If-Match}), if any;</li>
 *   <li>on any failure, {@code DELETE /uploads/{id}?name=N} aborts the session, so that no part
 *       and no file is left behind, and the failure is thrown.</li>
 * </ol>
 * {@link ResumableUploads} uses the same steps one by one for local files, and keeps the session
 * of a failure that may pass so that it can be resumed.
 * Each part's URL is signed for the part's MD5, taken as the part is read, and fetched through
 * {@code POST /uploads/{id}/urls?name=N} (API.md #3b) with that MD5 right before the part is sent
 * ({@link PartUrls}): S3 refuses a part whose bytes changed on the way (400 BadDigest, a
 * {@link DigestMismatchException}). The URLs of the start's answer carry no MD5 and are not used.
 * A part answered 403 (its URL expired, e.g. after long retries) gets a fresh URL and is sent once
 * more; a second 403 fails it.
 * <p>
 * A part is read from its source only once a slot is free, so at most {@code parallelism}
 * parts are in memory (and none for files and arrays, which are sent in place).
 */
final class MultipartUploader {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Transport transport;

    MultipartUploader(Transport transport) {
        this.transport = transport;
    }

    /** The whole upload: open, every part, commit; on any failure the session is aborted. */
    FileInfo upload(String name, PartSource source, PutOptions options) {
        JsonNode session = open(name, source.size, options);
        String path = path(Transport.text(session, "upload_id"), name);
        try {
            long partSize = partSize(session);
            sendParts(name, path, partSize, source, allParts(source.size, partSize), options.listener());
            return commit(path, name, options);
        } catch (RuntimeException | Error e) {
            abort(path, name, e);
            throw e;
        }
    }

    /** API.md #2 with {@code presigned=true}: the session, its part size and the URLs of every part. */
    JsonNode open(String name, long size, PutOptions options) {
        String what = "starting the upload of " + name;
        HttpResponse<byte[]> opened = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api("/uploads?name=" + Transport.enc(name) + "&presigned=true&size=" + size
                                        + options.contentTypeParameter()),
                                transport.config.timeouts().socket())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (opened.statusCode() / 100 != 2) throw Transport.failure(opened, what);
        JsonNode session = Transport.json(opened, what);
        long partSize = partSize(session);
        if (partSize <= 0
                || partSize > Integer.MAX_VALUE
                || session.path("parts").size() != partCount(size, partSize)) {
            throw new ServerException(
                    200,
                    "the upload session of " + name + " does not match its size: part_size " + partSize + ", "
                            + session.path("parts").size() + " parts for " + size + " bytes",
                    ErrorBody.NONE,
                    null);
        }
        return session;
    }

    /** The session's path, {@code /uploads/{id}?name=N}. */
    static String path(String uploadId, String name) {
        return "/uploads/" + Transport.enc(uploadId) + "?name=" + Transport.enc(name);
    }

    /** The part size of a session's answer, 0 if it has none. */
    static long partSize(JsonNode session) {
        return session.path("part_size").asLong(0);
    }

    /** How many parts {@code size} bytes make in parts of {@code partSize}. */
    static int partCount(long size, long partSize) {
        return (int) ((size + partSize - 1) / partSize);
    }

    /** The length of part {@code part}: every part is full but the last. */
    static long partLength(long size, long partSize, int part) {
        return Math.min(partSize, size - (part - 1L) * partSize);
    }

    static SortedSet<Integer> allParts(long size, long partSize) {
        SortedSet<Integer> all = new TreeSet<>();
        for (int k = 1; partSize > 0 && k <= partCount(size, partSize); k++) all.add(k);
        return all;
    }

    /** API.md #4: commits, with the put's condition; the stored file's metadata. */
    FileInfo commit(String path, String name, PutOptions options) {
        String what = "committing the upload of " + name;
        HttpResponse<byte[]> done = transport.send(
                () -> {
                    HttpRequest.Builder b = transport
                            .apiRequest(
                                    transport.api(path),
                                    transport.config.timeouts().socket())
                            .method("PATCH", HttpRequest.BodyPublishers.noBody());
                    options.addConditionTo(b);
                    return b.build();
                },
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.COMMIT,
                what);
        if (done.statusCode() != 200) throw Transport.failure(done, what);
        return Transport.fileInfo(Transport.json(done, what), name);
    }

    /**
     * Sends {@code parts} (numbers, ascending) of {@code source} in parts of {@code partSize}, at
     * most parallelism at once, each to a URL fetched for it ({@link PartUrls}).
     */
    void sendParts(
            String name,
            String path,
            long partSize,
            PartSource source,
            SortedSet<Integer> parts,
            TransferListener listener) {
        CloudDriveConfig config = transport.config;
        PartUrls urls = new PartUrls(transport, name, path);
        ExecutorService pool = Executors.newFixedThreadPool(config.transfer().uploadParallelism(), daemonThreads());
        Semaphore slots = new Semaphore(config.transfer().uploadParallelism());
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (int number : parts) {
                long offset = (number - 1L) * partSize;
                int length = (int) partLength(source.size, partSize, number);
                acquire(slots);
                if (failed.get() != null) break;
                PartSource.Part body;
                try {
                    body = source.part(offset, length);
                } catch (IOException e) {
                    slots.release();
                    failed.compareAndSet(
                            null,
                            new TransportException(
                                    "reading part " + number + " of " + name + ": " + Transport.describe(e), e));
                    break;
                }
                int part = number;
                sent.add(pool.submit(() -> {
                    try {
                        putPart(name, part, urls, body);
                        listener.transferred(length);
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                    } finally {
                        body.release();
                        slots.release();
                    }
                }));
            }
            if (failed.get() == null) {
                try {
                    source.finish();
                } catch (IOException e) {
                    failed.compareAndSet(null, new TransportException("reading " + name + ": " + e.getMessage(), e));
                }
            }
            // Wait for every part in flight before a commit or an abort: none may land after either.
            for (Future<?> f : sent) await(f);
            if (failed.get() != null) throw failed.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One part to its presigned URL: no API key, no headers but what the URL was signed for (its
     * {@code Content-MD5} included). A 403 (S3's answer to an expired URL) renews the URL and sends
     * the part once more; a second 403 is final. S3's 400 BadDigest says the bytes that arrived are
     * not the ones hashed: a {@link DigestMismatchException}, and the upload is aborted.
     */
    private void putPart(String name, int number, PartUrls urls, PartSource.Part body) {
        String what = "uploading part " + number + " of " + name;
        HttpResponse<byte[]> r = put(urls.url(number, body.contentMd5()), body, what);
        if (r.statusCode() == 403) r = put(urls.url(number, body.contentMd5()), body, what);
        if (r.statusCode() == 400 && new String(r.body(), StandardCharsets.UTF_8).contains("<Code>BadDigest</Code>")) {
            throw new DigestMismatchException(
                    400,
                    what + ": S3 refused the bytes (BadDigest): they are not the ones whose MD5 the client took;"
                            + " they were changed on the way, or the source changed during the upload",
                    new ErrorBody(ErrorBody.DIGEST_MISMATCH, List.of(), null),
                    null);
        }
        if (r.statusCode() / 100 != 2) throw Transport.failure(r, what);
    }

    private HttpResponse<byte[]> put(URI url, PartSource.Part body, String what) {
        return transport.send(
                () -> HttpRequest.newBuilder(url)
                        .timeout(transport.config.timeouts().upload())
                        .header("Content-MD5", body.contentMd5())
                        .PUT(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.PART,
                what);
    }

    /** API.md #5, best effort: a failure to abort is added to {@code cause}, never thrown. */
    void abort(String path, String name, Throwable cause) {
        try {
            HttpResponse<byte[]> r = transport.send(
                    () -> transport
                            .apiRequest(
                                    transport.api(path),
                                    transport.config.timeouts().socket())
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray(),
                    Transport.Retry.COMMIT,
                    "aborting the upload of " + name);
            if (r.statusCode() != 200 && r.statusCode() != 404)
                cause.addSuppressed(Transport.failure(r, "aborting the upload of " + name));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void acquire(Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while uploading", e);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while uploading", e);
        } catch (ExecutionException e) {
            // the task records its own failure
        }
    }

    private static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "cloudfiles-upload-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
