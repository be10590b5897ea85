package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large downloads in parallel byte ranges of one presigned URL, against the local stack (S3Proxy
 * checking signatures) through a real loopback proxy that records every request and injects
 * failures: byte-exact files and streams, ranges retried on their own, links renewed, and a file
 * that changes under a download failing loudly instead of mixing versions. The part size is
 * 1 MiB here, so 5 MiB files are six ranges.
 */
class RangedDownloadTest {
    private static final int MIB = 1024 * 1024;
    private static final int SIZE = 5 * MIB + 123;
    /** The fourth of the six ranges. */
    private static final String FOURTH = "bytes=3145728-4194303";

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path dir;

    private FaultProxy proxy;
    private CloudDrive drive;
    /** The same drive without the proxy: writes that the proxy does not record. */
    private CloudDrive direct;

    private byte[] bytes;

    @BeforeEach
    void open() throws Exception {
        proxy = new FaultProxy();
        String key = stack.newKeySecret();
        CloudDriveConfig config = CloudDriveTest.config(stack, key, "ranges").toBuilder()
                .downloadPartSize(MIB)
                .downloadParallelism(3)
                .maxAttempts(3)
                .build();
        drive = CloudDrive.create(config.toBuilder().proxy(proxy.selector()).build());
        direct = CloudDrive.create(config);
        bytes = GeneratedContent.bytes(14, SIZE);
        direct.put("big.bin", bytes);
    }

    @AfterEach
    void close() {
        drive.close();
        direct.close();
        proxy.close();
    }

    private static boolean isApi(FaultProxy.Seen s) {
        return s.uri().getPath().startsWith("/v1/");
    }

    private static String header(FaultProxy.Seen s, String name) {
        return s.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    private List<FaultProxy.Seen> toS3() {
        return proxy.seen().stream().filter(s -> !isApi(s)).toList();
    }

    private List<FaultProxy.Seen> toApi() {
        return proxy.seen().stream().filter(RangedDownloadTest::isApi).toList();
    }

    private List<Path> leftInDir() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String range(long from, long to) {
        return "bytes=" + from + "-" + to;
    }

    /**
     * A copy shares its source's blob, and so its ETag: every range's If-Match, checked by S3
     * against the blob, holds for the copy as it does for the source.
     */
    @Test
    void aCopyOfAMultipartFileDownloadsInRanges() throws Exception {
        FileInfo copied = direct.copy("big.bin", "copy.bin");
        Path target = dir.resolve("copy.bin");

        FileInfo info = drive.download("copy.bin", target, n -> {});

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(info.etag()).isEqualTo(copied.etag());
    }

    @Test
    void aLargeFileComesInCheckedRangesWrittenInPlace() throws Exception {
        Path target = dir.resolve("big.bin");
        AtomicLong progress = new AtomicLong();

        FileInfo info = drive.download("big.bin", target, progress::addAndGet);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(info.size()).isEqualTo(SIZE);
        assertThat(progress.get()).isEqualTo(SIZE);
        assertThat(leftInDir()).as("no temporary file is left").containsExactly(target);
        assertThat(toS3())
                .extracting(s -> header(s, "Range"))
                .containsExactlyInAnyOrder(
                        range(0, MIB - 1),
                        range(MIB, 2 * MIB - 1),
                        range(2 * MIB, 3 * MIB - 1),
                        range(3 * MIB, 4 * MIB - 1),
                        range(4 * MIB, 5 * MIB - 1),
                        range(5 * MIB, SIZE - 1));
        assertThat(toS3()).allSatisfy(s -> {
            assertThat(header(s, "If-Match"))
                    .as("every range asks for this version")
                    .isEqualTo(DownloadLink.quoted(info.etag()));
            assertThat(s.has("X-Api-Key")).isFalse();
        });
        assertThat(toApi()).as("one API request: the 302 carries the link").hasSize(1);
    }

    @Test
    void aStreamComesInOrderInSmallReads() throws Exception {
        byte[] read;
        try (StreamingBody body = drive.get("big.bin");
                InputStream in = body.asInputStream()) {
            assertThat(body.size()).isEqualTo(SIZE);
            assertThat(body.etag()).isNotNull();
            assertThat(body.lastModified()).as("from the link's JSON").isNotNull();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1000];
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            read = out.toByteArray();
        }
        assertThat(read).isEqualTo(bytes);
        assertThat(toS3())
                .hasSize(6)
                .allSatisfy(s -> assertThat(header(s, "Range")).isNotNull());
    }

