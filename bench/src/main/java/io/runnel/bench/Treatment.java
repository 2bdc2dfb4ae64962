package io.runnel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What both brokers get alike, chosen for the whole run and stated in the results: whether the broker and the clients
 * are pinned to separate cores ({@code --pinned}), and whether both brokers start with an application class-data
 * sharing archive of their own start-up classes or neither does ({@code --cds both|neither}). Immutable.
 *
 * @param pinned broker on CPU {@value #BROKER_CPU}, every client JVM on CPU {@value #CLIENT_CPU} ({@code taskset})
 * @param cds whether both brokers map a start-up class archive, or neither (both then get only the JDK's own)
 */
record Treatment(boolean pinned, Cds cds) {

    static final String BROKER_CPU = "0";
    static final String CLIENT_CPU = "1";

    enum Cds {
        /** Runnel maps the archive {@code bin/runnel prepare} records; Kafka one the harness records the same way. */
        BOTH,
        /** Neither maps an archive of its own classes; both use the JDK's default archive of JDK classes. */
        NEITHER;

        static Cds parse(String value) {
            return switch (value) {
                case "both" -> BOTH;
                case "neither", "none" -> NEITHER;
                default -> throw new IllegalArgumentException("--cds takes both or neither, got " + value);
            };
        }
    }

    /**
     * Checks that the machine can give this treatment: pinning needs {@code taskset} (util-linux) and at least two
     * CPUs this process may run on. Throws with what is missing.
     */
    void check(int cpus) {
        if (!pinned) {
            return;
        }
        if (findTaskset() == null) {
            throw new IllegalStateException(
                    "--pinned needs taskset (util-linux, e.g. apt-get install util-linux), which is not on the PATH");
        }
        if (cpus < 2) {
            throw new IllegalStateException(
                    "--pinned needs two CPUs (broker on one, clients on the other), this" + " process may use " + cpus);
        }
    }

    /** The command prefix that starts a broker: {@code taskset -c 0} when pinned. */
    List<String> brokerLauncher() {
        return pinned ? List.of("taskset", "-c", BROKER_CPU) : List.of();
    }

    /** The command prefix that starts a client JVM: {@code taskset -c 1} when pinned. */
    List<String> clientLauncher() {
        return pinned ? List.of("taskset", "-c", CLIENT_CPU) : List.of();
    }

    /** One line for the results' conditions. */
    String describe() {
        String cpu = pinned
                ? "pinned: the broker on CPU " + BROKER_CPU + ", every client JVM on CPU " + CLIENT_CPU
                        + " (taskset), so a throughput figure is what one core of broker does"
                : "not pinned: broker and clients share all cores";
        String archive = cds == Cds.BOTH
                ? "both brokers map an application class-data sharing archive of their start-up classes (Runnel's"
                        + " from bin/runnel prepare, Kafka's recorded by the harness in a training start)"
                : "neither broker maps an archive of its own classes (both only the JDK's default CDS archive)";
        return cpu + "; class data sharing: " + archive;
    }

    private static Path findTaskset() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
