package io.runnel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the raw output of every session with the results: the run's log directory ({@code work/runs/<time>/}: each
 * broker's log, each tool's full output and the properties it was given) as one gzip-compressed tar file beside the
 * report, so that any figure in the table can be re-read from what the tool printed. Stateless.
 */
final class RawOutput {

    private RawOutput() {}

    /** Writes {@code target} ({@code .tar.gz}) holding {@code runDir} under its own name. */
    static void archive(Path runDir, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Process tar = new ProcessBuilder(List.of(
                        "tar",
                        "-czf",
                        partial.toString(),
                        "-C",
                        runDir.getParent().toString(),
                        runDir.getFileName().toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                Files.deleteIfExists(partial);
                throw new IOException("could not archive the raw output of " + runDir + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tar.destroyForcibly();
            Files.deleteIfExists(partial);
            throw new IOException("interrupted while archiving the raw output of " + runDir, e);
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
