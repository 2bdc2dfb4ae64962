package io.runnel.storage;

/**
 * The result of {@link Log#read}: the batches found (possibly none) and the log's offsets at the time of the read,
 * which a Fetch response reports. {@code fetchOffsetMetadata} locates the requested offset, for a delayed fetch to
 * measure how many bytes have accumulated since. Immutable.
 */
public record LogReadInfo(
        LogOffsetMetadata fetchOffsetMetadata,
        FileSlice records,
        long highWatermark,
        long logStartOffset,
        long logEndOffset,
        long lastStableOffset) {}
