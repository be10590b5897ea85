package dev.cloudfiles.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A large file fetched as parallel byte ranges of one presigned URL ({@link RangeFetcher}), in
 * one of two ways, chosen by the first use:
 *
 * <ul>
 *   <li><b>to a file</b> ({@link #writeTo}): every range, {@code downloadPartSize} bytes,
 *       {@code downloadParallelism} at once, written in place at its offset as its bytes arrive;
 *       nothing is buffered beyond what the HTTP client holds per connection.
 *   <li><b>as a stream</b> (reads): a window of ranges ahead of the reader, fetched in parallel and
 *       handed out in order. Each range is buffered until read, so the window bounds memory:
 *       {@link #streamWindow} ranges of {@link #streamRangeSize} bytes, at most
 *       {@link #STREAM_BUFFER} (32 MiB) and at most a quarter of the heap in all. A range is
 *       started only when the reader has finished one, so a slow reader holds no more.
 * </ul>
 *
 * Nothing is fetched before the first read or {@link #writeTo}. Closing stops every range.
 */
final class RangedBody extends BodySource {
    /** The most a stream keeps ahead of its reader (see the class comment). */
    static final long STREAM_BUFFER = 32L * 1024 * 1024;

    private static final Object END = new Object();
    /** Put into every range of the window by {@link #close()}: wakes a reader waiting for one. */
    private static final Object CLOSED = new Object();

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RangeFetcher fetcher;
    private final long size;
    private final long partSize;
    private final int parallelism;
    private volatile ExecutorService pool;
    private boolean started;
    private volatile boolean closed;
    // stream mode: the window of ranges not yet read, the next range's start, the buffer being read
    // (the window is concurrent only so that close() need not wait for a reader's lock)
    private final ConcurrentLinkedDeque<LinkedBlockingQueue<Object>> window = new ConcurrentLinkedDeque<>();
    private long nextStart;
    private long rangeSize;
    private int windowSize;

    RangedBody(Transport transport, DownloadLink link) {
        this.fetcher = new RangeFetcher(transport, link);
        this.size = link.size();
        this.partSize = transport.config.transfer().downloadPartSize();
        this.parallelism = transport.config.transfer().downloadParallelism();
    }

    /** Whether a file of {@code size} bytes is worth fetching in ranges: at least two of them. */
    static boolean worthIt(long size, CloudDriveConfig config) {
        return size >= 2 * config.transfer().downloadPartSize()
                && config.transfer().downloadParallelism() > 1;
    }

    /** The range size of a stream: the part size, smaller where the budget needs it, never under 1 MiB. */
    static long streamRangeSize(long partSize, int parallelism, long maxHeap) {
        long budget = streamBudget(partSize, parallelism, maxHeap);
        return Math.max(CloudDriveConfig.Transfer.MIN_DOWNLOAD_PART_SIZE, Math.min(partSize, budget / parallelism));
    }

    /** How many ranges a stream keeps in flight: the parallelism, fewer where the budget needs it. */
    static int streamWindow(long partSize, int parallelism, long maxHeap) {
        long budget = streamBudget(partSize, parallelism, maxHeap);
        long range = streamRangeSize(partSize, parallelism, maxHeap);
        return (int) Math.max(1, Math.min(parallelism, budget / range));
    }

    private static long streamBudget(long partSize, int parallelism, long maxHeap) {
        return Math.min(Math.min(STREAM_BUFFER, maxHeap / 4), partSize * parallelism);
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
        fetcher.setTimeout(timeout);
    }

    // ------------------------------------------------------------------ to a file

    @Override
    void writeTo(FileChannel file, TransferListener listener) throws IOException {
        synchronized (this) {
            if (closed) throw new IOException("the body is closed");
            if (started) throw new IllegalStateException("the body has been read already");
            started = true;
            pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
        }
        List<Future<?>> ranges = new ArrayList<>();
        for (long start = 0; start < size; start += partSize) {
            long from = start;
            long end = Math.min(size, start + partSize);
            ranges.add(pool.submit(
                    () -> fetcher.fetch(from, end, (position, bytes) -> write(file, position, bytes), listener)));
        }
        try {
            for (Future<?> range : ranges) range.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } finally {
            stopAll();
        }
    }

    private static void write(FileChannel file, long position, ByteBuffer bytes) {
        try {
            for (long at = position; bytes.hasRemaining(); ) at += file.write(bytes, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ as a stream

    @Override
    ByteBuffer nextBuffer() throws IOException {
        if (!started) startStream();
        while (current == null || !current.hasRemaining()) {
            LinkedBlockingQueue<Object> range = window.peek();
            if (range == null) {
                stopAll(); // every range was read
                return null;
            }
            Object item;
            try {
                item = range.take(); // each range's reads time out and its retries are bounded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the body");
            }
            if (item == CLOSED) {
                throw new IOException("the body is closed");
            } else if (item == END) {
                window.poll();
                fill();
            } else if (item instanceof Throwable t) {
                window.clear();
                stopAll();
                throw unwrap(t);
            } else {
                current = (ByteBuffer) item;
            }
        }
        return current;
    }

    private void startStream() {
        started = true;
        long maxHeap = Runtime.getRuntime().maxMemory();
        rangeSize = streamRangeSize(partSize, parallelism, maxHeap);
        windowSize = streamWindow(partSize, parallelism, maxHeap);
        pool = Executors.newFixedThreadPool(windowSize, daemonThreads());
        fill();
    }

    /** Starts ranges until the window is full or every range has started. */
    private void fill() {
        while (window.size() < windowSize && nextStart < size) {
            long from = nextStart;
            long end = Math.min(size, from + rangeSize);
            nextStart = end;
            LinkedBlockingQueue<Object> range = new LinkedBlockingQueue<>();
            window.add(range);
            try {
                pool.execute(() -> {
                    try {
                        fetcher.fetch(from, end, (position, bytes) -> range.add(bytes), TransferListener.NONE);
                        range.add(END);
                    } catch (RuntimeException | Error e) {
                        range.add(e);
                    }
                });
            } catch (RejectedExecutionException closedMeanwhile) {
                range.add(CLOSED);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ both

    /**
     * Stops every range and frees what they hold. A reader waiting for a range (on another
     * thread) wakes up and fails; the reader's lock is not needed.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (LinkedBlockingQueue<Object> range : window) range.add(CLOSED);
        stopAll();
        for (LinkedBlockingQueue<Object> range : window) {
            range.clear();
            range.add(CLOSED);
        }
    }

    /** Stops every range still running (their connections are dropped) and waits for them briefly. */
    private void stopAll() {
        ExecutorService p = pool;
        if (p == null) return;
        p.shutdownNow();
        try {
            p.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException unwrap(Throwable t) {
        if (t instanceof CloudFilesException e) return new Failed(e);
        if (t instanceof UncheckedIOException e) return e.getCause();
        if (t instanceof IOException e) return e;
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        return new IOException(t);
    }

    private static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "cloudfiles-download-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
