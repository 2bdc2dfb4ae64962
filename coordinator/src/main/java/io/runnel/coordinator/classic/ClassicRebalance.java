package io.runnel.coordinator.classic;

import static io.runnel.coordinator.classic.ClassicResponses.currentGenerationResponse;
import static io.runnel.coordinator.classic.ClassicResponses.joinError;
import static io.runnel.coordinator.classic.ClassicResponses.syncError;

import io.runnel.common.time.Time;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.ClassicGroupState;
import io.runnel.coordinator.record.ClassicGroupValue.Member;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.runtime.Deferred;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.coordinator.runtime.TimerQueue;
import io.runnel.protocol.message.JoinGroupResponseData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance of classic groups and every timer that drives it: preparing a rebalance (failing stale syncs), the
 * initial delay of a new group, completing the join phase (dropping dynamic members that did not rejoin, choosing
 * a leader, the next generation, answering the parked JoinGroups), the sync timeout, member sessions and the
 * expiry of member ids handed out with MEMBER_ID_REQUIRED. It also owns each group's {@link ClassicGroupRuntime}
 * (parked requests, pending members), created on demand and forgotten once idle.
 *
 * <p>Invariants: a group's durable state changes only through the records {@link #store} writes, which the shard
 * replays into {@link ClassicGroups}; every parked request is answered exactly once (when its phase completes, or
 * when it is superseded, fenced or its member removed); a timer acts only if the group is still in the state it was
 * armed for. Timer keys embed the group id's length, so that no group and member id pair can collide with another.
 *
 * <p>Not thread-safe: one shard thread, the same as {@link ClassicGroupManager}'s.
 */
final class ClassicRebalance {

    private static final Logger log = LoggerFactory.getLogger(ClassicRebalance.class);

    private final ClassicGroups groups;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final TimerQueue<Operation> timers;
    private final Map<String, ClassicGroupRuntime> runtimes = new HashMap<>();

    ClassicRebalance(ClassicGroups groups, GroupCoordinatorConfig config, Time time, TimerQueue<Operation> timers) {
        this.groups = groups;
        this.config = config;
        this.time = time;
        this.timers = timers;
    }

    /** Arms the expiry of a member id handed out with MEMBER_ID_REQUIRED (KIP-394). */
    void armPendingMember(String groupId, String memberId, int timeoutMs) {
        timers.schedule(
                pendingMemberKey(groupId, memberId),
                timeoutMs,
                timerOp -> expirePendingMember(timerOp, groupId, memberId));
    }

    void cancelPendingMember(String groupId, String memberId) {
        timers.cancel(pendingMemberKey(groupId, memberId));
    }

    /** A new member that never completes its join is dropped after this timeout (KIP-394). */
    void armNewMemberJoinTimeout(String groupId, String memberId) {
        timers.schedule(
                heartbeatKey(groupId, memberId),
                GroupCoordinatorConfig.NEW_MEMBER_JOIN_TIMEOUT_MS,
                timerOp -> expireHeartbeat(timerOp, groupId, memberId));
    }

    void cancelHeartbeat(String groupId, String memberId) {
        timers.cancel(heartbeatKey(groupId, memberId));
    }

    /** Arms the timers the loaded groups need: every member's session, and the phase timeout of a rebalance. */
    void armLoadedTimers() {
        for (ClassicGroup group : groups.all()) {
            String groupId = group.groupId();
            for (Member member : group.members()) {
                rescheduleHeartbeat(groupId, member);
            }
            if (group.isInState(ClassicGroupState.PREPARING_REBALANCE)) {
                timers.schedule(joinKey(groupId), group.rebalanceTimeoutMs(), op -> joinTimedOut(op, groupId));
            } else if (group.isInState(ClassicGroupState.COMPLETING_REBALANCE)) {
                ClassicGroupRuntime runtime = runtime(groupId);
                runtime.pendingSyncMembers.addAll(group.memberIds());
                int generation = group.generationId();
                timers.schedule(
                        syncKey(groupId), group.rebalanceTimeoutMs(), op -> syncTimedOut(op, groupId, generation));
            }
        }
    }

    /** Forgets a deleted group's transient state and cancels its timers. */
    void forget(String groupId) {
        ClassicGroupRuntime runtime = runtimes.remove(groupId);
        if (runtime != null) {
            runtime.pendingMembers.forEach(m -> timers.cancel(pendingMemberKey(groupId, m)));
        }
        timers.cancel(joinKey(groupId));
        timers.cancel(syncKey(groupId));
    }

