package io.runnel.broker.fetch;

import io.runnel.broker.partition.Partition;
import io.runnel.protocol.Errors;
import io.runnel.storage.LogOffsetMetadata;

/**
 * One partition of a fetch in progress: how the client named it, what it asked for, the partition when it is
 * hosted here (else the error to report), and where the last read found the fetch offset. Mutable while the fetch
 * is being served; not thread-safe beyond the delayed fetch's guarded completion.
 */
final class PartitionFetch {

    final SessionPartition key;
    final String topicName;
    final long fetchOffset;
    final int maxBytes;
    final int currentLeaderEpoch;
    final Partition partition;
    final Errors lookupError;
    LogOffsetMetadata fetchOffsetMetadata;

    PartitionFetch(
            SessionPartition key,
            String topicName,
            long fetchOffset,
            int maxBytes,
            int currentLeaderEpoch,
            Partition partition,
            Errors lookupError) {
        this.key = key;
        this.topicName = topicName;
        this.fetchOffset = fetchOffset;
        this.maxBytes = maxBytes;
        this.currentLeaderEpoch = currentLeaderEpoch;
        this.partition = partition;
        this.lookupError = lookupError;
    }
}
