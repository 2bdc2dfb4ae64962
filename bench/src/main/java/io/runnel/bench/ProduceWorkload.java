package io.runnel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Workloads 1, 2 and 6: Kafka's ProducerPerformance at full speed ({@code --throughput -1}) into fresh topics, for
 * each combination of acks and partition count. Each case measures a steady state: first an unmeasured warm-up run
 * into the same topic on the same broker JVM, then a measured run sized from the warm-up's rate to last {@link
 * Scale#measureSeconds()} (at most {@link Scale#maxRecords()}), whose first {@value #TOOL_WARMUP_PERCENT}% (the
 * client JVM's warm-up) the tool leaves out of its steady-state line. Beside the throughput: the producer's p99
 * latency (send to acknowledgement) and the broker's CPU seconds per GiB over the measured run. The warm-up of the
 * session's first case, on the freshly started broker, is reported as its own "cold" row.
 */
final class ProduceWorkload implements Workload {

    static final int TOOL_WARMUP_PERCENT = 10;
    private static final double TOOL_WARMUP_FRACTION = TOOL_WARMUP_PERCENT / 100.0;

    /** One ProducerPerformance run. */
    record Run(String key, String acks, int partitions) {}

    private final String name;
    private final String title;
    private final List<Contender> contenders;
    private final int recordSize;
    private final List<Run> runs;
    private final ToLongFunction<Scale> warmupRecords;
    private final boolean recordRate;
    private final Goal throughputGoal;
    private final List<Figure> figures = new ArrayList<>();

    private ProduceWorkload(
            String name,
            String title,
            List<Contender> contenders,
            int recordSize,
            List<Run> runs,
            ToLongFunction<Scale> warmupRecords,
            boolean recordRate,
            Goal throughputGoal) {
        this.name = name;
        this.title = title;
        this.contenders = contenders;
        this.recordSize = recordSize;
        this.runs = runs;
        this.warmupRecords = warmupRecords;
        this.recordRate = recordRate;
        this.throughputGoal = throughputGoal;
        for (Run run : runs) {
            figures.add(throughput(run));
            figures.add(latency(run));
            figures.add(cpu(run));
        }
        figures.add(cold());
    }

    /** Workload 1: 1 KB records, acks=1 and acks=all, 1 and 6 partitions. */
    static ProduceWorkload oneKb() {
        return new ProduceWorkload(
                "produce-1k",
                "1. Produce 1 KB records (ProducerPerformance, batch.size 64 KB, linger.ms 5)",
                List.of(Contender.KAFKA, Contender.RUNNEL),
                1024,
                List.of(
                        new Run("acks1-p1", "1", 1),
                        new Run("acks1-p6", "1", 6),
                        new Run("acksall-p1", "all", 1),
                        new Run("acksall-p6", "all", 6)),
                Scale::warmup1k,
                false,
                Goal.ratioAtLeast(1.0));
    }

    /** Workload 2: 100-byte records, the small-message rate. */
    static ProduceWorkload hundredBytes() {
        return new ProduceWorkload(
                "produce-100b",
                "2. Produce 100-byte records: the small-message rate",
                List.of(Contender.KAFKA, Contender.RUNNEL),
                100,
                List.of(new Run("acks1-p1", "1", 1), new Run("acks1-p6", "1", 6)),
                Scale::warmup100b,
                true,
                Goal.ratioAtLeast(1.0));
    }

    /**
     * Workload 6: acks=all when acknowledged means on disk. Runnel's durable mode (the high watermark follows a
     * group-commit fsync) against Kafka's default (page cache only, no fsync before the acknowledgement: the row of
     * record, what Kafka users run), and against Kafka fsyncing every append ({@code log.flush.interval.messages=1},
     * the like-for-like guarantee) as a second row.
     */
    static ProduceWorkload durable() {
        return new ProduceWorkload(
                "durable",
                "6. Durable acks=all: Runnel group-commit fsync vs Kafka's default (no fsync) and flush.messages=1",
                List.of(Contender.KAFKA_DEFAULT_NO_FSYNC, Contender.KAFKA_FLUSH_EACH, Contender.RUNNEL_DURABLE),
                1024,
                List.of(new Run("acksall-p1", "all", 1), new Run("acksall-p6", "all", 6)),
                Scale::warmup1k,
                false,
                Goal.ratioAtLeast(1.0));
    }

    private String describe(Run run) {
        String size = (name.equals("durable") ? "durable, " : "") + (recordSize == 1024 ? "1 KB" : recordSize + " B");
        return String.format(
                Locale.ROOT,
                "%s, acks=%s, %d partition%s",
                size,
                run.acks(),
                run.partitions(),
                run.partitions() == 1 ? "" : "s");
    }