    @Test
    void aFileOfLessThanTwoPartsIsOneRequest() throws Exception {
        byte[] small = GeneratedContent.bytes(15, 2 * MIB - 1);
        direct.put("small.bin", small);
        Path target = dir.resolve("small.bin");

        drive.download("small.bin", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(small);
        assertThat(toS3())
                .hasSize(1)
                .allSatisfy(s -> assertThat(header(s, "Range")).isNull());
    }

    @Test
    void aRangeThatBreaksOffContinuesFromItsFirstMissingByte() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        proxy.cut(s -> FOURTH.equals(header(s, "Range")) && once.compareAndSet(false, true) ? 100_000 : null);
        Path target = dir.resolve("big.bin");

        drive.download("big.bin", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(toS3())
                .extracting(s -> header(s, "Range"))
                .hasSize(7)
                .contains(FOURTH, range(3 * MIB + 100_000, 4 * MIB - 1));
    }

    @Test
    void aStreamsRangeThatBreaksOffContinuesToo() {
        AtomicBoolean once = new AtomicBoolean();
        proxy.cut(s -> FOURTH.equals(header(s, "Range")) && once.compareAndSet(false, true) ? 4096 : null);

        try (StreamingBody body = drive.get("big.bin")) {
            assertThat(body.read()).isEqualTo(bytes);
        }
        assertThat(toS3()).extracting(s -> header(s, "Range")).contains(range(3 * MIB + 4096, 4 * MIB - 1));
    }

    @Test
    void aThrottledOrFailedRangeIsRetriedAlone() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> FOURTH.equals(header(s, "Range")) && once.compareAndSet(false, true)
                ? new FaultProxy.Fault(503, Map.of("Retry-After", "0"), "<Error><Code>SlowDown</Code></Error>")
                : null);
        Path target = dir.resolve("big.bin");

        drive.download("big.bin", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(toS3())
                .extracting(s -> header(s, "Range"))
                .hasSize(7)
                .filteredOn(FOURTH::equals)
                .hasSize(2);
    }

    @Test
    void aRangeThatFailsEveryAttemptFailsTheDownloadAndLeavesNothing() throws Exception {
        // the fourth range and every continuation of it break off after 10 bytes
        proxy.cut(s -> header(s, "Range") != null && header(s, "Range").startsWith("bytes=3") ? 10 : null);
        Path target = dir.resolve("big.bin");

        assertThatThrownBy(() -> drive.download("big.bin", target)).isInstanceOf(TransportException.class);

        assertThat(leftInDir()).isEmpty();
        assertThat(toS3())
                .extracting(s -> header(s, "Range"))
                .filteredOn(r -> r.startsWith("bytes=3"))
                .hasSize(3);
    }

