package io.runnel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The side-by-side benchmark: starts Apache Kafka 4.3.0 and Runnel in turn on this machine, runs each workload
 * against each (the order flipped on every repetition, see {@link SessionOrder}; a fresh broker and an empty data
 * directory every time), and writes the results with the raw output of every session. Run
 * through {@code bench/run.sh}, which builds both sides and passes the paths; see bench/README.md.
 *
 * <p>Options: {@code --quick}, {@code --only NAME[,NAME]}, {@code --reps N}, {@code --high-rate RECORDS_PER_SEC},
 * {@code --pinned}, {@code --cds both|neither}, {@code --against HOST:PORT}, {@code --out DIR}, and the paths {@code --runnel-home}, {@code --kafka-lib}, {@code --bench-jar}, {@code --work},
 * {@code --results}. Environment: {@code BENCH_HEAP} (both brokers' heap, default {@code -Xms1g -Xmx1g}), {@code
 * BENCH_RUNNEL_JVM_OPTS} and {@code BENCH_KAFKA_JVM_OPTS} (extra broker JVM flags, e.g. to record a flight recording).
 *
 * <p>It reports and never fails on a figure: the exit code is non-zero only when the harness itself could not run.
 */
public final class Bench {

    private static final double HIGH_RATE_FRACTION = 0.5;
    private static final double HIGH_RATE_FALLBACK = 20_000;

    private final Path runnelHome;
    private final Path kafkaLib;
    private final Path benchJar;
    private final Path work;
    private final Path resultsDir;
    private final boolean quick;
    private final List<String> only;
    private final Scale scale;
    private final Double highRate;
    private final Path out;
    private final Treatment treatment;
    private final String against;

