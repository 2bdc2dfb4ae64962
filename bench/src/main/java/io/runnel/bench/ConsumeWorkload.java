package io.runnel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workload 3: consume everything back from the start. The session first fills a 6-partition topic with 1 KB records
 * (ProducerPerformance, acks=1, not measured) and reads part of it once (ConsumerPerformance, not measured: the
 * broker JVM compiles its fetch path), then reads all of it three ways, each with the broker's CPU seconds per GiB
 * read over the read:
 *
 * <ul>
 *   <li>one consumer: Kafka's ConsumerPerformance, figure {@code fetch.MB.sec} (joining the group left out);
 *   <li>a group of three: three ConsumerPerformance processes with one group id, started together. Both brokers keep
 *       Kafka's default {@code group.initial.rebalance.delay.ms} of 3 s, so the three join one rebalance and each
 *       reads its share. Each is asked for every record and stops {@value #GROUP_IDLE_MS} ms after its last one; the
 *       group's rate is the sum of what the three read over the longest member's fetch time (its time minus joining,
 *       as ConsumerPerformance counts it, minus the idle wait at the end). ConsumerPerformance polls every 100 ms,
 *       so this is good to about 100 ms;
 *   <li>one consumer without a group ({@code AssignConsumeProbe}: assign() and seekToBeginning), counted like
 *       {@code fetch.MB.sec}. ConsumerPerformance always subscribes, so on a broker without a group coordinator
 *       this is the only consume figure; it is labelled as the harness's probe, not Kafka's tool.
 * </ul>
 */
final class ConsumeWorkload implements Workload {

    static final long GROUP_IDLE_MS = 10_000;
    private static final String TOPIC = "consume-1k-p6";
    private static final double MIB = 1024.0 * 1024;

    static final Figure SINGLE = new Figure(
            "consume.1k.single.mbps",
            "consume 1 KB, one consumer (ConsumerPerformance)",
            "MB/s",
            Better.HIGHER,
            Goal.ratioAtLeast(1.0),
            Chart.Panel.THROUGHPUT);
    static final Figure GROUP = new Figure(
            "consume.1k.group3.mbps",
            "consume 1 KB, group of three (3 × ConsumerPerformance)",
            "MB/s",
            Better.HIGHER,
            Goal.ratioAtLeast(1.0),
            Chart.Panel.THROUGHPUT);
    static final Figure ASSIGN = new Figure(
            "consume.1k.assign.mbps",
            "consume 1 KB, one consumer without a group (probe)",
            "MB/s",
            Better.HIGHER,
            Goal.ratioAtLeast(1.0),
            Chart.Panel.THROUGHPUT);

    static final Figure SINGLE_CPU = cpu("consume.1k.single.cpu", "one consumer");
    static final Figure GROUP_CPU = cpu("consume.1k.group3.cpu", "group of three");
    static final Figure ASSIGN_CPU = cpu("consume.1k.assign.cpu", "one consumer without a group (probe)");

    private static Figure cpu(String id, String what) {
        return new Figure(id, "  broker CPU per GiB, " + what, "CPU s/GiB", Better.LOWER, null, Chart.Panel.NONE);
    }

    @Override
    public String name() {
        return "consume";
    }

    @Override
    public String title() {
        return "3. Consume 1 KB records from the start (6 partitions)";
    }

    @Override
    public List<Contender> contenders() {
        return List.of(Contender.KAFKA, Contender.RUNNEL);
    }

    @Override
    public List<Figure> figures() {
        return List.of(SINGLE, SINGLE_CPU, GROUP, GROUP_CPU, ASSIGN, ASSIGN_CPU);
    }

    @Override
    public void run(Session session) throws Exception {
        String topic = session.topic(TOPIC);
        session.createTopics(topic + ":6");
        long records = session.scale().consume();
        ToolRun fill = session.producerPerformance("fill", topic, records, 1024, "1", 0);
        if (fill.exitCode() != 0 || ProducerPerformanceResult.parse(fill).isEmpty()) {
            for (Figure figure : figures()) {
                session.fail(figure, "could not fill the topic: " + fill.failure());
            }
            return;
        }
        long warmup = Math.min(records, session.scale().consumeWarmup());
        session.run(
                "consume-warmup",
                "org.apache.kafka.tools.ConsumerPerformance",
                consumerPerformanceArgs(session, "bench-warmup-" + session.rep(), warmup, 10_000),
                Duration.ofSeconds(300));
        single(session, records);
        group(session, records);
        assign(session, records);
    }

    private void single(Session session, long records) throws Exception {
        double cpuBefore = session.brokerCpuSeconds();
        ToolRun run = session.run(
                "consume-single",
                "org.apache.kafka.tools.ConsumerPerformance",
                consumerPerformanceArgs(session, "bench-single-" + session.rep(), records, 10_000),
                Duration.ofSeconds(600));
        double cpuSeconds = session.brokerCpuSeconds() - cpuBefore;
        Optional<ConsumerPerformanceResult> result = ConsumerPerformanceResult.parse(run);
        if (result.isEmpty() || result.get().records() < records) {
            session.fail(SINGLE, reason(run, result));
            session.fail(SINGLE_CPU, reason(run, result));
            return;
        }
        session.record(SINGLE, result.get().fetchMbPerSec());
        session.recordCpuPerGiB(SINGLE_CPU, cpuSeconds, result.get().mb() * MIB);
    }

    private void group(Session session, long records) throws Exception {
        List<Clients.Running> members = new ArrayList<>();
        String group = "bench-group3-" + session.rep();
        double cpuBefore = session.brokerCpuSeconds();
        for (int i = 1; i <= 3; i++) {
            members.add(session.startAsync(
                    "consume-group3-member" + i,
                    "org.apache.kafka.tools.ConsumerPerformance",
                    consumerPerformanceArgs(session, group, records, GROUP_IDLE_MS)));
        }
        long longestFetchMs = 0;
        long total = 0;
        double mb = 0;
        String failure = null;
        for (Clients.Running member : members) {
            ToolRun run = member.await(Duration.ofSeconds(600));
            Optional<ConsumerPerformanceResult> result = ConsumerPerformanceResult.parse(run);
            if (result.isEmpty()) {
                failure = failure != null ? failure : reason(run, result);
                continue;
            }
            longestFetchMs = Math.max(longestFetchMs, result.get().fetchMs() - GROUP_IDLE_MS);
            total += result.get().records();
            mb += result.get().mb();
        }
        double cpuSeconds = session.brokerCpuSeconds() - cpuBefore;
        if (failure != null) {
            session.fail(GROUP, failure);
            session.fail(GROUP_CPU, failure);
        } else if (total < records) {
            session.fail(GROUP, "the group read " + total + " of " + records + " records");
            session.fail(GROUP_CPU, "the group read " + total + " of " + records + " records");
        } else {
            session.recordCpuPerGiB(GROUP_CPU, cpuSeconds, mb * MIB);
            double seconds = longestFetchMs / 1000.0;
            String remark = total > records ? (total - records) + " records read twice across rebalances" : null;
            if (remark == null) {
                session.record(GROUP, mb / seconds);
            } else {
                session.record(GROUP, mb / seconds, remark);
            }
        }
    }

    private void assign(Session session, long records) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server",
                session.broker().bootstrap(),
                "--topic",
                session.topic(TOPIC),
                "--num-records",
                Long.toString(records)));
        double cpuBefore = session.brokerCpuSeconds();
        ToolRun run = session.run(
                "consume-assign", "io.runnel.bench.probe.AssignConsumeProbe", args, Duration.ofSeconds(600));
        double cpuSeconds = session.brokerCpuSeconds() - cpuBefore;
        String mbps = run.keyValues().get("mb_per_sec");
        String bytes = run.keyValues().get("bytes");
        if (run.exitCode() != 0 || mbps == null || bytes == null) {
            session.fail(ASSIGN, run.failure());
            session.fail(ASSIGN_CPU, run.failure());
            return;
        }
        session.record(ASSIGN, Double.parseDouble(mbps));
        session.recordCpuPerGiB(ASSIGN_CPU, cpuSeconds, Double.parseDouble(bytes));
    }

    private static List<String> consumerPerformanceArgs(Session session, String group, long records, long timeoutMs)
            throws java.io.IOException {
        var config = Clients.propertiesFile(session.dir(), group + "-consumer", session.consumerSettings());
        return List.of(
                "--bootstrap-server",
                session.broker().bootstrap(),
                "--topic",
                session.topic(TOPIC),
                "--group",
                group,
                "--num-records",
                Long.toString(records),
                "--timeout",
                Long.toString(timeoutMs),
                "--command-config",
                config.toString());
    }

    private static String reason(ToolRun run, Optional<ConsumerPerformanceResult> result) {
        if (run.output().contains("does not support FIND_COORDINATOR")
                || run.output().contains("does not support JOIN_GROUP")) {
            return "pending: ConsumerPerformance always joins a consumer group, and this broker has no group"
                    + " coordinator yet (\"The node does not support FIND_COORDINATOR\")";
        }
        if (result.isPresent()) {
            return run.name() + " read " + result.get().records() + " records before its timeout";
        }
        return run.failure();
    }
}
