package io.runnel.coordinator.classic;

import io.runnel.coordinator.runtime.Deferred;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a classic group's rebalance needs beyond its durable state, and which no record carries because it means
 * nothing after a restart: the JoinGroup and SyncGroup requests parked until the rebalance moves on, the member ids
 * handed out by MEMBER_ID_REQUIRED but not yet used, the members that have not synced the current generation, and
 * whether the current rebalance is a new group's first (delayed by {@code group.initial.rebalance.delay.ms}). On
 * load it starts empty; clients whose requests were parked on the previous coordinator retry on this one.
 *
 * <p>Not thread-safe: one shard thread.
 */
final class ClassicGroupRuntime {

    /** A parked JoinGroup: its response and the version to answer at. */
    record PendingJoin(Deferred<JoinGroupResponseData> response, short version) {}

    /** A parked SyncGroup. */
    record PendingSync(Deferred<SyncGroupResponseData> response, short version) {}

    final Map<String, PendingJoin> awaitingJoin = new LinkedHashMap<>();
    final Map<String, PendingSync> awaitingSync = new LinkedHashMap<>();
    /** Member ids returned with MEMBER_ID_REQUIRED, valid until their session timeout. */
    final Set<String> pendingMembers = new HashSet<>();
    /** Members of the current generation that have not sent SyncGroup yet. */
    final Set<String> pendingSyncMembers = new HashSet<>();
    /** Members added during the current rebalance; they may be removed while still waiting to join. */
    final Set<String> newMembers = new HashSet<>();
    /** Whether the current rebalance started from Empty (then the join phase waits for its delay timer). */
    boolean initialRebalance;
    /** Whether a member was added since the initial delay was last (re)armed. */
    boolean newMemberAdded;

    boolean isAwaitingJoin(String memberId) {
        return awaitingJoin.containsKey(memberId);
    }

    boolean isAwaitingSync(String memberId) {
        return awaitingSync.containsKey(memberId);
    }

    boolean isIdle() {
        return awaitingJoin.isEmpty() && awaitingSync.isEmpty() && pendingMembers.isEmpty();
    }
}
