package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code read(amt)}, {@code iterChunks}, {@code next} at their boundaries, and socket timeouts. */
class StreamingBodyTest {
    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    static CloudDrive drive;

    @BeforeAll
    static void open() {
        drive = CloudDrive.create(CloudDriveTest.config(stack, stack.newKeySecret(), "bodies"));
    }

    @AfterAll
    static void close() {
        drive.close();
    }

    private static byte[] stored(String name, int size) {
        byte[] bytes = GeneratedContent.bytes(size, size);
        drive.put(name, bytes);
        return bytes;
    }

    private static List<Integer> chunkSizes(Iterable<byte[]> chunks, ByteCollector into) {
        List<Integer> sizes = new ArrayList<>();
        for (byte[] chunk : chunks) {
            sizes.add(chunk.length);
            into.add(chunk);
        }
        return sizes;
    }

    /** Concatenates chunks. */
    static final class ByteCollector {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void add(byte[] chunk) {
            out.writeBytes(chunk);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    @Test
    void emptyFile() {
        stored("empty", 0);
        try (StreamingBody body = drive.get("empty")) {
            assertThat(body.read(0)).isEmpty();
            assertThat(body.read(10)).isEmpty();
            assertThat(body.next()).isEmpty();
            assertThat(body.iterChunks()).isEmpty();
            assertThat(body.read()).isEmpty();
        }
    }

