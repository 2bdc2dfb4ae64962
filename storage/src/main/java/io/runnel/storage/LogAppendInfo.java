package io.runnel.storage;

/**
 * The result of an append, what a Produce response reports: the offsets assigned to the first and last record,
 * the largest timestamp and the first offset that carries it, the broker time written into the batches when the
 * log uses LogAppendTime (-1 otherwise), the log start offset, and how many records, batches and bytes were
 * appended. A {@code duplicate} append wrote nothing: it repeated a batch of an idempotent producer, and the
 * offsets are those the original got. Immutable.
 */
public record LogAppendInfo(
        long firstOffset,
        long lastOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        long logAppendTime,
        long logStartOffset,
        int recordCount,
        int batchCount,
        int sizeInBytes,
        boolean duplicate) {}
