package dev.cloudfiles.bench;

import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.index.Precondition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A move of a 40 MiB file against a move of a 5-byte one, through the API, side by side (A B A B,
 * median of pairwise ratios): metadata-only means the ratio stays near 1. A copy of the same two
 * likewise: a copy is a move that keeps its source (no S3 request), so its ratio stays near 1 too.
 *
 * <pre>java -cp ... dev.cloudfiles.bench.MoveBench [--rounds 100] [--out bench/results/move.md]</pre>
 */
public final class MoveBench {
    private static final int BIG = 40 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("rounds", "out"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "100"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/move.md"));
        String started = Machine.now();
        String loadBefore = Machine.loadAverage();
        try (LocalStack stack = LocalStack.builder().start()) {
            String key = stack.createKey("bench", Set.of(), false).secret();
            Api api = new Api(stack.gatewayUri() + "/v1/bench/moves", key, HttpClient.newHttpClient());
            var files = stack.app().files();
            Drive drive = Drive.of("bench", "moves");
            files.put(
                    drive,
                    FileName.of("big-0"),
                    PositionalContent.bytes(BIG),
                    "application/octet-stream",
                    Precondition.NONE);
            files.put(
                    drive,
                    FileName.of("small-0"),
                    PositionalContent.bytes(5),
                    "application/octet-stream",
                    Precondition.NONE);

            for (int i = 0; i < 20; i++) { // warm-up, not measured
                api.move("big", i);
                api.move("small", i);
            }
            double[] big = new double[rounds];
            double[] small = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                int n = 20 + i;
                big[i] = Stats.millis(() -> api.move("big", n));
                small[i] = Stats.millis(() -> api.move("small", n));
            }
            // Copies over two names in turn (each replaces the copy before last, which shares the blob):
            // the blob's moved-names item stays small however many rounds run.
            double[] bigCopy = new double[rounds];
            double[] smallCopy = new double[rounds];
            String bigNow = "big-" + ((20 + rounds) % 2);
            String smallNow = "small-" + ((20 + rounds) % 2);
            for (int i = 0; i < rounds; i++) {
                int n = i % 2;
                bigCopy[i] = Stats.millis(() -> api.copy(bigNow, "big-copy-" + n));
                smallCopy[i] = Stats.millis(() -> api.copy(smallNow, "small-copy-" + n));
            }
            String md = report(started, loadBefore, rounds, big, small, bigCopy, smallCopy);
            System.out.print(md);
            Files.createDirectories(out.getParent());
            Files.writeString(out, md);
        }
    }

    /** The API over one keep-alive connection. Round n moves {@code kind-(n%2)} to {@code kind-((n+1)%2)}. */
    private record Api(String base, String key, HttpClient http) {
        void move(String kind, int n) throws Exception {
            post("/files/move", kind + "-" + (n % 2), kind + "-" + ((n + 1) % 2), 200);
        }

        void copy(String from, String to) throws Exception {
            post("/files/copy", from, to, 201);
        }

        private void post(String path, String from, String to, int expected) throws Exception {
            byte[] body = ("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}").getBytes(StandardCharsets.UTF_8);
            var request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("X-Api-Key", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(path + " " + from + " -> " + to + ": " + response.body());
            }
        }
    }

    static String report(
            String started,
            String loadBefore,
            int rounds,
            double[] big,
            double[] small,
            double[] bigCopy,
            double[] smallCopy) {
        return "# Move and copy: 40 MiB against 5 bytes, side by side\n\n"
                + "- started: " + started + "\n"
                + "- machine: " + Machine.describe() + "\n"
                + "- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                + "- command: `make bench-move` (MoveBench, in-memory local stack, through the API on one keep-alive"
                + " connection, A B A B, medians of pairwise ratios)\n\n"
                + "| ratio | median of pairs | A (40 MiB) median | B (5 B) median | n |\n|---|---:|---:|---:|---:|\n"
                + String.format(
                        "| move 40 MiB ÷ move 5 B | **%.2f×** | %.1f ms | %.1f ms | %d pairs |%n",
                        Stats.pairedRatio(big, small), Stats.median(big), Stats.median(small), rounds)
                + String.format(
                        "| copy 40 MiB ÷ copy 5 B | **%.2f×** | %.1f ms | %.1f ms | %d pairs |%n",
                        Stats.pairedRatio(bigCopy, smallCopy),
                        Stats.median(bigCopy),
                        Stats.median(smallCopy),
                        bigCopy.length);
    }
}
