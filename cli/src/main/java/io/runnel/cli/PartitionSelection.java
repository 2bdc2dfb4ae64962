package io.runnel.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code --topic} arguments of {@code consumer-groups --reset-offsets} and {@code --delete-offsets}, as Kafka
 * reads them: {@code orders} means every partition of the topic, {@code orders:0,2} partitions 0 and 2 only; the
 * flag may be repeated.
 *
 * <p>Immutable.
 */
record PartitionSelection(Set<String> wholeTopics, List<TopicPartition> partitions) {

    static PartitionSelection parse(List<String> args) {
        Set<String> whole = new LinkedHashSet<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String arg : args) {
            if (!arg.contains(":")) {
                whole.add(arg);
                continue;
            }
            String[] parts = arg.split(":");
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new UsageException("Invalid topic arg '" + arg + "', expected topic name and partitions");
            }
            for (String p : parts[1].split(",")) {
                try {
                    partitions.add(new TopicPartition(parts[0], Integer.parseInt(p.trim())));
                } catch (NumberFormatException e) {
                    throw new UsageException("Invalid partition '" + p + "' specified in topic arg '" + arg + "'");
                }
            }
        }
        return new PartitionSelection(Set.copyOf(whole), List.copyOf(partitions));
    }
}