    @Test
    void readAmtAtExactMultiplesAndAShortEnd() {
        byte[] bytes = stored("ten", 10);
        try (StreamingBody body = drive.get("ten")) {
            assertThat(body.read(0)).isEmpty();
            assertThat(body.read(5)).isEqualTo(Arrays.copyOfRange(bytes, 0, 5));
            assertThat(body.read(5)).isEqualTo(Arrays.copyOfRange(bytes, 5, 10));
            assertThat(body.read(5)).isEmpty();
            assertThat(body.read()).isEmpty();
        }
        try (StreamingBody body = drive.get("ten")) {
            assertThat(body.read(4)).hasSize(4);
            assertThat(body.read(4)).hasSize(4);
            assertThat(body.read(4)).isEqualTo(Arrays.copyOfRange(bytes, 8, 10));
            assertThat(body.read(4)).isEmpty();
        }
        try (StreamingBody body = drive.get("ten")) {
            assertThat(body.read(1000)).isEqualTo(bytes);
        }
        try (StreamingBody body = drive.get("ten")) {
            assertThatThrownBy(() -> body.read(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void iterChunksAtExactMultiplesAndAShortLastChunk() {
        byte[] exact = stored("exact", 3 * 1024);
        try (StreamingBody body = drive.get("exact")) {
            ByteCollector all = new ByteCollector();
            assertThat(chunkSizes(body.iterChunks(), all)).containsExactly(1024, 1024, 1024);
            assertThat(all.bytes()).isEqualTo(exact);
        }
        byte[] ragged = stored("ragged", 2500);
        try (StreamingBody body = drive.get("ragged")) {
            ByteCollector all = new ByteCollector();
            assertThat(chunkSizes(body.iterChunks(1000), all)).containsExactly(1000, 1000, 500);
            assertThat(all.bytes()).isEqualTo(ragged);
        }
        try (StreamingBody body = drive.get("ragged")) {
            ByteCollector all = new ByteCollector();
            assertThat(chunkSizes(body.iterChunks(1), all)).hasSize(2500);
            assertThat(all.bytes()).isEqualTo(ragged);
            assertThatThrownBy(() -> body.iterChunks(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void iterChunksAcrossThePresignedRedirect() {
        byte[] big = stored("big", 2 * 1024 * 1024 + 1); // over the 1 MiB inline download limit
        try (StreamingBody body = drive.get("big")) {
            ByteCollector all = new ByteCollector();
            List<Integer> sizes = chunkSizes(body.iterChunks(64 * 1024), all);
            assertThat(sizes).hasSize(33);
            assertThat(sizes.get(32)).isEqualTo(1);
            assertThat(all.bytes()).isEqualTo(big);
        }
    }

    @Test
    void nextGivesOneKibChunksThenEmpty() {
        byte[] bytes = stored("next", 2048 + 100);
        try (StreamingBody body = drive.get("next")) {
            assertThat(body.next()).isEqualTo(Arrays.copyOfRange(bytes, 0, 1024));
            assertThat(body.next()).isEqualTo(Arrays.copyOfRange(bytes, 1024, 2048));
            assertThat(body.next()).isEqualTo(Arrays.copyOfRange(bytes, 2048, 2148));
            assertThat(body.next()).isEmpty();
        }
        stored("next-exact", 1024);
        try (StreamingBody body = drive.get("next-exact")) {
            assertThat(body.next()).hasSize(1024);
            assertThat(body.next()).isEmpty();
        }
    }

    @Test
    void mixedReadsShareOnePosition() throws IOException {
        byte[] bytes = stored("mixed", 3000);
        try (StreamingBody body = drive.get("mixed")) {
            assertThat(body.read(10)).isEqualTo(Arrays.copyOfRange(bytes, 0, 10));
            assertThat(body.asInputStream().read()).isEqualTo(bytes[10] & 0xff);
            assertThat(body.next()).isEqualTo(Arrays.copyOfRange(bytes, 11, 1035));
            assertThat(body.read()).isEqualTo(Arrays.copyOfRange(bytes, 1035, 3000));
        }
    }

    @Test
    void closingEarlyIsFineAndReadingAfterCloseFails() {
        stored("early", 100_000);
        StreamingBody body = drive.get("early");
        assertThat(body.read(10)).hasSize(10);
        body.close();
        body.close();
        assertThatThrownBy(body::read).isInstanceOf(TransportException.class);
    }

    // ---- timeouts, against loopback servers that misbehave on purpose

    /** A server that accepts connections and never answers. */
    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (SilentServer server = new SilentServer(null)) {
            CloudDriveConfig config = CloudDriveConfig.builder()
                    .endpoint("http://127.0.0.1:" + server.port())
                    .apiKey("p_secret")
                    .drive("d")
                    .socketTimeout(Duration.ofMillis(200))
                    .build();
            try (CloudDrive silent = CloudDrive.create(config)) {
                assertThatThrownBy(() -> silent.get("x")).isInstanceOf(RequestTimeoutException.class);
                assertThatThrownBy(() -> silent.list())
                        .isInstanceOf(RequestTimeoutException.class)
                        .isInstanceOf(TransportException.class);
            }
        }
    }

    /** A server that sends the headers and some of the body, then stalls: the body's reads time out. */
    @Test
    void aStalledBodyTimesOutPerRead() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\nETag: \"e\"\r\n\r\n";
        byte[] start = (head + "0123456789").getBytes(StandardCharsets.US_ASCII);
        try (SilentServer server = new SilentServer(start)) {
            CloudDriveConfig config = CloudDriveConfig.builder()
                    .endpoint("http://127.0.0.1:" + server.port())
                    .apiKey("p_secret")
                    .drive("d")
                    .socketTimeout(Duration.ofSeconds(30))
                    .build();
            try (CloudDrive stalling = CloudDrive.create(config);
                    StreamingBody body = stalling.get("stalls.txt")) {
                assertThat(body.size()).isEqualTo(100);
                assertThat(body.read(10)).asString(StandardCharsets.US_ASCII).isEqualTo("0123456789");
                body.setSocketTimeout(Duration.ofMillis(200));
                assertThatThrownBy(() -> body.read(10))
                        .isInstanceOf(RequestTimeoutException.class)
                        .hasCauseInstanceOf(SocketTimeoutException.class);
                assertThatThrownBy(() -> body.asInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThatThrownBy(() -> body.setSocketTimeout(Duration.ZERO))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** Accepts connections; writes {@code greeting} (if any) after reading the request head, then stays silent. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentServer(byte[] greeting) throws IOException {
            acceptor = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try {
                                Socket s = socket.accept();
                                accepted.add(s);
                                if (greeting != null) {
                                    InputStream in = s.getInputStream();
                                    int matched = 0;
                                    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                                    while (matched < 4) {
                                        int b = in.read();
                                        if (b < 0) break;
                                        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                                    }
                                    OutputStream out = s.getOutputStream();
                                    out.write(greeting);
                                    out.flush();
                                }
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) s.close();
        }
    }
}
