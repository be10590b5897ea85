package dev.cloudfiles.bench;

import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.store.blobs.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the SHA-256 of an inline put costs PutFile (issue 13, verified content): for bodies of 1 KiB,
 * 1 MiB and 4 MiB (the inline limit), a whole put through the local API (which hashes the body)
 * and the hash of the same body alone ({@link Sha256#of}, what PutFile runs), side by side, A B A B.
 * The share is the median of the pairwise ratios hash ÷ put.
 *
 * <pre>java -cp ... dev.cloudfiles.bench.DigestBench [--rounds 60] [--out bench/results/digest.md]</pre>
 */
public final class DigestBench {
    private static final int[] SIZES = {1024, 1024 * 1024, 4 * 1024 * 1024};

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("rounds", "out"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "60"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/digest.md"));
        String started = Machine.now();
        String loadBefore = Machine.loadAverage();
        List<String> rows = new ArrayList<>();
        try (LocalStack stack = LocalStack.builder().start()) {
            String key = stack.createKey("bench", Set.of(), false).secret();
            HttpClient http = HttpClient.newHttpClient();
            for (int size : SIZES) {
                byte[] body = PositionalContent.bytes(size);
                URI uri = URI.create(stack.gatewayUri() + "/v1/bench/digest/files?name=f" + size);
                HttpRequest put = HttpRequest.newBuilder(uri)
                        .header("X-Api-Key", key)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                for (int i = 0; i < 20; i++) { // warm-up, not measured: JIT, connections, the key cache
                    send(http, put);
                    Sha256.of(body);
                }
                double[] puts = new double[rounds];
                double[] hashes = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    send(http, put);
                    long t1 = System.nanoTime();
                    Sha256.of(body);
                    long t2 = System.nanoTime();
                    puts[i] = (t1 - t0) / 1e6;
                    hashes[i] = (t2 - t1) / 1e6;
                }
                double[] shares = new double[rounds];
                for (int i = 0; i < rounds; i++) shares[i] = hashes[i] / puts[i];
                rows.add(String.format(
                        "| %s | **%.1f %%** | %.3f ms | %.2f ms | %.0f MiB/s | %d pairs |",
                        size >= 1024 * 1024 ? size / (1024 * 1024) + " MiB" : size / 1024 + " KiB",
                        100 * Stats.median(shares),
                        Stats.median(hashes),
                        Stats.median(puts),
                        size / (1024.0 * 1024) / (Stats.median(hashes) / 1000),
                        rounds));
            }
        }
        String md = "# SHA-256 of an inline put, side by side with the put\n\n"
                + "- started: " + started + "\n"
                + "- machine: " + Machine.describe() + "\n"
                + "- load average (1, 5, 15 min) before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                + "- command: `make bench-digest` (DigestBench, in-memory local stack, A B A B, medians)\n\n"
                + "| body | hash ÷ whole put (median of pairs) | hash median | put median | hash rate | n |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + String.join("\n", rows) + "\n";
        System.out.print(md);
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
    }

    private static void send(HttpClient http, HttpRequest put) throws Exception {
        int status = http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) throw new IllegalStateException("the put answered " + status);
    }
}
