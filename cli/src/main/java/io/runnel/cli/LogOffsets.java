package io.runnel.cli;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the logs of some partitions start and end, and which offset a timestamp falls on: what {@link
 * OffsetResetPlanner} needs from a broker. A partition is missing from a result when the broker could not tell.
 */
interface LogOffsets {

    Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions);

    Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions);

    /**
     * The offset of the first record whose timestamp is at least {@code timestamp}; -1 when no record is that
     * recent.
     */
    Map<TopicPartition, Long> forTimestamp(Collection<TopicPartition> partitions, long timestamp);
}