    /** Forgets all transient state (the shard fails the parked responses and clears the timers itself). */
    void clear() {
        runtimes.clear();
    }

    /** The group's transient state if it has any, else null (never creates one). */
    ClassicGroupRuntime existingRuntime(String groupId) {
        return runtimes.get(groupId);
    }

    ClassicGroup maybePrepareRebalanceOrCompleteJoin(
            Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String reason) {
        switch (group.state()) {
            case STABLE:
            case COMPLETING_REBALANCE:
            case EMPTY:
                return prepareRebalance(op, group, runtime, reason);
            case PREPARING_REBALANCE:
                return maybeCompleteJoinPhase(op, group, runtime);
            default:
                return group;
        }
    }

    ClassicGroup prepareRebalance(Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String reason) {
        String groupId = group.groupId();
        ClassicGroup updated = group;
        if (group.isInState(ClassicGroupState.COMPLETING_REBALANCE)) {
            // The assignment being computed is stale: members waiting for it must rejoin.
            updated = updated.withAssignments(Map.of());
            for (String memberId : List.copyOf(runtime.awaitingSync.keySet())) {
                failSync(op, runtime, memberId, GroupError.REBALANCE_IN_PROGRESS);
                // Its session starts over when its request is answered.
                rescheduleHeartbeat(groupId, updated.member(memberId));
            }
        }
        timers.cancel(syncKey(groupId));
        runtime.pendingSyncMembers.clear();
        boolean initial = group.isInState(ClassicGroupState.EMPTY);
        updated = updated.withState(ClassicGroupState.PREPARING_REBALANCE, time.milliseconds());
        runtime.initialRebalance = initial;
        log.info("Preparing to rebalance group {} in generation {}: {}", groupId, group.generationId(), reason);
        if (initial) {
            // A new group waits group.initial.rebalance.delay.ms for more members, extended while they keep
            // coming, up to the rebalance timeout.
            runtime.newMemberAdded = false;
            int delayMs = config.groupInitialRebalanceDelayMs();
            int remainingMs = Math.max(updated.rebalanceTimeoutMs() - delayMs, 0);
            timers.schedule(
                    joinKey(groupId), delayMs, timerOp -> initialDelayExpired(timerOp, groupId, delayMs, remainingMs));
            return updated;
        }
        if (allMembersJoined(updated, runtime)) {
            return completeJoin(op, updated, runtime);
        }
        timers.schedule(joinKey(groupId), updated.rebalanceTimeoutMs(), timerOp -> joinTimedOut(timerOp, groupId));
        return updated;
    }

    ClassicGroup maybeCompleteJoinPhase(Operation op, ClassicGroup group, ClassicGroupRuntime runtime) {
        if (group.isInState(ClassicGroupState.PREPARING_REBALANCE)
                && allMembersJoined(group, runtime)
                && !runtime.initialRebalance) {
            return completeJoin(op, group, runtime);
        }
        return group;
    }

