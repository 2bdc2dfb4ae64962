package io.runnel.coordinator.offset;

import io.runnel.coordinator.record.OffsetCommitValue;
import java.util.Set;

/**
 * When the offsets of one group expire, per Kafka's rules (KIP-211): an offset committed with an explicit retention
 * expires at that time; otherwise it expires {@code offsets.retention.minutes} after its base timestamp. The base
 * is the time an empty classic group became empty, or the commit time for groups without membership and for
 * offsets of topics that a group with members no longer subscribes to. Offsets of subscribed topics never expire.
 *
 * @param emptySinceMs the time the group became empty, or -1 to use each offset's commit time
 * @param protectedTopics topics whose offsets do not expire (the group subscribes to them)
 */
public record OffsetExpirationCondition(long emptySinceMs, Set<String> protectedTopics) {

    /** Every offset may expire, based on its commit time. */
    public static final OffsetExpirationCondition BY_COMMIT_TIME = new OffsetExpirationCondition(-1, Set.of());

    /** Nothing expires (a classic group whose subscriptions are unknown while it has members). */
    public static final OffsetExpirationCondition NEVER = new OffsetExpirationCondition(Long.MAX_VALUE, null);

    public OffsetExpirationCondition {
        protectedTopics = protectedTopics == null ? null : Set.copyOf(protectedTopics);
    }

    public boolean isExpired(String topic, OffsetCommitValue offset, long nowMs, long retentionMs) {
        if (protectedTopics == null || protectedTopics.contains(topic)) {
            return false;
        }
        if (offset.expireTimestampMs() >= 0) {
            return nowMs >= offset.expireTimestampMs();
        }
        long base = emptySinceMs >= 0 ? emptySinceMs : offset.commitTimestampMs();
        return nowMs - base >= retentionMs;
    }
}
