package io.runnel.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/runnel server} as a separate process, for tests that need a real process boundary: kill -9, the
 * command line, start-up time. The distribution must already be built ({@code mvn package} does it before the
 * integration tests run); the launcher is told not to build. Output goes to a log file in the data directory's
 * parent.
 *
 * <p>Not thread-safe.
 */
public final class RunnelProcess implements AutoCloseable {

    private final Path home;
    private final Path dataDir;
    private final int port;
    private final List<String> extraArgs;
    private final Path logFile;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Process process;

    public RunnelProcess(Path dataDir, int port, List<String> extraArgs) {
        this.home = runnelHome();
        this.dataDir = dataDir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".server.log");
    }

    /** The repository root: the {@code runnel.home} system property, or the nearest parent with bin/runnel. */
    public static Path runnelHome() {
        String prop = System.getProperty("runnel.home");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isExecutable(p.resolve("bin/runnel"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "cannot find bin/runnel above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** An environment variable for the launcher, e.g. {@code RUNNEL_JVM_OPTS}; applies to the next start. */
    public RunnelProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Starts the server and waits until it serves: its log says it started (the kernel completes connections on
     * the bound port a little before the broker reads them) and it accepts connections.
     */
    public RunnelProcess start(Duration timeout) throws IOException {
        int startsBefore = countStarts();
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/runnel").toString());
        cmd.add("server");
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        cmd.add("--set");
        cmd.add("listeners=PLAINTEXT://127.0.0.1:" + port);
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("RUNNEL_NO_BUILD", "1");
        pb.environment().putIfAbsent("RUNNEL_HEAP_OPTS", "-Xms64m -Xmx512m");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("runnel server exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (countStarts() > startsBefore) {
                    return this;
                }
                throw new IOException("not started yet");
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("runnel server did not accept connections within " + timeout + ":\n" + log());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the clean shutdown; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("runnel server did not stop within " + timeout);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private int countStarts() {
        String log = log();
        int n = 0;
        for (int i = log.indexOf(" started in "); i >= 0; i = log.indexOf(" started in ", i + 1)) {
            n++;
        }
        return n;
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