    private static boolean allMembersJoined(ClassicGroup group, ClassicGroupRuntime runtime) {
        for (String memberId : group.memberIds()) {
            if (!runtime.isAwaitingJoin(memberId)) {
                return false;
            }
        }
        return runtime.pendingMembers.isEmpty();
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are removed, the generation goes up, and every
     * waiting member gets its JoinGroup response (the leader with all members' metadata).
     */
    ClassicGroup completeJoin(Operation op, ClassicGroup group, ClassicGroupRuntime runtime) {
        if (!group.isInState(ClassicGroupState.PREPARING_REBALANCE)) {
            return group;
        }
        String groupId = group.groupId();
        ClassicGroup updated = group;
        for (Member member : group.members()) {
            if (!runtime.isAwaitingJoin(member.memberId()) && member.groupInstanceId() == null) {
                log.info("Removing member {} of group {}: it did not rejoin in time", member.memberId(), groupId);
                updated = forgetMember(op, updated, runtime, member.memberId(), GroupError.UNKNOWN_MEMBER_ID);
            }
        }
        timers.cancel(joinKey(groupId));
        if (!updated.isEmpty()) {
            String leader = updated.leaderId();
            if (leader == null || !runtime.isAwaitingJoin(leader)) {
                String newLeader = null;
                for (String memberId : updated.memberIds()) {
                    if (runtime.isAwaitingJoin(memberId)) {
                        newLeader = memberId;
                        break;
                    }
                }
                if (newLeader == null) {
                    // Only static members that have not rejoined are left: give their sessions time to expire.
                    timers.schedule(
                            joinKey(groupId), updated.rebalanceTimeoutMs(), timerOp -> joinTimedOut(timerOp, groupId));
                    return updated;
                }
                updated = updated.withLeader(newLeader);
            }
        }
        updated = updated.nextGeneration(time.milliseconds());
        runtime.initialRebalance = false;
        runtime.newMemberAdded = false;
        if (updated.isInState(ClassicGroupState.EMPTY)) {
            log.info("Group {} is empty in generation {}", groupId, updated.generationId());
            return updated;
        }
        log.info(
                "Group {} completed its join phase: generation {}, protocol {}, leader {}, {} members",
                groupId,
                updated.generationId(),
                updated.protocolName(),
                updated.leaderId(),
                updated.size());
        for (Map.Entry<String, ClassicGroupRuntime.PendingJoin> entry : List.copyOf(runtime.awaitingJoin.entrySet())) {
            String memberId = entry.getKey();
            ClassicGroupRuntime.PendingJoin pending = entry.getValue();
            runtime.awaitingJoin.remove(memberId);
            runtime.newMembers.remove(memberId);
            op.release(
                    pending.response(),
                    currentGenerationResponse(updated, memberId, pending.version(), updated.isLeader(memberId)));
            rescheduleHeartbeat(groupId, updated.member(memberId));
        }
        runtime.pendingSyncMembers.clear();
        runtime.pendingSyncMembers.addAll(updated.memberIds());
        int generation = updated.generationId();
        timers.schedule(
                syncKey(groupId), updated.rebalanceTimeoutMs(), timerOp -> syncTimedOut(timerOp, groupId, generation));
        return updated;
    }

    private void expireHeartbeat(Operation op, String groupId, String memberId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null || !group.hasMember(memberId)) {
            return;
        }
        ClassicGroupRuntime runtime = runtime(groupId);
        boolean waiting = runtime.isAwaitingJoin(memberId) || runtime.isAwaitingSync(memberId);
        if (waiting && !runtime.newMembers.contains(memberId)) {
            // A parked request is proof of life: the session starts over.
            rescheduleHeartbeat(groupId, group.member(memberId));
            return;
        }
        log.info("Member {} of group {} failed its session timeout; removing it", memberId, groupId);
        store(op, group, removeMemberAndUpdateGroup(op, group, runtime, memberId));
        maybeForgetRuntime(groupId);
    }

    private void expirePendingMember(Operation op, String groupId, String memberId) {
        ClassicGroupRuntime runtime = runtimes.get(groupId);
        if (runtime == null || !runtime.pendingMembers.remove(memberId)) {
            return;
        }
        ClassicGroup group = groups.get(groupId);
        if (group != null) {
            store(op, group, maybeCompleteJoinPhase(op, group, runtime));
        }
        maybeForgetRuntime(groupId);
    }

    private void initialDelayExpired(Operation op, String groupId, int delayMs, int remainingMs) {
        ClassicGroup group = groups.get(groupId);
        if (group == null || !group.isInState(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        ClassicGroupRuntime runtime = runtime(groupId);
        if (runtime.newMemberAdded && remainingMs != 0) {
            runtime.newMemberAdded = false;
            int newDelayMs = Math.min(config.groupInitialRebalanceDelayMs(), remainingMs);
            int newRemainingMs = Math.max(remainingMs - delayMs, 0);
            timers.schedule(
                    joinKey(groupId),
                    newDelayMs,
                    timerOp -> initialDelayExpired(timerOp, groupId, newDelayMs, newRemainingMs));
            return;
        }
        runtime.initialRebalance = false;
        store(op, group, completeJoin(op, group, runtime));
        maybeForgetRuntime(groupId);
    }

    private void joinTimedOut(Operation op, String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return;
        }
        ClassicGroupRuntime runtime = runtime(groupId);
        store(op, group, completeJoin(op, group, runtime));
        maybeForgetRuntime(groupId);
    }

    private void syncTimedOut(Operation op, String groupId, int generation) {
        ClassicGroup group = groups.get(groupId);
        if (group == null || group.generationId() != generation) {
            return;
        }
        ClassicGroupRuntime runtime = runtime(groupId);
        if (runtime.pendingSyncMembers.isEmpty()
                || !(group.isInState(ClassicGroupState.COMPLETING_REBALANCE)
                        || group.isInState(ClassicGroupState.STABLE))) {
            return;
        }
        ClassicGroup updated = group;
        for (String memberId : List.copyOf(runtime.pendingSyncMembers)) {
            log.info(
                    "Member {} of group {} did not sync generation {} in time; removing it",
                    memberId,
                    groupId,
                    generation);
            updated = forgetMember(op, updated, runtime, memberId, GroupError.UNKNOWN_MEMBER_ID);
        }
        runtime.pendingSyncMembers.clear();
        updated = maybePrepareRebalanceOrCompleteJoin(op, updated, runtime, "members did not sync in time");
        store(op, group, updated);
        maybeForgetRuntime(groupId);
    }

    /** Removes a member and moves the group on: a rebalance if it was settled, the join phase if it waited. */
    ClassicGroup removeMemberAndUpdateGroup(
            Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String memberId) {
        ClassicGroup updated = forgetMember(op, group, runtime, memberId, GroupError.UNKNOWN_MEMBER_ID);
        switch (updated.state()) {
            case STABLE:
            case COMPLETING_REBALANCE:
                return prepareRebalance(op, updated, runtime, "member " + memberId + " left");
            case PREPARING_REBALANCE:
                return maybeCompleteJoinPhase(op, updated, runtime);
            default:
                return updated;
        }
    }

    /** Drops a member from the group and answers its parked requests with {@code error}. */
    ClassicGroup forgetMember(
            Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        failJoin(op, runtime, memberId, error);
        failSync(op, runtime, memberId, error);
        timers.cancel(heartbeatKey(group.groupId(), memberId));
        runtime.pendingSyncMembers.remove(memberId);
        runtime.newMembers.remove(memberId);
        return group.withoutMember(memberId);
    }

    void parkJoin(
            Operation op,
            ClassicGroupRuntime runtime,
            String memberId,
            Deferred<JoinGroupResponseData> response,
            short version) {
        ClassicGroupRuntime.PendingJoin previous =
                runtime.awaitingJoin.put(memberId, new ClassicGroupRuntime.PendingJoin(response, version));
        if (previous != null && previous.response() != response) {
            // Superseded by the member's newer request; the older one is answered so it never dangles.
            op.release(previous.response(), joinError(previous.version(), memberId, GroupError.REBALANCE_IN_PROGRESS));
        }
    }

    void failJoin(Operation op, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        ClassicGroupRuntime.PendingJoin pending = runtime.awaitingJoin.remove(memberId);
        if (pending != null) {
            op.release(pending.response(), joinError(pending.version(), memberId, error));
        }
    }

    void failSync(Operation op, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        ClassicGroupRuntime.PendingSync pending = runtime.awaitingSync.remove(memberId);
        if (pending != null) {
            op.release(pending.response(), syncError(error));
        }
    }

    void rescheduleHeartbeat(String groupId, Member member) {
        if (member == null) {
            return;
        }
        String memberId = member.memberId();
        timers.schedule(
                heartbeatKey(groupId, memberId),
                member.sessionTimeoutMs(),
                op -> expireHeartbeat(op, groupId, memberId));
    }

    /** Writes the group's new state if it changed. */
    static void store(Operation op, ClassicGroup before, ClassicGroup after) {
        if (after != before && !after.value().equals(before.value())) {
            op.write(CoordinatorRecord.of(new ClassicGroupKey(after.groupId()), after.value()));
        }
    }

    ClassicGroupRuntime runtime(String groupId) {
        return runtimes.computeIfAbsent(groupId, g -> new ClassicGroupRuntime());
    }

    void maybeForgetRuntime(String groupId) {
        ClassicGroupRuntime runtime = runtimes.get(groupId);
        if (runtime != null && runtime.isIdle() && runtime.pendingSyncMembers.isEmpty() && !runtime.initialRebalance) {
            runtimes.remove(groupId);
        }
    }

    private static String heartbeatKey(String groupId, String memberId) {
        return "classic-heartbeat/" + groupId.length() + "/" + groupId + "/" + memberId;
    }

    private static String pendingMemberKey(String groupId, String memberId) {
        return "classic-pending-member/" + groupId.length() + "/" + groupId + "/" + memberId;
    }

    private static String joinKey(String groupId) {
        return "classic-join/" + groupId;
    }

    private static String syncKey(String groupId) {
        return "classic-sync/" + groupId;
    }
}
