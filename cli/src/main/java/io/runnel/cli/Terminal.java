package io.runnel.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams one verb invocation reads and writes: records and reports go to {@code out}, diagnostics
 * and the one-line errors to {@code err}, and the console producer reads {@code in}. {@link #interactive()} is true
 * only when {@code in} is the process's own standard input attached to a terminal (the producer then prompts).
 *
 * <p>Immutable; the streams themselves are shared with the caller.
 */
record Terminal(PrintStream out, PrintStream err, InputStream in) {

    boolean interactive() {
        return in == System.in && System.console() != null;
    }
}