    private Figure throughput(Run run) {
        return recordRate
                ? new Figure(
                        name + "." + run.key() + ".rate",
                        "produce " + describe(run),
                        "records/s",
                        Better.HIGHER,
                        throughputGoal,
                        Chart.Panel.NONE)
                : new Figure(
                        name + "." + run.key() + ".mbps",
                        "produce " + describe(run),
                        "MB/s",
                        Better.HIGHER,
                        throughputGoal,
                        Chart.Panel.THROUGHPUT);
    }

    private Figure latency(Run run) {
        return new Figure(
                name + "." + run.key() + ".p99",
                "  producer p99 latency, " + describe(run),
                "ms",
                Better.LOWER,
                null,
                Chart.Panel.NONE);
    }

    private Figure cpu(Run run) {
        return new Figure(
                name + "." + run.key() + ".cpu",
                "  broker CPU per GiB, " + describe(run),
                "CPU s/GiB",
                Better.LOWER,
                null,
                Chart.Panel.NONE);
    }

    private Figure cold() {
        Run first = runs.get(0);
        return new Figure(
                name + "." + first.key() + ".cold",
                "  cold: produce " + describe(first) + ", the warm-up on a freshly started broker (not in the rows"
                        + " above)",
                recordRate ? "records/s" : "MB/s",
                Better.HIGHER,
                null,
                Chart.Panel.NONE);
    }

    Figure throughputFigure(String key) {
        return runs.stream()
                .filter(r -> r.key().equals(key))
                .map(this::throughput)
                .findFirst()
                .orElseThrow();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public List<Contender> contenders() {
        return contenders;
    }

    @Override
    public List<Figure> figures() {
        return figures;
    }

    @Override
    public void run(Session session) throws Exception {
        StringBuilder topics = new StringBuilder();
        for (Run run : runs) {
            topics.append(topics.length() == 0 ? "" : ";")
                    .append(session.topic(topic(run)))
                    .append(':')
                    .append(run.partitions());
        }
        session.createTopics(topics.toString());
        Scale scale = session.scale();
        boolean first = true;
        for (Run run : runs) {
            String topic = session.topic(topic(run));
            List<Figure> measured = List.of(throughput(run), latency(run), cpu(run));
            // Not measured: the broker JVM compiles its produce path, the topic's segments are created.
            ToolRun warmup = session.producerPerformance(
                    run.key() + "-warmup", topic, warmupRecords.applyAsLong(scale), recordSize, run.acks(), 0);
            var warm = ProducerPerformanceResult.parse(warmup);
            if (first && !session.contender().isExternal()) { // a broker of --against is not freshly started
                first = false;
                if (warmup.exitCode() != 0 || warm.isEmpty()) {
                    session.fail(cold(), warmup.failure());
                } else {
                    session.record(cold(), rate(warm.get()));
                }
            }
            if (warmup.exitCode() != 0 || warm.isEmpty()) {
                measured.forEach(f -> session.fail(f, "the warm-up failed: " + warmup.failure()));
                continue;
            }
            long count = scale.measuredRecords(warm.get().recordsPerSec(), TOOL_WARMUP_FRACTION);
            double cpuBefore = session.brokerCpuSeconds();
            ToolRun tool = session.producerPerformance(
                    run.key(), topic, count, recordSize, run.acks(), Math.round(count * TOOL_WARMUP_FRACTION));
            double cpuSeconds = session.brokerCpuSeconds() - cpuBefore;
            var result = ProducerPerformanceResult.parse(tool);
            if (tool.exitCode() != 0 || result.isEmpty()) {
                measured.forEach(f -> session.fail(f, tool.failure()));
                continue;
            }
            String remark = shortSteadyState(result.get(), count, scale);
            if (remark == null) {
                session.record(throughput(run), rate(result.get()));
            } else {
                session.record(throughput(run), rate(result.get()), remark);
            }
            session.record(latency(run), result.get().p99Ms());
            session.recordCpuPerGiB(cpu(run), cpuSeconds, (double) count * recordSize);
        }
    }

    private double rate(ProducerPerformanceResult result) {
        return recordRate ? result.recordsPerSec() : result.mbPerSec();
    }

    /** A remark when the measured steady state was shorter than asked although the record cap was not reached. */
    private static String shortSteadyState(ProducerPerformanceResult result, long count, Scale scale) {
        double seconds = result.records() / result.recordsPerSec();
        if (count >= scale.maxRecords() || seconds >= 0.9 * scale.measureSeconds()) {
            return null;
        }
        Bench.progress(String.format(Locale.ROOT, "  (steady state of %.1f s)", seconds));
        return "steady state shorter than the " + scale.measureSeconds() + " s asked (the warm-up, which sized the"
                + " run, was slower than the measured run; the tool's steady-state line in the raw output gives its length)";
    }

    private String topic(Run run) {
        return name + "-" + run.key();
    }
}
