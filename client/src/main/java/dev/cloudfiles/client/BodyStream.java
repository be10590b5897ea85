package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads time out: the JDK's own
 * {@code ofInputStream} blocks forever on a stalled body, and its request timeout ends with the
 * headers. One buffer list is requested at a time, so a slow reader holds little memory.
 */
final class BodyStream extends BodySource implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private volatile long timeoutNanos;
    private Iterator<ByteBuffer> buffers;
    private boolean ended;
    private boolean closed;

    BodyStream(Duration timeout) {
        setTimeout(timeout);
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration timeout) {
        return info -> new BodyStream(timeout);
    }

    @Override
    boolean isClosed() {
        return closed;
    }

    @Override
    void setTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a socket timeout must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
    }

    // --- subscriber side (the HTTP client's threads) ---

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    // --- reader side ---

    /**
     * The next bytes as the HTTP client delivered them, handed over to the caller (who may keep
     * them), or null at the end: no copy on the way to a file.
     */
    synchronized ByteBuffer nextChunk() throws IOException {
        if (closed) throw new IOException("the body is closed");
        ByteBuffer buffer = nextBuffer();
        current = null;
        return buffer;
    }

    /** A buffer with bytes left, or null at the end; waits at most the timeout for the network. */
    @Override
    ByteBuffer nextBuffer() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) return null;
            if (buffers != null) {
                buffers = null;
                subscription.join().request(1);
            }
            Object item;
            try {
                item = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the body");
            }
            if (item == null) {
                throw new SocketTimeoutException(
                        "no data for " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            }
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            buffers = list.iterator();
        }
        return current;
    }

    /** Stops the download: the connection is dropped, not drained. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!ended) subscription.thenAccept(Flow.Subscription::cancel);
        queue.clear();
    }
}
