package io.runnel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Workload 4: end-to-end latency of 1 KB records, from the producer's send to the consumer's poll, acks=all, one
 * partition.
 *
 * <ul>
 *   <li>one at a time: Kafka's EndToEndLatency (send, wait for the acknowledgement, poll it back, then the next;
 *       linger.ms=0, fetch.max.wait.ms=0). It prints whole milliseconds;
 *   <li>at a fixed moderate rate (5,000 records/s) and at a high rate, with {@code RateLatencyProbe}: one producer
 *       on a fixed schedule, one consumer long-polling with the client's defaults; latency counts from each record's
 *       scheduled send time. The probes send with linger.ms=0 so the figure is the broker's, not the client's
 *       batching delay (which would add up to 5 ms to both).
 * </ul>
 *
 * The high rate is the "highest rate both sustain": a fraction of the lower of the two brokers' 1 KB acks=all
 * 1-partition producer throughput measured in workload 1 of the same run (or a fixed rate when workload 1 did not
 * run). A rate the broker could not keep up with is marked in the results.
 */
final class LatencyWorkload implements Workload {

    static final double MODERATE_RATE = 5000;

    static final Figure PING_AVG = figure("e2e.pingpong.avg", "e2e one at a time (EndToEndLatency): mean", null);
    static final Figure PING_P99 =
            figure("e2e.pingpong.p99", "e2e one at a time (EndToEndLatency): p99", Goal.ratioAtMost(0.5));
    static final Figure PING_P999 = figure("e2e.pingpong.p999", "e2e one at a time (EndToEndLatency): p99.9", null);
    static final Figure MODERATE_P50 = figure("e2e.5k.p50", "e2e at 5,000 records/s (probe): p50", null);
    static final Figure MODERATE_P99 =
            figure("e2e.5k.p99", "e2e at 5,000 records/s (probe): p99", Goal.ratioAtMost(0.5));
    static final Figure MODERATE_P999 = figure("e2e.5k.p999", "e2e at 5,000 records/s (probe): p99.9", null);
    static final Figure HIGH_P50 = figure("e2e.high.p50", "e2e at the high rate (probe): p50", null);
    static final Figure HIGH_P99 = figure("e2e.high.p99", "e2e at the high rate (probe): p99", Goal.ratioAtMost(0.5));
    static final Figure HIGH_P999 = figure("e2e.high.p999", "e2e at the high rate (probe): p99.9", null);

    private final DoubleSupplier highRate;

    /** @param highRate gives the high rate when the workload starts (after workload 1 has run) */
    LatencyWorkload(DoubleSupplier highRate) {
        this.highRate = highRate;
    }

    private static Figure figure(String id, String title, Goal goal) {
        Chart.Panel panel = id.endsWith(".p99") ? Chart.Panel.LATENCY : Chart.Panel.NONE;
        return new Figure(id, title, "ms", Better.LOWER, goal, panel);
    }

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String title() {
        return "4. End-to-end latency, 1 KB records, acks=all, 1 partition";
    }

    @Override
    public List<Contender> contenders() {
        return List.of(Contender.KAFKA, Contender.RUNNEL);
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                PING_AVG,
                PING_P99,
                PING_P999,
                MODERATE_P50,
                MODERATE_P99,
                MODERATE_P999,
                HIGH_P50,
                HIGH_P99,
                HIGH_P999);
    }

    @Override
    public void run(Session session) throws Exception {
        session.createTopics(session.topic("e2e-pingpong") + ":1;" + session.topic("e2e-moderate") + ":1;"
                + session.topic("e2e-high") + ":1");
        pingPong(session);
        atRate(session, "e2e-moderate", MODERATE_RATE, MODERATE_P50, MODERATE_P99, MODERATE_P999);
        double high = highRate.getAsDouble();
        session.results().parameter("e2e.high.rate", Math.round(high));
        atRate(session, "e2e-high", high, HIGH_P50, HIGH_P99, HIGH_P999);
    }

    private void pingPong(Session session) throws Exception {
        ToolRun run = session.run(
                "e2e-pingpong",
                "org.apache.kafka.tools.EndToEndLatency",
                List.of(
                        "--bootstrap-server",
                        session.broker().bootstrap(),
                        "--topic",
                        session.topic("e2e-pingpong"),
                        "--num-records",
                        Long.toString(session.scale().pingPong()),
                        "--producer-acks",
                        "all",
                        "--record-size",
                        "1024"),
                Duration.ofSeconds(300));
        // The tool commits its consumer's offsets after printing its results; a broker without a group coordinator
        // fails that commit, which does not affect the figures.
        var result = EndToEndLatencyResult.parse(run);
        if (result.isEmpty()) {
            for (Figure figure : List.of(PING_AVG, PING_P99, PING_P999)) {
                session.fail(figure, run.failure());
            }
            return;
        }
        session.record(PING_AVG, result.get().avgMs());
        session.record(PING_P99, result.get().p99Ms());
        session.record(PING_P999, result.get().p999Ms());
    }

    private void atRate(Session session, String topic, double rate, Figure p50, Figure p99, Figure p999)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server",
                session.broker().bootstrap(),
                "--topic",
                session.topic(topic),
                "--rate",
                Long.toString(Math.round(rate)),
                "--seconds",
                Integer.toString(session.scale().rateSeconds()),
                "--warmup-seconds",
                Integer.toString(session.scale().rateWarmupSeconds()),
                "--record-size",
                "1024"));
        Map<String, String> producer = session.producerSettings("all");
        producer.remove("bootstrap.servers");
        producer.put("linger.ms", "0");
        producer.forEach((k, v) -> args.add(k + "=" + v));
        ToolRun run = session.run(
                topic,
                "io.runnel.bench.probe.RateLatencyProbe",
                args,
                Duration.ofSeconds(
                        session.scale().rateSeconds() + session.scale().rateWarmupSeconds() + 120L));
        Map<String, String> values = run.keyValues();
        if (run.exitCode() != 0 || !values.containsKey("p99_ms")) {
            for (Figure figure : List.of(p50, p99, p999)) {
                session.fail(figure, run.failure());
            }
            return;
        }
        double achieved = Double.parseDouble(values.get("achieved_rate"));
        long sent = Long.parseLong(values.get("sent"));
        long received = Long.parseLong(values.get("received"));
        long errors = Long.parseLong(values.get("errors"));
        String remark = null;
        if (achieved < 0.95 * rate || received < sent || errors > 0) {
            remark = String.format(
                    Locale.ROOT,
                    "rate not sustained: %.0f of %.0f records/s sent, %d of %d received, %d send errors",
                    achieved,
                    rate,
                    received,
                    sent,
                    errors);
            session.results().note(session.contender().label() + ", " + topic + ": " + remark);
        }
        for (var entry : List.of(Map.entry(p50, "p50_ms"), Map.entry(p99, "p99_ms"), Map.entry(p999, "p999_ms"))) {
            double value = Double.parseDouble(values.get(entry.getValue()));
            if (remark == null) {
                session.record(entry.getKey(), value);
            } else {
                session.record(entry.getKey(), value, remark);
            }
        }
    }
}
