package io.runnel.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs kcat (librdkafka's command-line client, Debian package {@code kcat}) as a separate process, installing it
 * with apt-get when it is missing and the test runs as root. Every run is bounded in time.
 */
public final class Kcat {

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final String executable;

    private Kcat(String executable) {
        this.executable = executable;
    }

    /** Finds kcat, installing it if needed; fails with a clear message when that is impossible. */
    public static Kcat ensureInstalled() {
        String found = which();
        if (found == null) {
            try {
                exec(List.of("apt-get", "update", "-qq"), null, 300);
                exec(List.of("apt-get", "install", "-y", "-qq", "kcat"), null, 300);
            } catch (IOException e) {
                // Reported below.
            }
            found = which();
        }
        if (found == null) {
            throw new IllegalStateException(
                    "kcat is not installed and could not be installed with apt-get; install the Debian package"
                            + " 'kcat' (apt-get install kcat)");
        }
        return new Kcat(found);
    }

    private static String which() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, "kcat");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    /** Runs kcat with {@code args}, feeding {@code stdin} (may be null), for at most {@code timeoutSeconds}. */
    public Result run(List<String> args, String stdin, long timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(args);
        return exec(cmd, stdin, timeoutSeconds);
    }

    static Result exec(List<String> cmd, String stdin, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        File out = File.createTempFile("kcat-out", ".txt");
        File err = File.createTempFile("kcat-err", ".txt");
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", cmd) + "' did not finish within " + timeoutSeconds + " s");
            }
            return new Result(
                    p.exitValue(),
                    java.nio.file.Files.readString(out.toPath()),
                    java.nio.file.Files.readString(err.toPath()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            out.delete();
            err.delete();
        }
    }
}
