package io.runnel.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/runnel <verb>} tool ({@code topics}, {@code console-producer}, …) running as a child process, the way
 * a user runs it: the distribution the build packaged (with {@code RUNNEL_NO_BUILD=1}, so it never invokes Maven),
 * standard output and error captured in separate files under a directory the test owns, standard input a pipe the
 * test writes to. The repository is found through the {@code runnel.home} system property that failsafe sets.
 * {@link #close()} kills the process if it is still running, so a failing test leaves nothing behind. (The server
 * itself runs as a {@link RunnelProcess}.)
 *
 * <p>Not thread-safe: one test drives one process.
 */
public final class RunnelToolProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final OutputStream stdin;
    private final String description;

    private RunnelToolProcess(Process process, Path stdout, Path stderr, String description) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = process.getOutputStream();
        this.description = description;
    }

    /** The repository root ({@link RunnelProcess#runnelHome()}), checked to hold a packaged distribution. */
    public static Path home() {
        Path root = RunnelProcess.runnelHome();
        if (!Files.isRegularFile(root.resolve("server/target/runnel-server.jar"))) {
            throw new IllegalStateException("server/target/runnel-server.jar is missing: package the server first");
        }
        return root;
    }

    /** Starts {@code bin/runnel args…}; its output goes to files named after {@code name} in {@code dir}. */
    public static RunnelToolProcess start(Path dir, String name, List<String> args) {
        Path home = home();
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/runnel").toString());
        command.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("RUNNEL_NO_BUILD", "1");
        env.putIfAbsent("RUNNEL_HEAP_OPTS", "-Xms64m -Xmx512m");
        try {
            return new RunnelToolProcess(pb.start(), out, err, String.join(" ", command));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Runs {@code bin/runnel args…} with {@code input} on standard input and waits for it to exit. */
    public static RunnelToolProcess run(Path dir, String name, Duration timeout, String input, List<String> args) {
        RunnelToolProcess p = start(dir, name, args);
        p.write(input);
        p.closeInput();
        p.waitFor(timeout);
        return p;
    }

    public void write(String text) {
        try {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to " + description, e);
        }
    }

    /** End of input, as Ctrl-D at a terminal. */
    public void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // The process may have exited already; nothing more to send either way.
        }
    }

    /** What the process has written to standard output so far. */
    public String out() {
        return read(stdout);
    }

    /** What the process has written to standard error so far. */
    public String err() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to exit and returns its exit code; fails the test if it does not within {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "still running after " + timeout + ": " + description + "\n" + out() + "\n" + err());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + description);
        }
        return process.exitValue();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM: what Ctrl-C or a service manager does; shutdown hooks run. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hooks, no flushing. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        closeInput();
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return description + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- out ---\n" + out() + "--- err ---\n" + err();
    }
}
