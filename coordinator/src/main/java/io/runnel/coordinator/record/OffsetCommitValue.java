package io.runnel.coordinator.record;

/**
 * A committed offset.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, or -1
 * @param metadata the client's metadata string, kept verbatim (may be null)
 * @param commitTimestampMs wall clock time of the commit
 * @param expireTimestampMs the explicit expiry asked for by OffsetCommit v2-v4 ({@code retention_time_ms}), or -1
 *     when the broker's retention rule applies
 */
public record OffsetCommitValue(
        long offset, int leaderEpoch, String metadata, long commitTimestampMs, long expireTimestampMs)
        implements RecordValue {}