    @Test
    void anExpiredLinkIsRenewedForTheSameVersion() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> FOURTH.equals(header(s, "Range")) && once.compareAndSet(false, true)
                ? new FaultProxy.Fault(403, Map.of(), "<Error><Code>AccessDenied</Code></Error>")
                : null);
        Path target = dir.resolve("big.bin");

        drive.download("big.bin", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(toApi())
                .extracting(s -> s.uri().getRawQuery())
                .containsExactly("name=big.bin", "name=big.bin&redirect=false");
    }

    @Test
    void aFileOverwrittenDuringTheDownloadFailsLoudlyWhenTheLinkIsRenewed() throws Exception {
        byte[] newer = GeneratedContent.bytes(16, SIZE);
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> {
            if (!FOURTH.equals(header(s, "Range")) || !once.compareAndSet(false, true)) return null;
            direct.put("big.bin", newer);
            return new FaultProxy.Fault(403, Map.of(), "<Error><Code>AccessDenied</Code></Error>");
        });
        Path target = dir.resolve("big.bin");

        assertThatThrownBy(() -> drive.download("big.bin", target))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("big.bin changed during the download");

        assertThat(leftInDir()).as("neither the target nor a temporary file").isEmpty();
    }

    @Test
    void aStreamOfAFileOverwrittenMeanwhileFailsLoudlyToo() {
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> {
            if (!FOURTH.equals(header(s, "Range")) || !once.compareAndSet(false, true)) return null;
            direct.put("big.bin", GeneratedContent.bytes(16, SIZE + 1));
            return new FaultProxy.Fault(403, Map.of(), "<Error><Code>AccessDenied</Code></Error>");
        });

        try (StreamingBody body = drive.get("big.bin")) {
            assertThat(body.read(3 * MIB)).isEqualTo(Arrays.copyOf(bytes, 3 * MIB));
            assertThatThrownBy(body::read)
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("changed during the download");
        }
    }

    @Test
    void anOverwriteThatNeedsNoRenewalStillYieldsTheVersionAskedFor() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> {
            if (FOURTH.equals(header(s, "Range")) && once.compareAndSet(false, true)) {
                direct.put("big.bin", GeneratedContent.bytes(16, SIZE));
            }
            return null;
        });
        Path target = dir.resolve("big.bin");

        FileInfo info = drive.download("big.bin", target);

        assertThat(Files.readAllBytes(target)).as("the old version, whole").isEqualTo(bytes);
        assertThat(info.etag()).isNotEqualTo(direct.listDetailed("").get(0).etag());
    }

    @Test
    void aFileDeletedDuringTheDownloadIsNotFound() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        proxy.rule(s -> {
            if (!FOURTH.equals(header(s, "Range")) || !once.compareAndSet(false, true)) return null;
            direct.delete("big.bin");
            return new FaultProxy.Fault(403, Map.of(), "<Error><Code>AccessDenied</Code></Error>");
        });
        Path target = dir.resolve("big.bin");

        assertThatThrownBy(() -> drive.download("big.bin", target))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("deleted during the download");
        assertThat(leftInDir()).isEmpty();
    }

    @Test
    void anAnswerForOtherBytesIsRefused() throws Exception {
        proxy.rule(s -> FOURTH.equals(header(s, "Range"))
                ? new FaultProxy.Fault(206, Map.of("Content-Range", "bytes 0-9/" + SIZE), "0123456789")
                : null);
        Path target = dir.resolve("big.bin");

        assertThatThrownBy(() -> drive.download("big.bin", target))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("Content-Range");
        assertThat(leftInDir()).isEmpty();
    }

    @Test
    void anAnswerWithoutRangesIsRefused() throws Exception {
        proxy.rule(s -> FOURTH.equals(header(s, "Range")) ? new FaultProxy.Fault(200, Map.of(), "{}") : null);

        assertThatThrownBy(() -> drive.download("big.bin", dir.resolve("big.bin")))
                .isInstanceOf(CloudFilesException.class)
                .hasMessageContaining("not a 206");
    }

    @Test
    void closingAStreamWakesAReaderWaitingForAStalledRange() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        proxy.rule(s -> {
            if (FOURTH.equals(header(s, "Range"))) {
                asked.countDown();
                try {
                    release.await(); // the fourth range stalls until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        StreamingBody body = drive.get("big.bin");
        CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return body.read();
            } catch (RuntimeException e) {
                return e;
            }
        });
        try {
            asked.await();
            body.close();
            assertThat(reader.get(2, TimeUnit.MINUTES))
                    .as("the reader fails instead of waiting for the stalled range")
                    .isInstanceOf(CloudFilesException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aClosedStreamCannotBeReadOn() {
        StreamingBody body = drive.get("big.bin");
        assertThat(body.read(10)).isEqualTo(Arrays.copyOf(bytes, 10));
        body.close();
        assertThatThrownBy(() -> body.read(10)).isInstanceOf(TransportException.class);
    }

    @Test
    void theStreamWindowIsBoundedByTheHeap() {
        long mib = MIB;
        // defaults, a large heap: 8 ranges of 4 MiB = 32 MiB
        assertThat(RangedBody.streamRangeSize(8 * mib, 8, 4096 * mib)).isEqualTo(4 * mib);
        assertThat(RangedBody.streamWindow(8 * mib, 8, 4096 * mib)).isEqualTo(8);
        // -Xmx64m: a quarter of the heap, 8 ranges of 2 MiB
        assertThat(RangedBody.streamRangeSize(8 * mib, 8, 64 * mib)).isEqualTo(2 * mib);
        assertThat(RangedBody.streamWindow(8 * mib, 8, 64 * mib)).isEqualTo(8);
        // a tiny heap: never under 1 MiB ranges, fewer of them
        assertThat(RangedBody.streamRangeSize(8 * mib, 8, 16 * mib)).isEqualTo(mib);
        assertThat(RangedBody.streamWindow(8 * mib, 8, 16 * mib)).isEqualTo(4);
        // small parts and few of them: all in flight
        assertThat(RangedBody.streamRangeSize(mib, 3, 4096 * mib)).isEqualTo(mib);
        assertThat(RangedBody.streamWindow(mib, 3, 4096 * mib)).isEqualTo(3);
    }
}
