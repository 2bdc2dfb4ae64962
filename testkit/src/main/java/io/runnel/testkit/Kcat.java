package io.runnel.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs kcat (librdkafka's command-line client, Debian package {@code kcat}, installed by {@code .ci/run}) as a
 * separate process. Every run is bounded in time.
 */
public final class Kcat {

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final String executable;

    private Kcat(String executable) {
        this.executable = executable;
    }

    /**
     * Finds kcat on PATH. When it is missing the calling test fails under {@code CI=true} and is skipped
     * otherwise, naming the package to install ({@link RequiredTool}); tests never install it themselves.
     */
    public static Kcat require() {
        return new Kcat(RequiredTool.executable("kcat", "kcat"));
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
