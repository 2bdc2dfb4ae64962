package io.runnel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JMH benchmarks' Runnel/kafka-clients pairs measured side by side for a machine that is not quiet: after warming
 * both up, it alternates short rounds of the two (order swapped each round) and measures each round in thread CPU
 * time, so a neighbour's load shifts both sides alike and time spent descheduled does not count. It reports the
 * median CPU microseconds per operation of each side and the median of the per-round ratios. A complement to the JMH
 * figures, not a replacement.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.PairedComparison [rounds]</pre>
 */
public final class PairedComparison {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long ROUND_NANOS = 100_000_000L;

    private record Pair(String name, Runnable ours, Runnable kafka) {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        List<Pair> pairs = new ArrayList<>();
        ProduceRequestBenchmark produce = new ProduceRequestBenchmark();
        produce.setUp();
        pairs.add(new Pair(
                "Produce decode", () -> bh.consume(produce.decodeRunnel()), () -> bh.consume(produce.decodeKafka())));
        pairs.add(new Pair(
                "Produce encode", () -> bh.consume(produce.encodeRunnel()), () -> bh.consume(produce.encodeKafka())));
        FetchResponseBenchmark fetch = new FetchResponseBenchmark();
        fetch.setUp();
        pairs.add(new Pair(
                "Fetch decode", () -> bh.consume(fetch.decodeRunnel()), () -> bh.consume(fetch.decodeKafka())));
        pairs.add(new Pair(
                "Fetch encode", () -> bh.consume(fetch.encodeRunnel()), () -> bh.consume(fetch.encodeKafka())));
        for (String compression : new String[] {"none", "lz4", "zstd", "snappy", "gzip"}) {
            RecordIterationBenchmark iteration = new RecordIterationBenchmark();
            iteration.compression = compression;
            iteration.setUp();
            pairs.add(new Pair("Iterate 64 KiB " + compression, () -> iteration.runnel(bh), () -> iteration.kafka(bh)));
            pairs.add(new Pair(
                    "Iterate 64 KiB " + compression + " (consumer path)",
                    () -> iteration.runnel(bh),
                    () -> iteration.kafkaStreaming(bh)));
            pairs.add(new Pair(
                    "Iterate 64 KiB " + compression + " without headers",
                    () -> iteration.runnelWithoutHeaders(bh),
                    () -> iteration.kafkaWithoutHeaders(bh)));
        }

        System.out.printf("%-44s %12s %12s %8s%n", "pair", "ours us/op", "kafka us/op", "ratio");
        for (Pair pair : pairs) {
            for (int i = 0; i < 20; i++) { // warm-up: 2 s a side
                round(pair.ours());
                round(pair.kafka());
            }
            double[] ours = new double[rounds];
            double[] kafka = new double[rounds];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    ours[r] = round(pair.ours());
                    kafka[r] = round(pair.kafka());
                } else {
                    kafka[r] = round(pair.kafka());
                    ours[r] = round(pair.ours());
                }
                ratios[r] = ours[r] / kafka[r];
            }
            System.out.printf("%-44s %12.3f %12.3f %8.2f%n", pair.name(), median(ours), median(kafka), median(ratios));
        }
    }

    /** Runs {@code op} for about 100 ms of wall time; returns CPU microseconds per call. */
    private static double round(Runnable op) {
        long wallStart = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        do {
            for (int i = 0; i < 64; i++) {
                op.run();
            }
            calls += 64;
        } while (System.nanoTime() - wallStart < ROUND_NANOS);
        return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
