package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 100 MiB put/get round trip, byte-exact, by a client whose heap is capped at 64 MiB: uploads in
 * parallel parts, downloads in parallel ranges as a stream and to a file. The client runs in a
 * forked JVM ({@link LargeRoundTripMain}); the local stack runs here.
 */
class LargeRoundTripTest {
    /** 100 MiB; {@code -Droundtrip.mib=1024} for the 1 GiB round trip of issue 14 (about a minute more). */
    private static final long SIZE = Long.getLong("roundtrip.mib", 100) * 1024 * 1024;

    private static final long SEED = 20261128L;

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @Test
    void hundredMebibytesRoundTripWithA64MebibyteHeap() throws Exception {
        assertThat(SIZE).as("large enough for ranged downloads").isGreaterThan(16L * 1024 * 1024);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(new GeneratedContent(SEED, SIZE), expected)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String sha = HexFormat.of().formatHex(expected.digest());

        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(
                        javaBin.toString(),
                        "-Xmx64m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Xlog:gc:stderr",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LargeRoundTripMain.class.getName(),
                        stack.gatewayUri().toString(),
                        stack.newKeySecret(),
                        "big",
                        Long.toString(SIZE),
                        Long.toString(SEED),
                        System.getProperty("roundtrip.parallelism", "4")))
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).isTrue();
        Files.writeString(Path.of("target", "large-round-trip.log"), output); // the child's GC log, for diagnosis

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("large/known-length.bin sent " + sha)
                .contains("large/known-length.bin received " + sha + " " + SIZE)
                .contains("large/known-length.bin saved " + sha + " " + SIZE)
                .contains("large/unknown-length.bin saved " + sha + " " + SIZE)
                .contains("large/unknown-length.bin sent " + sha)
                .contains("large/unknown-length.bin received " + sha + " " + SIZE);
        // The child's GC log shares its output (redirectErrorStream) and may follow the line.
        Matcher heap = Pattern.compile("max-heap (\\d+)").matcher(output);
        assertThat(heap.find()).as(output).isTrue();
        long maxHeap = Long.parseLong(heap.group(1));
        assertThat(maxHeap).isLessThanOrEqualTo(64L * 1024 * 1024);
    }
}
