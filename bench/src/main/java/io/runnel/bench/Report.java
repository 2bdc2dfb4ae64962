package io.runnel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one run's {@link Results} into {@code <name>.md} (tables: median of the repetitions, min–max, and the
 * Runnel/Kafka ratio of medians per figure), {@code <name>.json} (every sample) and {@code <name>.png} (the chart).
 * Not thread-safe.
 */
final class Report {

    /** Facts about the run that are not measurements. */
    record RunInfo(
            String date,
            String startedAt,
            double seconds,
            boolean quick,
            int reps,
            List<String> only,
            String runnelCommit,
            String kafkaVersion,
            List<String> heap,
            String runnelJvmOpts,
            String kafkaJvmOpts,
            String treatment,
            String against) {}

    private final RunInfo run;
    private final MachineInfo machine;
    private final List<Workload> workloads;
    private final Results results;

    Report(RunInfo run, MachineInfo machine, List<Workload> workloads, Results results) {
        this.run = run;
        this.machine = machine;
        this.workloads = workloads;
        this.results = results;
    }

    void write(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(name + ".md"), markdown(name + ".png", name + "-raw.tar.gz"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".json"), Json.write(json()), StandardCharsets.UTF_8);
        chart(dir.resolve(name + ".png"));
    }

    // ---------------------------------------------------------------- markdown

    private String markdown(String chartFile, String rawFile) {
        StringBuilder md = new StringBuilder();
        if (run.against() != null) {
            md.append("# The broker at ")
                    .append(run.against())
                    .append(", driven by Runnel's bench harness, ")
                    .append(run.date())
                    .append("\n\n");
        } else {
            md.append("# Runnel beside Apache Kafka ")
                    .append(run.kafkaVersion())
                    .append(", ")
                    .append(run.date())
                    .append("\n\n");
        }
        if (run.against() != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "A run of `bench/run.sh --against %s`%s: the workloads driven against a broker the harness did not"
                            + " start, %d repetition%s. Started %s, took %.1f minutes. Each cell is the median of the"
                            + " repetitions with the range (min–max); there is no ratio (nothing to compare with in"
                            + " this run), and no broker CPU, memory or start-up figure (the broker is not ours)."
                            + " Figures come from Kafka's own tools in kafka-tools %s unless the row says \"probe\".\n\n",
                    run.against(),
                    run.only().isEmpty() ? "" : " (only " + String.join(", ", run.only()) + ")",
                    run.reps(),
                    run.reps() == 1 ? "" : "s",
                    run.startedAt(),
                    run.seconds() / 60,
                    run.kafkaVersion()));
        } else {
            md.append(String.format(
                    Locale.ROOT,
                    "%s run of `bench/run.sh`%s: %d repetition%s per workload and broker, the order of the brokers"
                            + " flipped on every repetition (K R, R K, …), each session against a freshly started"
                            + " broker with an empty data directory. Every throughput figure is a steady state after"
                            + " an unmeasured warm-up on the same broker JVM; cold figures are rows of their own."
                            + " Started %s, took %.1f minutes. Each cell is the median of the repetitions, with the"
                            + " range (min–max) in brackets; the ratio is Runnel's median over Kafka's, marked"
                            + " \"overlap\" where the two ranges overlap (no win is claimed then). Figures come from"
                            + " Kafka's own tools in kafka-tools %s (ProducerPerformance, ConsumerPerformance,"
                            + " EndToEndLatency) unless the row says \"probe\"; broker CPU per GiB is the broker"
                            + " process's user+sys CPU (/proc/<pid>/stat) over the measured run divided by the GiB"
                            + " it moved. How to read this: [bench/README.md](../README.md).\n\n",
                    run.quick() ? "A quick (sanity)" : "A full",
                    run.only().isEmpty() ? "" : " (only " + String.join(", ", run.only()) + ")",
                    run.reps(),
                    run.reps() == 1 ? "" : "s",
                    run.startedAt(),
                    run.seconds() / 60,
                    run.kafkaVersion()));
        }
        md.append("**Treatment of both brokers:** ").append(run.treatment()).append(".\n\n");

        md.append("## Machine and conditions\n\n");
        machine.facts()
                .forEach((k, v) ->
                        md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append(String.format(
                Locale.ROOT,
                "- physical limit of the data disk: `%s` → **%s MB/s** sequential; `%s` → %s synchronous 4 KiB"
                        + " writes/s\n",
                machine.disk().get("dd_direct_command"),
                number((Double) machine.disk().get("dd_direct_mb_per_sec")),
                machine.disk().get("dd_dsync_command"),
                number((Double) machine.disk().get("dd_dsync_writes_per_sec"))));
        List<Double> loads = new ArrayList<>();
        for (Results.SessionRecord s : results.sessions()) {
            loads.add(s.loadBefore());
            loads.add(s.loadAfter());
        }
        loads.removeIf(d -> Double.isNaN(d));
        if (!loads.isEmpty()) {
            md.append(String.format(
                    Locale.ROOT,
                    "- load average (1 min) around the sessions: median %s, range %s–%s (the machine is shared; a"
                            + " load above the core count means other work competed with the benchmark)\n",
                    number(Stats.median(loads)),
                    number(Stats.min(loads)),
                    number(Stats.max(loads))));
        }
        md.append("- Runnel: commit `")
                .append(run.runnelCommit())
                .append("`, `bin/runnel server` (its own JVM flags)")
                .append(run.runnelJvmOpts().isBlank() ? "" : " plus `" + run.runnelJvmOpts() + "`")
                .append('\n');
        md.append("- Apache Kafka ")
                .append(run.kafkaVersion())
                .append(": jars from Maven Central, one KRaft node in combined mode, kafka-run-class.sh's JVM flags")
                .append(run.kafkaJvmOpts().isBlank() ? "" : " plus `" + run.kafkaJvmOpts() + "`")
                .append('\n');
        md.append("- both brokers: heap `")
                .append(String.join(" ", run.heap()))
                .append("`, data directory on the file system above, listening on 127.0.0.1\n");
        md.append("- clients: Kafka's tools and the probes in their own JVMs (`")
                .append(String.join(" ", Clients.CLIENT_JVM))
                .append("`) on the same machine; producers use batch.size=65536, linger.ms=5, no compression"
                        + " (the latency probes linger.ms=0)\n");
        md.append("- raw output of every session (each broker's log, each tool's full output and settings): [`")
                .append(rawFile)
                .append("`](")
                .append(rawFile)
                .append(")\n");
        results.parameters().forEach((k, v) -> md.append("- ")
                .append(k)
                .append(": ")
                .append(v instanceof Double d ? number(d) : String.valueOf(v))
                .append('\n'));
        md.append('\n');

        if (run.against() == null) {
            goals(md);
        }

        md.append("## Results\n\n");
        Map<String, Integer> footnotes = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            md.append("### ").append(workload.title()).append("\n\n");
            Contender runnel = runnelOf(workload);
            List<Contender> kafkas = runnel == null
                    ? List.of()
                    : workload.contenders().stream().filter(Contender::isKafka).toList();
            md.append("| figure | unit |");
            for (Contender c : workload.contenders()) {
                md.append(' ').append(c.label()).append(" |");
            }
            for (Contender k : kafkas) {
                md.append(kafkas.size() == 1 ? " Runnel/Kafka |" : " Runnel/" + k.label() + " |");
            }
            md.append("\n|---|---|");
            md.append("---:|".repeat(workload.contenders().size() + kafkas.size()));
            md.append('\n');
            for (Figure figure : workload.figures()) {
                md.append("| ")
                        .append(figure.title().trim())
                        .append(" | ")
                        .append(figure.unit())
                        .append(" |");
                for (Contender c : workload.contenders()) {
                    md.append(' ').append(cell(figure, c, footnotes)).append(" |");
                }
                for (Contender k : kafkas) {
                    md.append(' ').append(comparison(figure, runnel, k)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        if (!footnotes.isEmpty()) {
            md.append("Footnotes:\n\n");
            footnotes.forEach(
                    (text, n) -> md.append(n).append(". ").append(text).append('\n'));
            md.append('\n');
        }
        if (!results.notes().isEmpty()) {
            md.append("Notes:\n\n");
            results.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        md.append("## Chart\n\n![throughput and latency](").append(chartFile).append(")\n");
        return md.toString();
    }

    private String cell(Figure figure, Contender contender, Map<String, Integer> footnotes) {
        List<Sample> samples = results.samples(figure, contender.id());
        List<Double> values = results.values(figure, contender.id());
        Set<String> remarks = new LinkedHashSet<>();
        for (Sample s : samples) {
            if (s.note() != null) {
                remarks.add(s.note());
            }
        }
        StringBuilder cell = new StringBuilder();
        if (values.isEmpty()) {
            boolean pending = remarks.stream().anyMatch(r -> r.startsWith("pending"));
            cell.append(samples.isEmpty() ? "–" : pending ? "pending" : "failed");
        } else if (values.size() == 1) {
            cell.append(number(values.get(0)));
        } else {
            cell.append(number(Stats.median(values)))
                    .append(" (")
                    .append(number(Stats.min(values)))
                    .append("–")
                    .append(number(Stats.max(values)))
                    .append(')');
        }
        if (values.size() < samples.size() && !values.isEmpty()) {
            cell.append(" [")
                    .append(values.size())
                    .append(" of ")
                    .append(samples.size())
                    .append(" runs]");
        }
        for (String remark : remarks) {
            int n = footnotes.computeIfAbsent(remark, k -> footnotes.size() + 1);
            cell.append(" <sup>").append(n).append("</sup>");
        }
        return cell.toString();
    }

    /**
     * The Goals table: one row per figure with a goal and per Kafka set-up it is compared with (in workload 6 Kafka's
     * default first, the row of record, then flush.messages=1). A goal met on the medians while the two ranges overlap
     * is reported as such, not as a win.
     */
    private void goals(StringBuilder md) {
        md.append("## Goals\n\n");
        md.append("Rows marked (probe) come from the harness's own probe, not from Kafka's tools; the EndToEndLatency"
                + " row beside them is Kafka's tool.\n\n");
        md.append("| figure | Runnel | Kafka | Runnel/Kafka | goal | |\n|---|---:|---:|---:|---|---|\n");
        for (Workload workload : workloads) {
            Contender runnel = runnelOf(workload);
            if (runnel == null) {
                continue;
            }
            List<Contender> kafkas =
                    workload.contenders().stream().filter(Contender::isKafka).toList();
            for (Figure figure : workload.figures()) {
                if (figure.goal() == null) {
                    continue;
                }
                for (Contender kafka : kafkas) {
                    double r = results.median(figure, runnel.id());
                    double k = results.median(figure, kafka.id());
                    md.append("| ")
                            .append(figure.title().trim())
                            .append(kafkas.size() > 1 ? " (vs " + kafka.label() + ")" : "")
                            .append(" | ")
                            .append(withUnit(r, figure.unit()))
                            .append(" | ")
                            .append(withUnit(k, figure.unit()))
                            .append(" | ")
                            .append(ratio(r / k))
                            .append(" | ")
                            .append(figure.goal().describe(figure.unit()))
                            .append(" | ")
                            .append(status(figure, runnel, kafka))
                            .append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private String status(Figure figure, Contender runnel, Contender kafka) {
        List<Double> r = results.values(figure, runnel.id());
        List<Double> k = results.values(figure, kafka.id());
        return goalStatus(figure.goal(), r, k);
    }

    /**
     * "met", "**not met**", "no figure", or, for a ratio goal met on the medians while the ranges overlap, "met on the
     * medians; ranges overlap, no win claimed". Package-private for its test.
     */
    static String goalStatus(Goal goal, List<Double> runnel, List<Double> kafka) {
        double r = Stats.median(runnel);
        double k = Stats.median(kafka);
        if (Double.isNaN(r) || (Double.isNaN(k) && goal.kind() != Goal.Kind.RUNNEL_BELOW)) {
            return "no figure";
        }
        if (!goal.met(r, r / k)) {
            return "**not met**";
        }
        if (goal.kind() != Goal.Kind.RUNNEL_BELOW && Stats.rangesOverlap(runnel, kafka)) {
            return "met on the medians; ranges overlap, no win claimed";
        }
        return "met";
    }

    /** The ratio of Runnel's median to the Kafka set-up's, with "overlap" when their ranges overlap. */
    private String comparison(Figure figure, Contender runnel, Contender kafka) {
        List<Double> r = results.values(figure, runnel.id());
        List<Double> k = results.values(figure, kafka.id());
        String ratio = ratio(Stats.median(r) / Stats.median(k));
        return Stats.rangesOverlap(r, k) && !(r.size() == 1 && k.size() == 1) ? ratio + " (overlap)" : ratio;
    }

    /** The workload's Runnel set-up, or null when it has none (a run {@code --against} another broker). */
    private static Contender runnelOf(Workload workload) {
        return workload.contenders().stream()
                .filter(Contender::isRunnel)
                .findFirst()
                .orElse(null);
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String withUnit(double v, String unit) {
        return Double.isNaN(v) ? "–" : number(v) + " " + unit;
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    // ---------------------------------------------------------------- json

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("date", run.date());
        root.put("started_at", run.startedAt());
        root.put("duration_seconds", Math.round(run.seconds()));
        root.put("mode", run.quick() ? "quick" : "full");
        root.put("reps", run.reps());
        root.put("only", run.only());
        root.put("runnel_commit", run.runnelCommit());
        root.put("kafka_version", run.kafkaVersion());
        root.put("heap", String.join(" ", run.heap()));
        root.put("treatment", run.treatment());
        root.put("against", run.against());
        root.put("client_jvm", String.join(" ", Clients.CLIENT_JVM));
        root.put("machine", machine.facts());
        root.put("disk", machine.disk());
        root.put("parameters", results.parameters());
        List<Object> workloadList = new ArrayList<>();
        for (Workload workload : workloads) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", workload.name());
            w.put("title", workload.title());
            List<Object> contenders = new ArrayList<>();
            for (Contender c : workload.contenders()) {
                contenders.add(Map.of(
                        "id", c.id(), "label", c.label(), "system", c.system().name(), "settings", c.brokerSettings()));
            }
            w.put("contenders", contenders);
            List<Object> figures = new ArrayList<>();
            Contender runnel = runnelOf(workload);
            for (Figure figure : workload.figures()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("id", figure.id());
                f.put("title", figure.title().trim());
                f.put("unit", figure.unit());
                f.put("better", figure.better().name().toLowerCase(Locale.ROOT));
                f.put("goal", figure.goal() == null ? null : figure.goal().describe(figure.unit()));
                Map<String, Object> byContender = new LinkedHashMap<>();
                for (Contender c : workload.contenders()) {
                    List<Double> values = results.values(figure, c.id());
                    Map<String, Object> stats = new LinkedHashMap<>();
                    stats.put("median", Stats.median(values));
                    stats.put("min", Stats.min(values));
                    stats.put("max", Stats.max(values));
                    List<Object> samples = new ArrayList<>();
                    for (Sample s : results.samples(figure, c.id())) {
                        Map<String, Object> sample = new LinkedHashMap<>();
                        sample.put("rep", s.rep());
                        sample.put("value", s.value());
                        if (s.note() != null) {
                            sample.put("note", s.note());
                        }
                        samples.add(sample);
                    }
                    stats.put("samples", samples);
                    byContender.put(c.id(), stats);
                }
                f.put("results", byContender);
                Map<String, Object> ratios = new LinkedHashMap<>();
                Map<String, Object> overlaps = new LinkedHashMap<>();
                for (Contender c : workload.contenders()) {
                    if (runnel != null && c.isKafka()) {
                        List<Double> r = results.values(figure, runnel.id());
                        List<Double> k = results.values(figure, c.id());
                        ratios.put(runnel.id() + "/" + c.id(), Stats.median(r) / Stats.median(k));
                        overlaps.put(runnel.id() + "/" + c.id(), Stats.rangesOverlap(r, k));
                    }
                }
                f.put("ratios", ratios);
                f.put("ranges_overlap", overlaps);
                figures.add(f);
            }
            w.put("figures", figures);
            workloadList.add(w);
        }
        root.put("workloads", workloadList);
        List<Object> sessions = new ArrayList<>();
        for (Results.SessionRecord s : results.sessions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", s.workload());
            m.put("contender", s.contender());
            m.put("rep", s.rep());
            m.put("started_at", s.startedAt());
            m.put("seconds", s.seconds());
            m.put("load_before", s.loadBefore());
            m.put("load_after", s.loadAfter());
            m.put("failure", s.failure());
            sessions.add(m);
        }
        root.put("sessions", sessions);
        root.put("notes", new ArrayList<>(results.notes()));
        return root;
    }

    // ---------------------------------------------------------------- chart

    private void chart(Path file) throws IOException {
        List<Chart.Group> throughput = new ArrayList<>();
        List<Chart.Group> latency = new ArrayList<>();
        Map<String, Contender> legend = new LinkedHashMap<>(); // one entry per colour (contender id)
        for (Workload workload : workloads) {
            for (Figure figure : workload.figures()) {
                if (figure.chart() == Chart.Panel.NONE) {
                    continue;
                }
                List<String> ids = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (Contender c : workload.contenders()) {
                    ids.add(c.id());
                    values.add(results.median(figure, c.id()));
                    legend.putIfAbsent(c.id(), c);
                }
                if (values.stream().allMatch(v -> v.isNaN())) {
                    continue;
                }
                Chart.Group group = new Chart.Group(figure.title().trim(), ids, values);
                (figure.chart() == Chart.Panel.THROUGHPUT ? throughput : latency).add(group);
            }
        }
        Chart.write(
                file,
                "Runnel beside Apache Kafka " + run.kafkaVersion() + ", " + run.date() + " ("
                        + machine.facts().get("cores") + " cores, "
                        + machine.facts().get("memory") + ")",
                new ArrayList<>(legend.values()),
                throughput,
                latency);
    }
}
