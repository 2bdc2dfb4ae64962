package io.runnel.storage;

import java.util.Objects;

/**
 * A topic name and a partition number: the identity of one partition log. Its directory name is
 * {@code <topic>-<partition>}; topic names may themselves contain '-', so parsing splits at the last one.
 *
 * <p>Immutable.
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    /** The name of this partition's log directory. */
    public String directoryName() {
        return topic + "-" + partition;
    }

    /**
     * Parses a log directory name.
     *
     * @throws IllegalArgumentException when the name is not {@code <topic>-<partition>}
     */
    public static TopicPartition fromDirectoryName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("Not a partition directory name: " + name);
        }
        String partition = name.substring(dash + 1);
        for (int i = 0; i < partition.length(); i++) {
            if (!Character.isDigit(partition.charAt(i))) {
                throw new IllegalArgumentException("Not a partition directory name: " + name);
            }
        }
        try {
            return new TopicPartition(name.substring(0, dash), Integer.parseInt(partition));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a partition directory name: " + name, e);
        }
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return directoryName();
    }
}
