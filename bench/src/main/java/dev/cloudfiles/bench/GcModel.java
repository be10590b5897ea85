package dev.cloudfiles.bench;

import dev.cloudfiles.local.LocalStack;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Garbage collection at scale, measured where it can be and calculated where it cannot.
 *
 * <p>Measured: an in-memory local stack, {@code --items} garbage blobs of {@code --drives} drives
 * queued as overwrites queue them, then one sweeper run: items per second, and the S3 and
 * DynamoDB requests per item, counted at the SDK boundary. Calculated from those counts: what 1,000
 * overwrites a second across 10,000 drives make of the queue's partitions, the request rates,
 * and the cost per million overwrites at AWS's on-demand prices (us-east-1, named below).
 *
 * <pre>java -cp ... dev.cloudfiles.bench.GcModel [--items 20000] [--drives 10000] [--rate 1000]
 *      [--out bench/results/gc.md]</pre>
 */
public final class GcModel {
    /** DynamoDB on-demand, us-east-1, since November 2024: per million write / read request units. */
    static final double USD_PER_MILLION_WRU = 0.625;

    static final double USD_PER_MILLION_RRU = 0.125;
    /** S3 Standard: DELETE requests are free; LIST and PUT are $0.005 per 1,000 (only the orphan scan lists). */
    static final double USD_PER_MILLION_S3_DELETE = 0.0;
    /** DynamoDB: one partition takes at most 1,000 write units a second. */
    static final int PARTITION_WCU = 1_000;

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    /** Counts each SDK call by service and operation. */
    static final class CallCounter implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            CALLS.computeIfAbsent(op, k -> new LongAdder()).increment();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("items", "drives", "rate", "out"));
        int items = Integer.parseInt(opt.getOrDefault("items", "20000"));
        int drives = Integer.parseInt(opt.getOrDefault("drives", "10000"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "1000"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results/gc.md"));

        String started = Machine.now();
        try (LocalStack stack =
                LocalStack.builder().interceptors(List.of(new CallCounter())).start()) {
            Clock clock = Clock.systemUTC();
            BlobStore blobs = new BlobStore(
                    stack.clients()::s3,
                    stack.clients()::presigner,
                    stack.config().bucket(),
                    clock);
            SweepQueue queue =
                    new SweepQueue(stack.clients().dynamo(), stack.config().table());
            List<SweepQueue.BlobCheck> garbage = writeGarbage(blobs, items, drives);
            queue.addAll(garbage, clock.instant());
            int[] perShard = new int[Tables.SWEEP_SHARDS];
            garbage.forEach(g -> perShard[SweepQueue.shardOf(g)]++);

            CALLS.clear();
            long t0 = System.nanoTime();
            Sweeper.Report report = stack.app().sweeper().sweep(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> calls = new TreeMap<>();
            CALLS.forEach((k, v) -> calls.put(k, v.sum()));

            String md = report(
                    started,
                    items,
                    drives,
                    rate,
                    report,
                    seconds,
                    calls,
                    perShard,
                    stack.config().sweepThreads());
            System.out.print(md);
            Files.createDirectories(out.getParent());
            Files.writeString(out, md);
        }
    }

    private static List<SweepQueue.BlobCheck> writeGarbage(BlobStore blobs, int items, int drives) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SweepQueue.BlobCheck>> writes = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                Drive drive = Drive.of("gc", "d" + (i % drives));
                String name = "f" + i;
                writes.add(pool.submit(() -> {
                    String key = blobs.newKey(drive);
                    blobs.put(key, drive, name, new byte[] {1});
                    return new SweepQueue.BlobCheck(key, drive.partitionKey(), name);
                }));
            }
            List<SweepQueue.BlobCheck> garbage = new ArrayList<>();
            for (Future<SweepQueue.BlobCheck> w : writes) garbage.add(w.get());
            return garbage;
        } finally {
            pool.shutdown();
        }
    }

    static String report(
            String started,
            int items,
            int drives,
            double rate,
            Sweeper.Report run,
            double seconds,
            Map<String, Long> calls,
            int[] perShard,
            int threads) {
        StringBuilder md = new StringBuilder();
        md.append("# Garbage collection at scale\n\n");
        md.append("- started: ").append(started).append('\n');
        md.append("- machine: ").append(Machine.describe()).append('\n');
        md.append("- command: `make bench-gc` (")
                .append(items)
                .append(" garbage blobs of ")
                .append(drives)
                .append(" drives, one sweeper run, ")
                .append(threads)
                .append(" threads)\n\n");

        md.append("## Measured: one sweeper run over the backlog (local stack)\n\n");
        md.append(String.format(
                "| blobs deleted | kept | failures | seconds | blobs/s |%n|---:|---:|---:|---:|---:|%n| %d | %d | %d | %.1f | %.0f |%n%n",
                run.blobsDeleted(), run.blobsKept(), run.failures(), seconds, run.blobsDeleted() / seconds));
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int n : perShard) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        md.append(String.format(
                "Items per shard: %d to %d (mean %.0f) over %d shards.%n%n",
                min, max, (double) items / perShard.length, perShard.length));
        md.append("| request (sweeper, whole run) | count | per 1,000 blobs |\n|---|---:|---:|\n");
        double perItem = 0;
        for (var e : calls.entrySet()) {
            double per1000 = e.getValue() * 1000.0 / Math.max(1, run.blobsDeleted());
            md.append(String.format("| %s | %d | %.1f |%n", e.getKey(), e.getValue(), per1000));
            perItem += e.getValue() / (double) Math.max(1, run.blobsDeleted());
        }
        md.append(String.format("%nRequests per garbage blob, all services: %.3f.%n%n", perItem));

        // Capacity units per overwrite: the record (1 WRU), its removal (1 WRU), the consistent read of the
        // index entry in a batch (1 RRU per item up to 4 KB), and the queue query (items of ~250 B: a 4 KB
        // read unit covers ~16 of them, strongly consistent).
        double wru = 2;
        double rru = 1 + 1.0 / 16;
        double shardWrites = 2 * rate / Tables.SWEEP_SHARDS;
        md.append("## Calculated: ")
                .append(String.format("%,.0f", rate))
                .append(" overwrites/s across ")
                .append(String.format("%,d", 10_000))
                .append(" drives\n\n");
        md.append("| what | figure | from |\n|---|---:|---|\n");
        md.append(String.format(
                "| partitions the garbage touches | %d (`#sweep#00`…`#sweep#%02d`) | fixed shard count |%n",
                Tables.SWEEP_SHARDS, Tables.SWEEP_SHARDS - 1));
        md.append(String.format(
                "| writes per shard partition | %.1f WCU/s (record + removal) | 2 × rate ÷ %d |%n",
                shardWrites, Tables.SWEEP_SHARDS));
        md.append(String.format(
                "| headroom to a partition's %,d WCU/s | %.0f× | |%n", PARTITION_WCU, PARTITION_WCU / shardWrites));
        md.append(String.format(
                "| rate one layout of %d shards takes before a partition is hot | %,.0f overwrites/s | %,d × %d ÷ 2 |%n",
                Tables.SWEEP_SHARDS, PARTITION_WCU * Tables.SWEEP_SHARDS / 2.0, PARTITION_WCU, Tables.SWEEP_SHARDS));
        md.append(
                "| upload sessions | in their own drive's partition (10,000 partitions) | `#upload#{project}/{drive}` |\n");
        md.append(String.format(
                "| sweeper requests | %,.0f/s | %.3f per blob, measured above |%n", rate * perItem, perItem));
        md.append(String.format("| sweeper throughput needed | %,.0f blobs/s | = the overwrite rate |%n", rate));
        md.append(String.format(
                "| measured here, one run of %d threads | %,.0f blobs/s | emulators on the same 2 cores |%n",
                threads, run.blobsDeleted() / seconds));
        double costPerMillion = wru * USD_PER_MILLION_WRU + rru * USD_PER_MILLION_RRU + USD_PER_MILLION_S3_DELETE;
        md.append(String.format(
                "| DynamoDB per million overwrites | $%.2f | %.0f WRU × $%.3f + %.2f RRU × $%.3f per million |%n",
                costPerMillion, wru, USD_PER_MILLION_WRU, rru, USD_PER_MILLION_RRU));
        md.append(String.format(
                "| per day at this rate | $%.0f | × %,.0f million overwrites a day |%n",
                costPerMillion * rate * 86_400 / 1e6, rate * 86_400 / 1e6));
        md.append(
                "| S3 deletes | free | S3 charges no DELETE requests; the multi-object delete takes 1,000 keys a request |\n\n");
        return md.toString();
    }
}
