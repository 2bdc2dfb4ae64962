package io.runnel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts the brokers under test on 127.0.0.1, each with the same heap and a fresh data directory on the same file
 * system, and times each start to its first acknowledged produce with {@code StartupProbe}.
 *
 * <ul>
 *   <li>Apache Kafka 4.3.0: one KRaft node in combined mode (broker and controller), run as {@code kafka.Kafka} from
 *       the Maven Central jars in {@code kafka-lib}, with the JVM flags of Kafka's {@code kafka-run-class.sh} and the
 *       settings of a single-node quick start. Its storage is formatted once per harness run with Kafka's StorageTool
 *       and copied for each start (the format is an install step, not part of start-up).
 *   <li>Runnel: {@code bin/runnel server}, exactly as a user runs it, with its own JVM flags.
 * </ul>
 *
 * <p>Both get the run's {@link Treatment}: started through {@code taskset -c 0} when pinned; and either both map an
 * application class-data sharing archive of their start-up classes (Runnel's from {@code bin/runnel prepare}, Kafka's
 * recorded here once per harness run by a training start that is not measured) or neither does (Runnel's archive is
 * then overridden with the JDK's default one, the archive Kafka gets).
 *
 * <p>Not thread-safe.
 */
final class Brokers {

    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int RUNNEL_PORT = 19094;

    /**
     * Broker settings both brokers get, stated so that neither is measured with a different group behaviour: a new
     * consumer group waits Kafka's default 3 s for more members before its first assignment, so the three members of
     * the consume workload's group join one rebalance.
     */
    static final Map<String, String> COMMON_SETTINGS = Map.of("group.initial.rebalance.delay.ms", "3000");

    /** kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS. */
    private static final List<String> KAFKA_JVM = List.of(
            "-server",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true");

    private final String java;
    private final Path kafkaLib;
    private final Path runnelHome;
    private final List<String> heap;
    private final String extraRunnelJvmOpts;
    private final String extraKafkaJvmOpts;
    private final Path workDir;
    private final Clients clients;
    private final ChildProcesses processes;
    private final Treatment treatment;
    private final ProcessCpu cpu;
    private final Path kafkaArchiveDir;
    private Path kafkaTemplate;
    private Path kafkaArchive;
    private boolean recordingKafkaArchive;

    Brokers(
            String java,
            Path kafkaLib,
            Path runnelHome,
            List<String> heap,
            String extraRunnelJvmOpts,
            String extraKafkaJvmOpts,
            Path workDir,
            Clients clients,
            ChildProcesses processes,
            Treatment treatment,
            ProcessCpu cpu,
            Path kafkaArchiveDir) {
        this.java = java;
        this.kafkaLib = kafkaLib;
        this.runnelHome = runnelHome;
        this.heap = heap;
        this.extraRunnelJvmOpts = extraRunnelJvmOpts;
        this.extraKafkaJvmOpts = extraKafkaJvmOpts;
        this.workDir = workDir;
        this.clients = clients;
        this.processes = processes;
        this.treatment = treatment;
        this.cpu = cpu;
        this.kafkaArchiveDir = kafkaArchiveDir;
    }

    /**
     * Starts the contender's broker with data in {@code dataDir} and returns once a producer's first record has been
     * acknowledged. Throws if it does not get there within two minutes; the process is then stopped.
     */
    Broker start(Contender contender, Path sessionDir, Path dataDir) throws IOException, InterruptedException {
        int port = contender.isRunnel() ? RUNNEL_PORT : KAFKA_PORT;
        String bootstrap = "127.0.0.1:" + port;
        awaitFreePort(port);
        if (!contender.isRunnel()) {
            awaitFreePort(KAFKA_CONTROLLER_PORT);
        }
        Files.createDirectories(sessionDir);
        Path brokerLog = sessionDir.resolve("broker.log");

        Process probe = clients.startInteractive(
                "io.runnel.bench.probe.StartupProbe",
                List.of("--bootstrap-server", bootstrap, "--topic", "startup-probe"),
                sessionDir.resolve("startup-probe.log"));
        BufferedReader probeOut =
                new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        try {
            String ready = readLine(probeOut, 60);
            if (!"READY".equals(ready)) {
                throw new IOException("the start-up probe did not get ready (got " + ready + "), see "
                        + sessionDir.resolve("startup-probe.log"));
            }
            ProcessBuilder builder = contender.isRunnel()
                    ? runnelCommand(contender, dataDir)
                    : kafkaCommand(contender, sessionDir, dataDir);
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()));
            long spawned = System.nanoTime();
            Process process = processes.start(builder);
            OutputStream probeIn = probe.getOutputStream();
            probeIn.write("GO\n".getBytes(StandardCharsets.UTF_8));
            probeIn.flush();
            String produced;
            try {
                produced = readLine(probeOut, 120);
            } catch (IOException e) {
                produced = null;
            }
            double startupMillis = (System.nanoTime() - spawned) / 1e6;
            Broker broker = new Broker(contender, process, bootstrap, brokerLog, startupMillis, processes, cpu);
            if (!"PRODUCED".equals(produced) || !process.isAlive()) {
                broker.stop();
                throw new IOException(contender.label() + " did not acknowledge a first produce within 120 s"
                        + " (probe said " + produced + "), see " + brokerLog);
            }
            return broker;
        } finally {
            probe.destroy();
            probe.waitFor(10, TimeUnit.SECONDS);
            if (probe.isAlive()) {
                probe.destroyForcibly();
            }
            clients.exited(probe);
        }
    }

    private ProcessBuilder runnelCommand(Contender contender, Path dataDir) {
        List<String> command = new ArrayList<>(treatment.brokerLauncher());
        command.addAll(List.of(
                runnelHome.resolve("bin/runnel").toString(),
                "server",
                "--data-dir",
                dataDir.toString(),
                "--set",
                "listeners=PLAINTEXT://127.0.0.1:" + RUNNEL_PORT));
        Map<String, String> settings = new LinkedHashMap<>(COMMON_SETTINGS);
        settings.putAll(contender.brokerSettings());
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("RUNNEL_NO_BUILD", "1");
        env.put("RUNNEL_HEAP_OPTS", String.join(" ", heap));
        String jvmOpts = extraRunnelJvmOpts;
        if (treatment.cds() == Treatment.Cds.NEITHER) {
            // bin/runnel maps its archive with -XX:SharedArchiveFile before these flags; the last one wins, and the
            // JDK's own archive of JDK classes is what Kafka gets.
            jvmOpts = (jvmOpts + " -XX:SharedArchiveFile=" + jdkArchive() + " -Xshare:auto").trim();
        }
        env.put("RUNNEL_JVM_OPTS", jvmOpts);
        env.put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
        return builder;
    }

    private ProcessBuilder kafkaCommand(Contender contender, Path sessionDir, Path dataDir) throws IOException {
        Path template = kafkaTemplate();
        copyTree(template, dataDir);
        Path config = sessionDir.resolve("server.properties");
        writeKafkaConfig(config, dataDir, contender.brokerSettings());
        List<String> command = new ArrayList<>(treatment.brokerLauncher());
        command.add(java);
        command.addAll(heap);
        command.addAll(KAFKA_JVM);
        if (recordingKafkaArchive) {
            command.add("-XX:ArchiveClassesAtExit=" + kafkaArchiveFile());
        } else if (kafkaArchive != null) {
            command.addAll(List.of(
                    "-XX:SharedArchiveFile=" + kafkaArchive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        if (!extraKafkaJvmOpts.isBlank()) {
            command.addAll(List.of(extraKafkaJvmOpts.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(kafkaLib.resolve("*").toString());
        command.add("kafka.Kafka");
        command.add(config.toString());
        return new ProcessBuilder(command);
    }

    private Path jdkArchive() {
        return Path.of(java).getParent().getParent().resolve("lib/server/classes.jsa");
    }

    private Path kafkaArchiveFile() {
        return kafkaArchiveDir.resolve("kafka.jsa");
    }

    /**
     * With {@code --cds both}: records Kafka's archive of its start-up classes (once per set of Kafka jars: a current
     * archive of an earlier run is reused), the way {@code bin/runnel prepare} records Runnel's (a training run that starts a broker, creates a topic, produces and consumes in a group, with
     * {@code -XX:ArchiveClassesAtExit}), so that both brokers start the same way. Not measured. Returns null when the
     * archive could not be recorded (the run then reports neither broker with an archive); the reason is in {@code
     * sessionDir}.
     */
    Path recordKafkaArchive(Path sessionDir, Path dataDir) throws IOException, InterruptedException {
        Files.createDirectories(kafkaArchiveDir);
        if (archiveIsCurrent(kafkaArchiveFile())) {
            kafkaArchive = kafkaArchiveFile(); // recorded by an earlier run with the same jars, like Runnel's per build
            return kafkaArchive;
        }
        Files.deleteIfExists(kafkaArchiveFile());
        recordingKafkaArchive = true;
        Broker broker = null;
        try {
            broker = start(Contender.KAFKA, sessionDir, dataDir);
            String bootstrap = broker.bootstrap();
            clients.run(
                    sessionDir,
                    "training-topics",
                    "io.runnel.bench.probe.TopicSetup",
                    List.of("--bootstrap-server", bootstrap, "--topics", "cds-training:2"),
                    Duration.ofSeconds(120));
            Path producer = Clients.propertiesFile(
                    sessionDir, "training-producer", Map.of("bootstrap.servers", bootstrap, "acks", "all"));
            clients.run(
                    sessionDir,
                    "training-produce",
                    "org.apache.kafka.tools.ProducerPerformance",
                    List.of(
                            "--topic",
                            "cds-training",
                            "--num-records",
                            "20000",
                            "--throughput",
                            "-1",
                            "--record-size",
                            "1024",
                            "--command-config",
                            producer.toString()),
                    Duration.ofSeconds(120));
            clients.run(
                    sessionDir,
                    "training-consume",
                    "org.apache.kafka.tools.ConsumerPerformance",
                    List.of(
                            "--bootstrap-server",
                            bootstrap,
                            "--topic",
                            "cds-training",
                            "--group",
                            "cds-training",
                            "--num-records",
                            "20000",
                            "--timeout",
                            "10000"),
                    Duration.ofSeconds(120));
        } finally {
            recordingKafkaArchive = false;
            if (broker != null) {
                broker.stop(); // the archive is written as the JVM exits
            }
            deleteTree(dataDir);
        }
        Path file = kafkaArchiveFile();
        kafkaArchive = Files.isRegularFile(file) && Files.size(file) > 0 ? file : null;
        return kafkaArchive;
    }

    /** Whether the archive exists and is newer than every jar in kafka-lib (else it no longer matches them). */
    private boolean archiveIsCurrent(Path archive) throws IOException {
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            return false;
        }
        long recorded = Files.getLastModifiedTime(archive).toMillis();
        try (Stream<Path> jars = Files.list(kafkaLib)) {
            return jars.allMatch(jar -> {
                try {
                    return Files.getLastModifiedTime(jar).toMillis() < recorded;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Formats a KRaft storage directory once (kafka-storage format), to be copied for every Kafka start. */
    private Path kafkaTemplate() throws IOException {
        if (kafkaTemplate != null) {
            return kafkaTemplate;
        }
        Path dir = workDir.resolve("kafka-template");
        deleteTree(dir);
        Path config = workDir.resolve("kafka-format.properties");
        writeKafkaConfig(config, dir, Map.of());
        byte[] uuid = new byte[16];
        new SecureRandom().nextBytes(uuid);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuid);
        Path log = workDir.resolve("kafka-format.log");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        kafkaLib.resolve("*").toString(),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId,
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = processes.start(builder);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("kafka-storage format failed, see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka's storage", e);
        } finally {
            processes.exited(process);
        }
        kafkaTemplate = dir;
        return dir;
    }

    /** A single-node KRaft configuration, with the quick start's replication settings for one node. */
    private static void writeKafkaConfig(Path file, Path dataDir, Map<String, String> overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + KAFKA_CONTROLLER_PORT);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + KAFKA_PORT + ",CONTROLLER://127.0.0.1:" + KAFKA_CONTROLLER_PORT);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + KAFKA_PORT);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.putAll(COMMON_SETTINGS);
        props.putAll(overrides);
        StringBuilder text = new StringBuilder("# Generated by bench/run.sh\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    private static String readLine(BufferedReader reader, int seconds) throws IOException, InterruptedException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer from the start-up probe within " + seconds + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** Waits (at most 30 s) until nothing listens on the port, so a lingering broker is never measured. */
    private static void awaitFreePort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("port " + port + " on 127.0.0.1 is still in use after 30 s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
