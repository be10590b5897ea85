package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one byte range of a {@link DownloadLink} and hands its bytes, in order, to a
 * {@link Sink}. Every answer is checked before a byte is used: {@code 206}, a
 * {@code Content-Range} of exactly the bytes asked for and of the file's size, a matching
 * {@code Content-Length}, and the version's ETag (also sent as {@code If-Match}, so that S3 itself
 * refuses another version). A range is retried on its own: a throttled or failed answer as a
 * presigned part upload is ({@link Transport.Retry#PART}); a body that breaks off continues from
 * the first byte that did not arrive, after the client's backoff; a refused URL (403, 404, 412) is
 * renewed through the API, which fails the download if the file changed meanwhile. At most
 * {@link CloudDriveConfig.RetryPolicy#maxAttempts()} attempts per range.
 */
final class RangeFetcher {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** Where a range's bytes go, in order: {@code position} is the file offset of the first byte. */
    @FunctionalInterface
    interface Sink {
        /** Takes the buffer (it may keep it). A local failure ({@link UncheckedIOException}) is not retried. */
        void accept(long position, ByteBuffer bytes);
    }

    private final Transport transport;
    private final DownloadLink link;
    private volatile Duration timeout;

    RangeFetcher(Transport transport, DownloadLink link) {
        this.transport = transport;
        this.link = link;
        this.timeout = transport.config.timeouts().socket();
    }

    void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** Bytes {@code start} (inclusive) to {@code end} (exclusive) into {@code sink}; progress to {@code listener}. */
    void fetch(long start, long end, Sink sink, TransferListener listener) {
        long position = start;
        for (int attempt = 1; position < end; attempt++) {
            boolean last = attempt >= transport.config.retry().maxAttempts();
            DownloadLink.Lease lease = link.lease();
            long from = position;
            String what = "downloading bytes " + from + "-" + (end - 1) + " of " + link.name();
            Duration wait = timeout;
            HttpResponse<InputStream> r = transport.send(
                    () -> {
                        HttpRequest.Builder b = HttpRequest.newBuilder(lease.url())
                                .timeout(wait)
                                .header("Range", "bytes=" + from + "-" + (end - 1));
                        if (link.etag() != null) b.header("If-Match", DownloadLink.quoted(link.etag()));
                        return b.GET().build();
                    },
                    BodyStream.handler(wait),
                    Transport.Retry.PART,
                    what);
            try (BodyStream body = (BodyStream) r.body()) {
                int status = r.statusCode();
                if (status == 403 || status == 404 || status == 412) {
                    if (last) throw Transport.failure(status, small(body), r.headers(), what);
                    link.renew(lease.stamp());
                    continue;
                }
                if (status != 206) throw Transport.failure(status, small(body), r.headers(), what + " (not a 206)");
                check(r.headers(), from, end, what);
                try {
                    for (ByteBuffer chunk; (chunk = body.nextChunk()) != null; ) {
                        int n = chunk.remaining();
                        if (position + n > end) throw mismatch(what + ": more bytes than the range holds");
                        sink.accept(position, chunk);
                        position += n;
                        listener.transferred(n);
                    }
                    if (position < end) throw new IOException("the answer ended after " + (position - from) + " bytes");
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted()) throw new TransportException(what + ": interrupted", e);
                    // the connection broke off or stalled: continue from the first missing byte
                    if (last) throw StreamingBody.failure(e);
                    transport.pause(attempt, Optional.empty());
                }
            }
        }
    }

    /** A 206 for exactly these bytes of this version, or a {@link ServerException} that says what is wrong. */
    private void check(HttpHeaders h, long from, long end, String what) {
        String range = h.firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range.trim());
        if (!m.matches()
                || Long.parseLong(m.group(1)) != from
                || Long.parseLong(m.group(2)) != end - 1
                || !m.group(3).equals(Long.toString(link.size()))) {
            throw mismatch(what + ": the answer's Content-Range is '" + range + "', not bytes " + from + "-" + (end - 1)
                    + "/" + link.size());
        }
        long length = h.firstValueAsLong("Content-Length").orElse(end - from);
        if (length != end - from) {
            throw mismatch(what + ": the answer's Content-Length is " + length + ", not " + (end - from));
        }
        String etag = h.firstValue("ETag").orElse(null);
        if (link.etag() != null && etag != null && !DownloadLink.sameEtag(etag, link.etag())) {
            throw new PreconditionFailedException(
                    412,
                    link.name() + " changed during the download (ETag " + link.etag() + " → " + etag
                            + "); nothing was written",
                    ErrorBody.NONE,
                    null);
        }
    }

    private static ServerException mismatch(String message) {
        return new ServerException(206, message, ErrorBody.NONE, null);
    }

    private static byte[] small(BodyStream body) {
        try {
            return body.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