    private Bench(String[] args) {
        Path runnelHome = Path.of(".");
        Path kafkaLib = null;
        Path benchJar = null;
        Path work = null;
        Path resultsDir = null;
        Path out = null;
        boolean quick = false;
        List<String> only = List.of();
        Integer reps = null;
        Double highRate = null;
        boolean pinned = false;
        Treatment.Cds cds = Treatment.Cds.BOTH;
        String against = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--high-rate" -> highRate = Double.parseDouble(args[++i]);
                case "--runnel-home" -> runnelHome = Path.of(args[++i]);
                case "--kafka-lib" -> kafkaLib = Path.of(args[++i]);
                case "--bench-jar" -> benchJar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--results" -> resultsDir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--pinned" -> pinned = true;
                case "--cds" -> cds = Treatment.Cds.parse(args[++i]);
                case "--against" -> against = hostPort(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --quick, --only NAME[,NAME], --reps N, --high-rate N, --pinned,"
                            + " --cds both|neither, --against HOST:PORT, --out DIR)");
            }
        }
        this.runnelHome = runnelHome.toAbsolutePath().normalize();
        this.work = (work != null ? work : this.runnelHome.resolve("bench/work"))
                .toAbsolutePath()
                .normalize();
        this.kafkaLib = kafkaLib != null ? kafkaLib.toAbsolutePath() : this.work.resolve("kafka-lib");
        this.benchJar = benchJar;
        this.resultsDir = resultsDir != null ? resultsDir.toAbsolutePath() : this.runnelHome.resolve("bench/results");
        this.out = out;
        this.quick = quick;
        this.only = only;
        Scale base = quick ? Scale.QUICK : Scale.FULL;
        this.scale = reps == null ? base : base.withReps(reps);
        this.highRate = highRate;
        this.treatment = new Treatment(pinned, cds);
        this.against = against;
    }

    private static String hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--against takes HOST:PORT, got " + value);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--against takes HOST:PORT with a port from 1 to 65535, got " + value);
        }
        return value;
    }

    public static void main(String[] args) throws Exception {
        System.exit(new Bench(args).run());
    }

    static void progress(String line) {
        System.out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
        System.out.flush();
    }

    private int run() throws Exception {
        ZonedDateTime started = ZonedDateTime.now();
        long startNanos = System.nanoTime();
        String runId = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = work.resolve("runs").resolve(runId);
        Files.createDirectories(runDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> heap = List.of(System.getenv()
                .getOrDefault("BENCH_HEAP", "-Xms1g -Xmx1g")
                .trim()
                .split("\\s+"));
        String runnelJvmOpts = System.getenv().getOrDefault("BENCH_RUNNEL_JVM_OPTS", "");
        String kafkaJvmOpts = System.getenv().getOrDefault("BENCH_KAFKA_JVM_OPTS", "");

        treatment.check(Runtime.getRuntime().availableProcessors());
        ChildProcesses processes = new ChildProcesses(work.resolve("pids"));
        Runtime.getRuntime().addShutdownHook(new Thread(processes::killAll, "kill-children"));
        String classpath = (benchJar == null ? "" : benchJar + ":") + kafkaLib.resolve("*");
        Clients clients = new Clients(java, classpath, processes, treatment.clientLauncher());
        Path dataRoot = work.resolve("data");
        Files.createDirectories(dataRoot);
        Brokers brokers = new Brokers(
                java,
                kafkaLib,
                runnelHome,
                heap,
                runnelJvmOpts,
                kafkaJvmOpts,
                runDir,
                clients,
                processes,
                treatment,
                ProcessCpu.ofThisMachine(),
                work.resolve("kafka-cds"));
        Path payloads = writePayloads(work.resolve("payloads"));

        progress("machine: measuring the data disk with dd");
        MachineInfo machine = MachineInfo.collect(dataRoot, quick);
        progress("machine: " + machine.facts().get("cpu") + ", "
                + machine.facts().get("cores") + " cores, dd "
                + Report.number((Double) machine.disk().get("dd_direct_mb_per_sec")) + " MB/s direct");

        Results results = new Results();
        ProduceWorkload produce1k = ProduceWorkload.oneKb();
        FootprintWorkload footprint = new FootprintWorkload();
        List<Workload> all = List.of(
                footprint,
                produce1k,
                ProduceWorkload.hundredBytes(),
                new ConsumeWorkload(),
                new LatencyWorkload(() -> highRate(results, produce1k)),
                ProduceWorkload.durable());
        List<Workload> plan = new ArrayList<>();
        for (Workload w : all) {
            if (only.isEmpty() || only.contains(w.name())) {
                if (against == null) {
                    plan.add(w);
                } else if (ExternalWorkload.applies(w)) {
                    plan.add(new ExternalWorkload(w, Contender.external(against)));
                } else {
                    progress("--against: skipping " + w.name() + " (it needs a broker the harness starts)");
                }
            }
        }
        for (String name : only) {
            if (all.stream().noneMatch(w -> w.name().equals(name))) {
                throw new IllegalArgumentException("unknown workload " + name + "; workloads: "
                        + all.stream().map(Workload::name).toList());
            }
        }
        results.parameter("reps", scale.reps());
        if (treatment.cds() == Treatment.Cds.BOTH
                && plan.stream().anyMatch(w -> w.contenders().stream().anyMatch(Contender::isKafka))) {
            progress(
                    "cds: Kafka's start-up class archive (recorded by a training start, not measured, unless current)");
            Path archive = brokers.recordKafkaArchive(runDir.resolve("kafka-cds-training"), dataRoot.resolve("kafka"));
            if (archive == null) {
                throw new IOException("could not record Kafka's class-data sharing archive (see "
                        + runDir.resolve("kafka-cds-training")
                        + "); both brokers get one or neither: run with --cds neither");
            }
            progress("cds: Kafka maps " + archive);
        }

        for (Workload workload : plan) {
            progress("== " + workload.title());
            for (int rep = 1; rep <= scale.reps(); rep++) {
                for (Contender contender : SessionOrder.of(workload.contenders(), rep)) {
                    session(workload, contender, rep, runDir, dataRoot, brokers, clients, results, payloads, runId);
                }
            }
        }

        List<Workload> reported = new ArrayList<>(plan);
        if (against == null && !reported.contains(footprint)) {
            reported.add(0, footprint); // every start was timed, whatever ran
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Report.RunInfo info = new Report.RunInfo(
                LocalDate.now().toString(),
                started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                seconds,
                quick,
                scale.reps(),
                only,
                runnelCommit(),
                "4.3.0",
                heap,
                runnelJvmOpts,
                kafkaJvmOpts,
                treatment.describe(),
                against);
        Path dir;
        String name = LocalDate.now().toString();
        if (out != null) {
            dir = out.toAbsolutePath();
        } else if (quick || !only.isEmpty() || against != null) {
            dir = work.resolve("results");
        } else {
            dir = resultsDir;
        }
        if (quick) {
            name += "-quick";
        }
        if (!only.isEmpty()) {
            name += "-" + String.join("-", only);
        }
        if (against != null) {
            name += "-against-" + against.replaceAll("[^A-Za-z0-9.-]", "_");
        }
        new Report(info, machine, reported, results).write(dir, name);
        RawOutput.archive(runDir, dir.resolve(name + "-raw.tar.gz"));
        progress(String.format(
                Locale.ROOT,
                "done in %.1f min: %s.md, .json, .png, -raw.tar.gz (logs in %s)",
                seconds / 60,
                dir.resolve(name),
                runDir));
        return 0;
    }

    private void session(
            Workload workload,
            Contender contender,
            int rep,
            Path runDir,
            Path dataRoot,
            Brokers brokers,
            Clients clients,
            Results results,
            Path payloads,
            String runId)
            throws IOException {
        String id = workload.name() + "-" + contender.id() + "-" + rep;
        Path sessionDir = runDir.resolve(id);
        Path dataDir = dataRoot.resolve(contender.id());
        if (!contender.isExternal()) {
            Brokers.deleteTree(dataDir);
        }
        double loadBefore = MachineInfo.loadAverage();
        String startedAt = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        long start = System.nanoTime();
        progress(String.format(
                Locale.ROOT,
                "%s rep %d/%d: %s (load %.2f)",
                workload.name(),
                rep,
                scale.reps(),
                contender.label(),
                loadBefore));
        String failure = null;
        Broker broker = null;
        String baseId = contender.isRunnel() ? Contender.RUNNEL.id() : Contender.KAFKA.id();
        try {
            String topicSuffix = "";
            if (contender.isExternal()) {
                broker = Broker.external(contender, against);
                topicSuffix = "-" + runId + "-" + rep;
            } else {
                broker = brokers.start(contender, sessionDir, dataDir);
                results.record(FootprintWorkload.STARTUP, baseId, new Sample(rep, broker.startupMillis(), null));
                progress(String.format(Locale.ROOT, "  started in %.0f ms", broker.startupMillis()));
            }
            workload.run(
                    new Session(workload, broker, rep, sessionDir, clients, scale, results, payloads, topicSuffix));
            if (!broker.alive()) {
                failure = contender.label() + " exited during the run, see " + broker.log();
            }
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            progress("  session failed: " + failure);
        } finally {
            if (broker != null && !contender.isExternal()) {
                double shutdown = broker.stop();
                results.record(FootprintWorkload.SHUTDOWN, baseId, new Sample(rep, shutdown, null));
            }
            if (!contender.isExternal()) {
                Brokers.deleteTree(dataDir);
            }
        }
        if (failure != null) {
            results.note(id + ": " + failure);
            for (Figure figure : workload.figures()) {
                if (!results.has(figure, contender.id(), rep)) {
                    results.record(figure, contender.id(), new Sample(rep, Double.NaN, failure));
                }
            }
        }
        results.session(new Results.SessionRecord(
                workload.name(),
                contender.id(),
                rep,
                startedAt,
                (System.nanoTime() - start) / 1e9,
                loadBefore,
                MachineInfo.loadAverage(),
                failure));
    }

    /**
     * The "highest rate both sustain" for the latency workload: half the lower of the two brokers' median 1 KB acks=all
     * single-partition producer rate of this run, or {@code --high-rate}, or a fixed rate without workload 1.
     */
    private double highRate(Results results, ProduceWorkload produce1k) {
        if (highRate != null) {
            return highRate;
        }
        Figure figure = produce1k.throughputFigure("acksall-p1");
        if (against != null) {
            double external = results.median(figure, Contender.external(against).id());
            if (!Double.isNaN(external)) {
                results.parameter("e2e.high.rate.basis", "half the median producer rate of 1 KB acks=all 1 partition");
                return Math.max(MODERATE_FLOOR, Math.round(external * 1024 * HIGH_RATE_FRACTION / 1000.0) * 1000.0);
            }
        }
        double kafka = results.median(figure, Contender.KAFKA.id());
        double runnel = results.median(figure, Contender.RUNNEL.id());
        if (Double.isNaN(kafka) || Double.isNaN(runnel)) {
            results.parameter("e2e.high.rate.basis", "fixed (workload 1 did not run)");
            return HIGH_RATE_FALLBACK;
        }
        // MB/s of 1 KB records (MiB, as the tool counts) to records/s.
        double records = Math.min(kafka, runnel) * 1024;
        results.parameter(
                "e2e.high.rate.basis",
                "half the lower median producer rate of 1 KB acks=all 1 partition in workload 1");
        return Math.max(MODERATE_FLOOR, Math.round(records * HIGH_RATE_FRACTION / 1000.0) * 1000.0);
    }

    private static final double MODERATE_FLOOR = LatencyWorkload.MODERATE_RATE;

    private String runnelCommit() {
        String commit = MachineInfo.command(List.of("git", "-C", runnelHome.toString(), "rev-parse", "--short", "HEAD"))
                .trim();
        String dirty = MachineInfo.command(
                        List.of("git", "-C", runnelHome.toString(), "status", "--porcelain", "--", ".", ":!bench"))
                .trim();
        return commit.isEmpty() ? "unknown" : commit + (dirty.isEmpty() ? "" : " + uncommitted changes");
    }

    /** 1,000 random records of 1 KB and of 100 bytes (uppercase letters, one per line) for ProducerPerformance. */
    private static Path writePayloads(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        for (int size : new int[] {1024, 100}) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                for (int j = 0; j < size; j++) {
                    text.append((char) ('A' + random.nextInt(26)));
                }
                text.append('\n');
            }
            Files.writeString(dir.resolve("payload-" + size + ".txt"), text, StandardCharsets.US_ASCII);
        }
        return dir;
    }
}
