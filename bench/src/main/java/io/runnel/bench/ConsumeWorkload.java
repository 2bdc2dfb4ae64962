package io.runnel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workload 3: consume everything back from the start. The session first fills a 6-partition topic with 1 KB records
 * (ProducerPerformance, acks=1, not measured), then reads all of it three ways:
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
        return List.of(SINGLE, GROUP, ASSIGN);
    }

    @Override
    public void run(Session session) throws Exception {
        session.createTopics(TOPIC + ":6");
        long records = session.scale().consume();
        ToolRun fill = session.producerPerformance("fill", TOPIC, records, 1024, "1");
        if (fill.exitCode() != 0 || ProducerPerformanceResult.parse(fill).isEmpty()) {
            for (Figure figure : figures()) {
                session.fail(figure, "could not fill the topic: " + fill.failure());
            }
            return;
        }
        single(session, records);
        group(session, records);
        assign(session, records);
    }

    private void single(Session session, long records) throws Exception {
        ToolRun run = session.run(
                "consume-single",
                "org.apache.kafka.tools.ConsumerPerformance",
                consumerPerformanceArgs(session, "bench-single-" + session.rep(), records, 10_000),
                Duration.ofSeconds(300));
        Optional<ConsumerPerformanceResult> result = ConsumerPerformanceResult.parse(run);
        if (result.isEmpty() || result.get().records() < records) {
            session.fail(SINGLE, reason(run, result));
            return;
        }
        session.record(SINGLE, result.get().fetchMbPerSec());
    }

    private void group(Session session, long records) throws Exception {
        List<Clients.Running> members = new ArrayList<>();
        String group = "bench-group3-" + session.rep();
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
            ToolRun run = member.await(Duration.ofSeconds(300));
            Optional<ConsumerPerformanceResult> result = ConsumerPerformanceResult.parse(run);
            if (result.isEmpty()) {
                failure = failure != null ? failure : reason(run, result);
                continue;
            }
            longestFetchMs = Math.max(longestFetchMs, result.get().fetchMs() - GROUP_IDLE_MS);
            total += result.get().records();
            mb += result.get().mb();
        }
        if (failure != null) {
            session.fail(GROUP, failure);
        } else if (total < records) {
            session.fail(GROUP, "the group read " + total + " of " + records + " records");
        } else {
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
                TOPIC,
                "--num-records",
                Long.toString(records)));
        ToolRun run = session.run(
                "consume-assign", "io.runnel.bench.probe.AssignConsumeProbe", args, Duration.ofSeconds(300));
        String mbps = run.keyValues().get("mb_per_sec");
        if (run.exitCode() != 0 || mbps == null) {
            session.fail(ASSIGN, run.failure());
            return;
        }
        session.record(ASSIGN, Double.parseDouble(mbps));
    }

    private static List<String> consumerPerformanceArgs(Session session, String group, long records, long timeoutMs)
            throws java.io.IOException {
        var config = Clients.propertiesFile(session.dir(), group + "-consumer", session.consumerSettings());
        return List.of(
                "--bootstrap-server",
                session.broker().bootstrap(),
                "--topic",
                TOPIC,
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
