package io.runnel.server;

import io.runnel.cli.Cli;
import io.runnel.connect.ConnectStandalone;
import java.util.Arrays;

/**
 * The one {@code main()} of Runnel: {@code runnel server …} runs the server, any other verb runs the command-line
 * tool of that name.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String verb = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (verb.equals("server")) {
            System.exit(RunnelServer.run(rest));
        }
        if (verb.equals("connect-standalone")) {
            // A worker logs its lifecycle at INFO; the Kafka clients inside it only their warnings.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
            System.exit(ConnectStandalone.run(rest, System.err));
        }
        // Tools log only warnings; the server logs its lifecycle at INFO. The Kafka clients inside a tool do not log:
        // their warnings and errors (each failed connection attempt, stack traces) would bury the tool's own
        // one-line error, which says what went wrong.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "off");
        Cli cli = new Cli(System.out, System.err, System.in);
        if (!cli.hasVerb(verb)) {
            System.err.println("runnel: unknown command '" + verb + "'");
            usage();
            System.exit(2);
        }
        System.exit(cli.run(verb, rest));
    }

    private static void usage() {
        Cli cli = new Cli(System.out, System.err, System.in);
        System.err.println("usage: runnel <command> [options]");
        System.err.println();
        System.err.println("  server              run a Runnel server (runnel server --help)");
        System.err.println("  connect-standalone  run a standalone Connect worker: worker.properties connector... ");
        for (String verb : cli.verbs().keySet()) {
            System.err.printf("  %-19s (runnel %s --help)%n", verb, verb);
        }
    }
}
