package io.runnel.cli;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link LogOffsets} answered by the broker through the Admin client's ListOffsets. A partition whose offset the
 * broker would not give (no leader, deleted topic) is left out of the result; an unreachable broker fails the call.
 *
 * <p>Not thread-safe (the connection is not).
 */
final class AdminLogOffsets implements LogOffsets {

    private final AdminConnection connection;

    AdminLogOffsets(AdminConnection connection) {
        this.connection = connection;
    }

    @Override
    public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
        return list(partitions, OffsetSpec::earliest);
    }

    @Override
    public Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions) {
        return list(partitions, OffsetSpec::latest);
    }

    @Override
    public Map<TopicPartition, Long> forTimestamp(Collection<TopicPartition> partitions, long timestamp) {
        return list(partitions, () -> OffsetSpec.forTimestamp(timestamp));
    }

    private Map<TopicPartition, Long> list(Collection<TopicPartition> partitions, Supplier<OffsetSpec> spec) {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (partitions.isEmpty()) {
            return result;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec.get()));
        ListOffsetsResult answer = connection.admin().listOffsets(request);
        for (TopicPartition tp : partitions) {
            try {
                result.put(tp, answer.partitionResult(tp).get().offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("Interrupted");
            } catch (ExecutionException e) {
                RuntimeException translated = connection.translate(e.getCause() == null ? e : e.getCause());
                if (translated instanceof CommandFailedException) {
                    throw translated; // the broker could not be reached at all
                }
                // The broker had no answer for this partition: leave it out.
            }
        }
        return result;
    }
}
