package io.runnel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts client JVMs, Kafka 4.3.0's own tools from kafka-tools and the harness's probes, with one JVM command line
 * for all of them (the heap and flags of Kafka's {@code kafka-producer-perf-test.sh}) and one set of client settings
 * per workload, whichever broker they talk to. Output goes to a log file per run, which is parsed after the run.
 *
 * <p>Not thread-safe; {@link #startAsync} lets a caller run several clients at once.
 */
final class Clients {

    /** The client JVM: Kafka's perf-test scripts use a 512 MB heap and kafka-run-class.sh's performance flags. */
    static final List<String> CLIENT_JVM = List.of(
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true",
            "-Duser.language=en",
            "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final String java;
    private final String classpath;
    private final ChildProcesses processes;
    private final List<String> launcher;

    /** @param launcher the command prefix of every client JVM, e.g. {@code taskset -c 1} when pinned; may be empty */
    Clients(String java, String classpath, ChildProcesses processes, List<String> launcher) {
        this.java = java;
        this.classpath = classpath;
        this.processes = processes;
        this.launcher = List.copyOf(launcher);
    }

    /** Runs a main class to completion, or kills it at the time limit. */
    ToolRun run(Path logDir, String name, String mainClass, List<String> args, Duration limit) throws IOException {
        return startAsync(logDir, name, mainClass, args).await(limit);
    }

    Running startAsync(Path logDir, String name, String mainClass, List<String> args) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> command = command(mainClass, args);
        Files.writeString(log, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Running(name, log, processes.start(builder), System.nanoTime());
    }

    /** A client started with piped stdin/stdout, for the start-up probe's handshake. */
    Process startInteractive(String mainClass, List<String> args, Path stderrLog) throws IOException {
        Files.createDirectories(stderrLog.getParent());
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, args))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        return processes.start(builder);
    }

    void exited(Process process) {
        processes.exited(process);
    }

    private List<String> command(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(launcher);
        command.add(java);
        command.addAll(CLIENT_JVM);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Writes client properties to a file, for the tools' {@code --command-config}. */
    static Path propertiesFile(Path dir, String name, Map<String, String> props) throws IOException {
        Files.createDirectories(dir);
        StringBuilder text = new StringBuilder();
        new TreeMap<>(props)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** A client run in progress. */
    final class Running {
        private final String name;
        private final Path log;
        private final Process process;
        private final long started;

        private Running(String name, Path log, Process process, long started) {
            this.name = name;
            this.log = log;
            this.process = process;
            this.started = started;
        }

        ToolRun await(Duration limit) throws IOException {
            boolean timedOut = false;
            try {
                long remaining = limit.toNanos() - (System.nanoTime() - started);
                if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                timedOut = true;
            }
            processes.exited(process);
            double seconds = (System.nanoTime() - started) / 1e9;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new ToolRun(name, timedOut ? -1 : process.exitValue(), timedOut, output, seconds);
        }
    }
}
