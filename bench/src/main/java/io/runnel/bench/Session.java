package io.runnel.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One broker start and the workload run against it: the broker, where the run's logs go, the shared client settings,
 * and where samples are recorded. Not thread-safe.
 */
final class Session {

    private final Workload workload;
    private final Broker broker;
    private final int rep;
    private final Path dir;
    private final Clients clients;
    private final Scale scale;
    private final Results results;
    private final Path payloads;
    private final String topicSuffix;

    Session(
            Workload workload,
            Broker broker,
            int rep,
            Path dir,
            Clients clients,
            Scale scale,
            Results results,
            Path payloads,
            String topicSuffix) {
        this.workload = workload;
        this.broker = broker;
        this.rep = rep;
        this.dir = dir;
        this.clients = clients;
        this.scale = scale;
        this.results = results;
        this.payloads = payloads;
        this.topicSuffix = topicSuffix;
    }

    /**
     * The session's name for a topic: the name itself on a broker this harness started (its data directory is
     * empty), made unique to the run and repetition on a broker someone else runs ({@code --against}), which keeps
     * the topics of earlier sessions.
     */
    String topic(String name) {
        return name + topicSuffix;
    }

    /** The broker's CPU seconds so far (user+sys from /proc); NaN for a broker this harness did not start. */
    double brokerCpuSeconds() {
        return broker.cpuSeconds();
    }

    /**
     * Records broker CPU seconds per GiB moved over a measured interval, or why there is no figure: the CPU of a
     * broker this harness did not start is not measured.
     */
    void recordCpuPerGiB(Figure figure, double cpuSeconds, double bytes) {
        double perGiB = ProcessCpu.perGiB(cpuSeconds, bytes);
        if (Double.isNaN(perGiB)) {
            fail(
                    figure,
                    contender().isExternal()
                            ? "pending: the CPU of a broker the harness did not start is not measured"
                            : "the broker's CPU time could not be read from /proc");
        } else {
            record(figure, perGiB);
        }
    }

    Broker broker() {
        return broker;
    }

    Contender contender() {
        return broker.contender();
    }

    Scale scale() {
        return scale;
    }

    Results results() {
        return results;
    }

    Path dir() {
        return dir;
    }

    int rep() {
        return rep;
    }

    void record(Figure figure, double value) {
        results.record(figure, contender().id(), new Sample(rep, value, null));
        Bench.progress(String.format(
                Locale.ROOT,
                "  %-44s %-16s %s %s",
                figure.title(),
                contender().id(),
                Report.number(value),
                figure.unit()));
    }

    void record(Figure figure, double value, String remark) {
        results.record(figure, contender().id(), new Sample(rep, value, remark));
        Bench.progress(String.format(
                Locale.ROOT,
                "  %-44s %-16s %s %s (%s)",
                figure.title(),
                contender().id(),
                Report.number(value),
                figure.unit(),
                remark));
    }

    void fail(Figure figure, String reason) {
        results.record(figure, contender().id(), new Sample(rep, Double.NaN, reason));
        Bench.progress("  " + figure.title() + " " + contender().id() + ": " + reason);
    }

    /**
     * The producer settings every workload shares, whichever broker: 64 KB batches, linger.ms=5, no compression,
     * idempotence exactly when acks=all (the Java client's own rule).
     */
    Map<String, String> producerSettings(String acks) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", broker.bootstrap());
        props.put("acks", acks);
        props.put("batch.size", "65536");
        props.put("linger.ms", "5");
        props.put("compression.type", "none");
        props.put("enable.idempotence", Boolean.toString(acks.equals("all")));
        return props;
    }

    /** The consumer settings every workload shares: the client's defaults. */
    Map<String, String> consumerSettings() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", broker.bootstrap());
        return props;
    }

    /** Creates the session's topics (TopicSetup, one Admin call), failing if they do not get leaders. */
    void createTopics(String specs) throws IOException {
        ToolRun run = clients.run(
                dir,
                "topics",
                "io.runnel.bench.probe.TopicSetup",
                List.of("--bootstrap-server", broker.bootstrap(), "--topics", specs),
                Duration.ofSeconds(120));
        if (run.exitCode() != 0 || !run.output().contains("TOPICS READY")) {
            throw new IOException(run.failure());
        }
    }

    /**
     * Runs Kafka's ProducerPerformance with the shared producer settings, leaving the first {@code toolWarmup}
     * records out of its steady-state line (the client JVM's own warm-up). Payloads come from a file
     * of 1,000 random records of the size (the tool picks one per send), so the client spends its CPU on sending
     * rather than on generating random bytes: on 2 shared cores, that leaves more for the broker being measured.
     */
    ToolRun producerPerformance(String name, String topic, long records, int recordSize, String acks, long toolWarmup)
            throws IOException {
        Path config = Clients.propertiesFile(dir, name + "-producer", producerSettings(acks));
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--throughput",
                "-1",
                "--warmup-records",
                Long.toString(toolWarmup),
                "--command-config",
                config.toString()));
        Path payloadFile = payloads.resolve("payload-" + recordSize + ".txt");
        if (java.nio.file.Files.exists(payloadFile)) {
            args.addAll(List.of("--payload-file", payloadFile.toString()));
        } else {
            args.addAll(List.of("--record-size", Integer.toString(recordSize)));
        }
        return clients.run(dir, name, "org.apache.kafka.tools.ProducerPerformance", args, Duration.ofSeconds(600));
    }

    ToolRun run(String name, String mainClass, List<String> args, Duration limit) throws IOException {
        return clients.run(dir, name, mainClass, args, limit);
    }

    Clients.Running startAsync(String name, String mainClass, List<String> args) throws IOException {
        return clients.startAsync(dir, name, mainClass, args);
    }

    Workload workload() {
        return workload;
    }
}
