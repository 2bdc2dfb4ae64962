package io.runnel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts (brokers, Kafka's tools, probes), so that none outlives it: {@link #killAll()}
 * runs from a shutdown hook, and each live process also has a file named by its pid in {@code pidDir}, which
 * bench/run.sh's exit trap kills should the harness itself be killed.
 *
 * <p>Thread-safe (synchronized).
 */
final class ChildProcesses {

    private final Path pidDir;
    private final List<Process> live = new ArrayList<>();

    ChildProcesses(Path pidDir) {
        this.pidDir = pidDir;
        try {
            Files.createDirectories(pidDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        live.add(process);
        Files.writeString(pidDir.resolve(Long.toString(process.pid())), String.join(" ", builder.command()));
        return process;
    }

    /** Forgets a process that has exited. */
    synchronized void exited(Process process) {
        live.remove(process);
        try {
            Files.deleteIfExists(pidDir.resolve(Long.toString(process.pid())));
        } catch (IOException e) {
            // Only bookkeeping for the exit trap; it checks the pid is alive before killing it.
        }
    }

    /** Terminates (SIGTERM, then SIGKILL after five seconds) every process still running, and its descendants. */
    synchronized void killAll() {
        for (Process process : List.copyOf(live)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : List.copyOf(live)) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exited(process);
        }
    }
}
