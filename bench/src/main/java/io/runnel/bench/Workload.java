package io.runnel.bench;

import java.util.List;

/**
 * One of the benchmark's workloads (bench/README.md describes each): its contenders, the figures it measures, and
 * what it does against one started broker. The harness runs it once per contender per repetition, alternating the
 * contenders ({@link SessionOrder}: the order flipped on every repetition), each time against a freshly started broker
 * with an empty data directory (or against the broker of {@code --against}).
 */
interface Workload {

    /** The name {@code --only} selects it by. */
    String name();

    /** The heading in the results. */
    String title();

    /** The brokers compared: one or more Kafka set-ups, then exactly one Runnel set-up. */
    List<Contender> contenders();

    List<Figure> figures();

    /** Runs the workload against the session's broker, recording a sample (or failure) of each figure. */
    void run(Session session) throws Exception;
}
