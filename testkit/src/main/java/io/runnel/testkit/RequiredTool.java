package io.runnel.testkit;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs from the machine rather than from Maven (kcat, Debian's Python with
 * {@code confluent-kafka}). Tests never install anything: CI installs these in {@code .ci/run} before
 * {@code mvn -B verify}. When one is missing, the test fails if the environment variable {@code CI} is
 * {@code true} (CI must never skip silently) and is otherwise skipped with a message naming the Debian package to
 * install. Stateless; safe from any thread.
 */
public final class RequiredTool {

    private RequiredTool() {}

    /** The absolute path of {@code executable} on {@code PATH}; fails or skips (see the class comment) when absent. */
    public static String executable(String executable, String debianPackage) {
        return executable(executable, debianPackage, System.getenv());
    }

    static String executable(String executable, String debianPackage, Map<String, String> env) {
        String found = onPath(executable, env);
        if (found == null) {
            missing("'" + executable + "' is not on PATH", debianPackage, env);
        }
        return found;
    }

    /**
     * {@code python} (an absolute path: Debian's packages install into /usr/bin/python3's dist-packages, which a
     * pyenv {@code python3} on PATH does not see) when it can import {@code module}; fails or skips otherwise.
     */
    public static String pythonWithModule(String python, String module, String debianPackage) {
        Map<String, String> env = System.getenv();
        if (!new File(python).canExecute()) {
            missing(python + " does not exist", debianPackage, env);
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                missing(python + " did not answer within 60 s", debianPackage, env);
            }
            if (p.exitValue() != 0) {
                missing(python + " cannot import " + module, debianPackage, env);
            }
        } catch (IOException e) {
            missing(python + " could not be run (" + e.getMessage() + ")", debianPackage, env);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + python, e);
        }
        return python;
    }

    static String onPath(String executable, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, executable);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static void missing(String what, String debianPackage, Map<String, String> env) {
        String message = what + ": install the Debian package '" + debianPackage
                + "' (apt-get install --no-install-recommends " + debianPackage + "; .ci/run does this in CI)";
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new IllegalStateException(message + " [CI=true, so this fails instead of skipping]");
        }
        Assumptions.abort(message);
    }
}
