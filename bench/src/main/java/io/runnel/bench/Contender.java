package io.runnel.bench;

import java.util.Map;

/**
 * A broker set-up under test: Apache Kafka or Runnel, with the broker settings that distinguish it (for instance
 * Kafka with {@code log.flush.interval.messages=1}, Runnel in durable mode). Immutable.
 *
 * @param id short identifier used in file names and JSON
 * @param label the column heading in the table
 * @param system which broker
 * @param brokerSettings broker configuration keys added to the defaults
 */
record Contender(String id, String label, BrokerSystem system, Map<String, String> brokerSettings) {

    enum BrokerSystem {
        KAFKA,
        RUNNEL,
        /** A broker someone else runs ({@code --against HOST:PORT}): driven, never started, stopped or configured. */
        EXTERNAL
    }

    static final Contender KAFKA = new Contender("kafka", "Kafka 4.3.0", BrokerSystem.KAFKA, Map.of());
    static final Contender RUNNEL = new Contender("runnel", "Runnel", BrokerSystem.RUNNEL, Map.of());
    /** Kafka as it ships in workload 6: no fsync before the acknowledgement. The row of record there. */
    static final Contender KAFKA_DEFAULT_NO_FSYNC =
            new Contender("kafka", "Kafka 4.3.0, default (no fsync)", BrokerSystem.KAFKA, Map.of());

    static final Contender KAFKA_FLUSH_EACH = new Contender(
            "kafka-flush1", "Kafka, flush.messages=1", BrokerSystem.KAFKA, Map.of("log.flush.interval.messages", "1"));
    static final Contender RUNNEL_DURABLE = new Contender(
            "runnel-durable",
            "Runnel, durable (group-commit fsync)",
            BrokerSystem.RUNNEL,
            Map.of("runnel.acks.all.durable", "true"));

    /** The broker at {@code bootstrap}, run by someone else. */
    static Contender external(String bootstrap) {
        return new Contender("against", "broker at " + bootstrap, BrokerSystem.EXTERNAL, Map.of());
    }

    boolean isRunnel() {
        return system == BrokerSystem.RUNNEL;
    }

    boolean isKafka() {
        return system == BrokerSystem.KAFKA;
    }

    boolean isExternal() {
        return system == BrokerSystem.EXTERNAL;
    }
}
