package io.runnel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A broker process started by {@link Brokers}, Kafka or Runnel, serving on {@link #bootstrap()}, or one someone else
 * runs ({@code --against}: no process of ours, so no memory, CPU or start-up figures). Reads its resident memory from
 * {@code /proc/<pid>/status} and its CPU time from {@code /proc/<pid>/stat}. Not thread-safe.
 */
final class Broker {

    private final Contender contender;
    private final Process process;
    private final String bootstrap;
    private final Path log;
    private final double startupMillis;
    private final ChildProcesses processes;
    private final ProcessCpu cpu;

    Broker(
            Contender contender,
            Process process,
            String bootstrap,
            Path log,
            double startupMillis,
            ChildProcesses processes,
            ProcessCpu cpu) {
        this.contender = contender;
        this.process = process;
        this.bootstrap = bootstrap;
        this.log = log;
        this.startupMillis = startupMillis;
        this.processes = processes;
        this.cpu = cpu;
    }

    /** An already running broker at {@code bootstrap}, which this harness neither started nor stops. */
    static Broker external(Contender contender, String bootstrap) {
        return new Broker(contender, null, bootstrap, null, Double.NaN, null, null);
    }

    Contender contender() {
        return contender;
    }

    String bootstrap() {
        return bootstrap;
    }

    Path log() {
        return log;
    }

    /** Milliseconds from spawning the process to the first acknowledged produce. */
    double startupMillis() {
        return startupMillis;
    }

    boolean alive() {
        return process == null || process.isAlive();
    }

    /**
     * User plus system CPU seconds the broker process has used so far; NaN for a broker that is not ours. The
     * difference of two readings is the broker's CPU over the interval between them.
     */
    double cpuSeconds() {
        return process == null ? Double.NaN : cpu.secondsUsed(process.toHandle());
    }

    /** Resident set size now, in MiB. */
    double residentMiB() throws IOException {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** The peak resident set size since the process started, in MiB. */
    double peakResidentMiB() throws IOException {
        return statusKb("VmHWM:") / 1024.0;
    }

    private long statusKb(String field) throws IOException {
        if (process == null) {
            throw new IOException("the memory of a broker this harness did not start is not measured");
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + process.pid() + "/status");
    }

    /** SIGTERM and wait for the clean shutdown (SIGKILL after 60 s). Returns the seconds the shutdown took. */
    double stop() {
        if (process == null) {
            return Double.NaN;
        }
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        processes.exited(process);
        return (System.nanoTime() - start) / 1e9;
    }
}
