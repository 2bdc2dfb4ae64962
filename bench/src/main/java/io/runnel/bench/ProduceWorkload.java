package io.runnel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Workloads 1, 2 and 6: Kafka's ProducerPerformance at full speed ({@code --throughput -1}) into fresh topics, for
 * each combination of acks and partition count. Throughput is the steady state after a 10% warm-up; the producer's
 * p99 latency (send to acknowledgement) is reported beside it.
 */
final class ProduceWorkload implements Workload {

    /** One ProducerPerformance run. */
    record Run(String key, String acks, int partitions) {}

    private final String name;
    private final String title;
    private final List<Contender> contenders;
    private final int recordSize;
    private final List<Run> runs;
    private final ToLongFunction<Scale> records;
    private final boolean recordRate;
    private final Goal throughputGoal;
    private final List<Figure> figures = new ArrayList<>();

    private ProduceWorkload(
            String name,
            String title,
            List<Contender> contenders,
            int recordSize,
            List<Run> runs,
            ToLongFunction<Scale> records,
            boolean recordRate,
            Goal throughputGoal) {
        this.name = name;
        this.title = title;
        this.contenders = contenders;
        this.recordSize = recordSize;
        this.runs = runs;
        this.records = records;
        this.recordRate = recordRate;
        this.throughputGoal = throughputGoal;
        for (Run run : runs) {
            figures.add(throughput(run));
            figures.add(latency(run));
        }
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
                Scale::produce1k,
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
                Scale::produce100b,
                true,
                Goal.ratioAtLeast(1.0));
    }

    /**
     * Workload 6: acks=all when acknowledged means on disk. Runnel's durable mode (the high watermark follows a
     * group-commit fsync) against Kafka fsyncing every append ({@code log.flush.interval.messages=1}), and against
     * Kafka's default (page cache only, no fsync before the acknowledgement).
     */
    static ProduceWorkload durable() {
        return new ProduceWorkload(
                "durable",
                "6. Durable acks=all: Runnel group-commit fsync vs Kafka flush.messages=1 and Kafka's default",
                List.of(Contender.KAFKA_FLUSH_EACH, Contender.KAFKA, Contender.RUNNEL_DURABLE),
                1024,
                List.of(new Run("acksall-p1", "all", 1), new Run("acksall-p6", "all", 6)),
                Scale::durable,
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
                    .append(topic(run))
                    .append(':')
                    .append(run.partitions());
        }
        session.createTopics(topics.toString());
        long count = records.applyAsLong(session.scale());
        for (Run run : runs) {
            ToolRun tool = session.producerPerformance(run.key(), topic(run), count, recordSize, run.acks());
            var result = ProducerPerformanceResult.parse(tool);
            if (tool.exitCode() != 0 || result.isEmpty()) {
                session.fail(throughput(run), tool.failure());
                session.fail(latency(run), tool.failure());
                continue;
            }
            session.record(
                    throughput(run),
                    recordRate ? result.get().recordsPerSec() : result.get().mbPerSec());
            session.record(latency(run), result.get().p99Ms());
        }
    }

    private String topic(Run run) {
        return name + "-" + run.key();
    }
}
