package io.runnel.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The {@code runnel} command-line verbs other than {@code server}: each verb is a picocli command that talks to a
 * broker through kafka-clients, with the flags of Kafka's own tools so a Kafka user's habits carry over. Errors
 * print one line and return a non-zero exit code; no stack traces.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
public final class Cli {

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, Supplier<Object>> verbs = new TreeMap<>();

    public Cli(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    /** The verbs this command line knows. */
    public Map<String, Supplier<Object>> verbs() {
        return verbs;
    }

    public boolean hasVerb(String verb) {
        return verbs.containsKey(verb);
    }

    /** Runs a verb and returns its exit code. */
    public int run(String verb, String... args) {
        Supplier<Object> command = verbs.get(verb);
        if (command == null) {
            err.println("runnel: unknown command '" + verb + "'");
            return 2;
        }
        CommandLine cl = new CommandLine(command.get());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("Error: " + CliErrors.describe(e));
            return 1;
        });
        return cl.execute(args);
    }

    PrintStream out() {
        return out;
    }

    InputStream in() {
        return in;
    }
}
