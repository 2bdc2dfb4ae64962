package io.runnel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A broker process started by {@link Brokers}, Kafka or Runnel, serving on {@link #bootstrap()}. Reads its resident
 * memory from {@code /proc/<pid>/status}. Not thread-safe.
 */
final class Broker {

    private final Contender contender;
    private final Process process;
    private final String bootstrap;
    private final Path log;
    private final double startupMillis;
    private final ChildProcesses processes;

    Broker(
            Contender contender,
            Process process,
            String bootstrap,
            Path log,
            double startupMillis,
            ChildProcesses processes) {
        this.contender = contender;
        this.process = process;
        this.bootstrap = bootstrap;
        this.log = log;
        this.startupMillis = startupMillis;
        this.processes = processes;
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
        return process.isAlive();
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
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + process.pid() + "/status");
    }

    /** SIGTERM and wait for the clean shutdown (SIGKILL after 60 s). Returns the seconds the shutdown took. */
    double stop() {
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
