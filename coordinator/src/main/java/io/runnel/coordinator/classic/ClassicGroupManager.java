package io.runnel.coordinator.classic;

import io.runnel.common.time.Time;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.RequestContext;
import io.runnel.coordinator.offset.OffsetExpirationCondition;
import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.ClassicGroupState;
import io.runnel.coordinator.record.ClassicGroupValue;
import io.runnel.coordinator.record.ClassicGroupValue.Member;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.runtime.Deferred;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.coordinator.runtime.TimerQueue;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.HeartbeatRequestData;
import io.runnel.protocol.message.HeartbeatResponseData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import io.runnel.protocol.message.SyncGroupRequestData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup, the session, rebalance, sync and
 * initial-delay timeouts, and static membership.
 *
 * <p>A rebalance goes Stable (or Empty) → PreparingRebalance, where every member must send JoinGroup; when all have
 * (or the rebalance timeout passes, dropping dynamic members that did not), the generation goes up, a protocol is
 * chosen, the leader receives every member's metadata, and the group is CompletingRebalance; the leader's SyncGroup
 * carries the assignment, which every member receives, and the group is Stable. Every change of membership or state
 * is written as a {@link ClassicGroupValue} and applied by replay; what the records cannot carry (parked requests,
 * pending member ids, who has synced) lives in a {@link ClassicGroupRuntime} per group.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ClassicGroupManager {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroupManager.class);

    private final ClassicGroups groups;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final TimerQueue<Operation> timers;
    private final Map<String, ClassicGroupRuntime> runtimes = new HashMap<>();

    public ClassicGroupManager(
            ClassicGroups groups, GroupCoordinatorConfig config, Time time, TimerQueue<Operation> timers) {
        this.groups = groups;
        this.config = config;
        this.time = time;
        this.timers = timers;
    }

    // ---------------------------------------------------------------------------------------------- JoinGroup

    /** Handles a JoinGroup; the response may be parked until the rebalance's join phase completes. */
    public void join(
            Operation op, RequestContext ctx, JoinGroupRequestData request, Deferred<JoinGroupResponseData> response) {
        short version = ctx.apiVersion();
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            op.release(response, joinError(version, memberId, GroupError.INVALID_GROUP_ID));
            return;
        }
        if (request.sessionTimeoutMs() < config.groupMinSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.groupMaxSessionTimeoutMs()) {
            op.release(response, joinError(version, memberId, GroupError.INVALID_SESSION_TIMEOUT));
            return;
        }
        boolean unknownMember = memberId.isEmpty();
        ClassicGroupRuntime runtime = runtimes.get(groupId);
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            boolean pendingMember = runtime != null && runtime.pendingMembers.contains(memberId);
            if (!unknownMember && !pendingMember) {
                op.release(response, joinError(version, memberId, GroupError.UNKNOWN_MEMBER_ID));
                return;
            }
            group = ClassicGroup.empty(groupId, time.milliseconds());
        }
        runtime = runtime(groupId);
        if (!acceptJoiningMember(group, runtime, memberId)) {
            op.release(response, joinError(version, memberId, GroupError.GROUP_MAX_SIZE_REACHED));
            return;
        }
        Set<String> protocolNames = new LinkedHashSet<>();
        request.protocols().forEach(p -> protocolNames.add(p.name()));
        if (!group.supportsProtocols(request.protocolType(), protocolNames)) {
            op.release(response, joinError(version, memberId, GroupError.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        ClassicGroup updated = unknownMember
                ? joinUnknownMember(op, ctx, request, group, runtime, response)
                : joinKnownMember(op, ctx, request, group, runtime, response);
        store(op, group, updated);
        maybeForgetRuntime(groupId);
    }

    private ClassicGroup joinUnknownMember(
            Operation op,
            RequestContext ctx,
            JoinGroupRequestData request,
            ClassicGroup group,
            ClassicGroupRuntime runtime,
            Deferred<JoinGroupResponseData> response) {
        String instanceId = request.groupInstanceId();
        String newMemberId = (instanceId != null ? instanceId : ctx.clientId()) + "-" + UUID.randomUUID();
        if (instanceId != null) {
            if (group.staticMemberId(instanceId) != null) {
                return replaceStaticMember(op, ctx, request, group, runtime, newMemberId, response);
            }
            return addMemberAndRebalance(op, ctx, request, group, runtime, newMemberId, response);
        }
        if (ctx.apiVersion() >= 4) {
            // KIP-394: the member must come back with this id, so that a client that never hears back does not
            // leave a ghost member behind.
            runtime.pendingMembers.add(newMemberId);
            String groupId = group.groupId();
            timers.schedule(
                    pendingMemberKey(groupId, newMemberId),
                    request.sessionTimeoutMs(),
                    timerOp -> expirePendingMember(timerOp, groupId, newMemberId));
            op.release(response, joinError(ctx.apiVersion(), newMemberId, GroupError.MEMBER_ID_REQUIRED));
            return group;
        }
        return addMemberAndRebalance(op, ctx, request, group, runtime, newMemberId, response);
    }

    private ClassicGroup joinKnownMember(
            Operation op,
            RequestContext ctx,
            JoinGroupRequestData request,
            ClassicGroup group,
            ClassicGroupRuntime runtime,
            Deferred<JoinGroupResponseData> response) {
        short version = ctx.apiVersion();
        String memberId = request.memberId();
        if (runtime.pendingMembers.contains(memberId)) {
            return addMemberAndRebalance(op, ctx, request, group, runtime, memberId, response);
        }
        GroupError memberError = validateMember(group, memberId, request.groupInstanceId());
        if (memberError != GroupError.NONE) {
            op.release(response, joinError(version, memberId, memberError));
            return group;
        }
        Member member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return updateMemberAndRebalance(op, version, request, group, runtime, member, response);
            case COMPLETING_REBALANCE:
                if (sameProtocols(member, request)) {
                    // The member lost the join response: send it again.
                    rescheduleHeartbeat(group.groupId(), member);
                    op.release(response, currentGenerationResponse(group, memberId, version, group.isLeader(memberId)));
                    return group;
                }
                return updateMemberAndRebalance(op, version, request, group, runtime, member, response);
            case STABLE:
                if (group.isLeader(memberId) || !sameProtocols(member, request)) {
                    // The leader rejoins to pick up metadata changes, a follower to change its subscription.
                    return updateMemberAndRebalance(op, version, request, group, runtime, member, response);
                }
                rescheduleHeartbeat(group.groupId(), member);
                op.release(response, currentGenerationResponse(group, memberId, version, false));
                return group;
            default:
                op.release(response, joinError(version, memberId, GroupError.UNKNOWN_MEMBER_ID));
                return group;
        }
    }

    private ClassicGroup addMemberAndRebalance(
            Operation op,
            RequestContext ctx,
            JoinGroupRequestData request,
            ClassicGroup group,
            ClassicGroupRuntime runtime,
            String memberId,
            Deferred<JoinGroupResponseData> response) {
        Member member = new Member(
                memberId,
                request.groupInstanceId(),
                ctx.clientId(),
                ctx.clientHost(),
                rebalanceTimeoutMs(request),
                request.sessionTimeoutMs(),
                protocols(request),
                new byte[0]);
        if (runtime.pendingMembers.remove(memberId)) {
            timers.cancel(pendingMemberKey(group.groupId(), memberId));
        }
        ClassicGroup updated = group.withMember(member, request.protocolType());
        runtime.newMembers.add(memberId);
        parkJoin(op, runtime, memberId, response, ctx.apiVersion());
        if (updated.isInState(ClassicGroupState.PREPARING_REBALANCE) && runtime.initialRebalance) {
            runtime.newMemberAdded = true;
        }
        // A new member that never completes its join is dropped after this timeout (KIP-394).
        String groupId = group.groupId();
        timers.schedule(
                heartbeatKey(groupId, memberId),
                GroupCoordinatorConfig.NEW_MEMBER_JOIN_TIMEOUT_MS,
                timerOp -> expireHeartbeat(timerOp, groupId, memberId));
        return maybePrepareRebalanceOrCompleteJoin(op, updated, runtime, "member " + memberId + " joined");
    }

    private ClassicGroup updateMemberAndRebalance(
            Operation op,
            short version,
            JoinGroupRequestData request,
            ClassicGroup group,
            ClassicGroupRuntime runtime,
            Member member,
            Deferred<JoinGroupResponseData> response) {
        Member updatedMember = new Member(
                member.memberId(),
                member.groupInstanceId(),
                member.clientId(),
                member.clientHost(),
                rebalanceTimeoutMs(request),
                request.sessionTimeoutMs(),
                protocols(request),
                member.assignment());
        ClassicGroup updated = group.withMember(updatedMember, request.protocolType());
        parkJoin(op, runtime, member.memberId(), response, version);
        return maybePrepareRebalanceOrCompleteJoin(op, updated, runtime, "member " + member.memberId() + " rejoined");
    }

    /** A static member came back with a new process (unknown member id, known instance id). */
    private ClassicGroup replaceStaticMember(
            Operation op,
            RequestContext ctx,
            JoinGroupRequestData request,
            ClassicGroup group,
            ClassicGroupRuntime runtime,
            String newMemberId,
            Deferred<JoinGroupResponseData> response) {
        String groupId = group.groupId();
        String oldMemberId = group.staticMemberId(request.groupInstanceId());
        Member oldMember = group.member(oldMemberId);
        // The old process, if it is still around, is fenced.
        failJoin(op, runtime, oldMemberId, GroupError.FENCED_INSTANCE_ID);
        failSync(op, runtime, oldMemberId, GroupError.FENCED_INSTANCE_ID);
        timers.cancel(heartbeatKey(groupId, oldMemberId));
        if (runtime.pendingSyncMembers.remove(oldMemberId)) {
            runtime.pendingSyncMembers.add(newMemberId);
        }
        runtime.newMembers.remove(oldMemberId);
        Member newMember = new Member(
                newMemberId,
                oldMember.groupInstanceId(),
                ctx.clientId(),
                ctx.clientHost(),
                rebalanceTimeoutMs(request),
                request.sessionTimeoutMs(),
                protocols(request),
                oldMember.assignment());
        ClassicGroup updated = group.withReplacedMember(oldMemberId, newMember);
        rescheduleHeartbeat(groupId, newMember);
        switch (updated.state()) {
            case STABLE:
                if (updated.selectProtocol().equals(updated.protocolName())) {
                    // Same protocol: no rebalance. The member gets the current generation and keeps its assignment;
                    // a leader learns it leads but (v9+) is told to skip the assignment.
                    boolean leader = updated.isLeader(newMemberId);
                    JoinGroupResponseData joinResponse =
                            currentGenerationResponse(updated, newMemberId, ctx.apiVersion(), leader);
                    if (ctx.apiVersion() >= 9) {
                        joinResponse.setSkipAssignment(leader);
                    }
                    op.release(response, joinResponse);
                    log.info(
                            "Static member {} of group {} rejoined as {} without a rebalance",
                            request.groupInstanceId(),
                            groupId,
                            newMemberId);
                    return updated;
                }
                parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return prepareRebalance(op, updated, runtime, "static member changed its protocols");
            case COMPLETING_REBALANCE:
                // The leader may already be assigning to the old member id: start over.
                parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return prepareRebalance(op, updated, runtime, "static member rejoined during sync");
            case PREPARING_REBALANCE:
                parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return maybeCompleteJoinPhase(op, updated, runtime);
            default:
                throw new IllegalStateException(
                        "group " + groupId + " has static member " + oldMemberId + " in state " + updated.state());
        }
    }

    private boolean acceptJoiningMember(ClassicGroup group, ClassicGroupRuntime runtime, String memberId) {
        int max = config.groupMaxSize();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return (group.hasMember(memberId) && runtime.isAwaitingJoin(memberId))
                        || runtime.awaitingJoin.size() < max;
            case COMPLETING_REBALANCE:
            case STABLE:
                return group.hasMember(memberId) || group.size() < max;
            default:
                return true;
        }
    }

    // ---------------------------------------------------------------------------------------------- rebalance

    private ClassicGroup maybePrepareRebalanceOrCompleteJoin(
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

    private ClassicGroup prepareRebalance(
            Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String reason) {
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

    private ClassicGroup maybeCompleteJoinPhase(Operation op, ClassicGroup group, ClassicGroupRuntime runtime) {
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
    private ClassicGroup completeJoin(Operation op, ClassicGroup group, ClassicGroupRuntime runtime) {
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

    // ---------------------------------------------------------------------------------------------- SyncGroup

    /** Handles a SyncGroup; a member's request waits for the leader's in CompletingRebalance. */
    public void sync(
            Operation op, RequestContext ctx, SyncGroupRequestData request, Deferred<SyncGroupResponseData> response) {
        short version = ctx.apiVersion();
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            op.release(response, syncError(GroupError.UNKNOWN_MEMBER_ID));
            return;
        }
        if ((request.protocolType() != null && !request.protocolType().equals(group.protocolType()))
                || (request.protocolName() != null && !request.protocolName().equals(group.protocolName()))) {
            op.release(response, syncError(GroupError.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        String memberId = request.memberId();
        GroupError memberError = validateMember(group, memberId, request.groupInstanceId());
        if (memberError != GroupError.NONE) {
            op.release(response, syncError(memberError));
            return;
        }
        if (request.generationId() != group.generationId()) {
            op.release(response, syncError(GroupError.ILLEGAL_GENERATION));
            return;
        }
        ClassicGroupRuntime runtime = runtime(group.groupId());
        switch (group.state()) {
            case PREPARING_REBALANCE:
                op.release(response, syncError(GroupError.REBALANCE_IN_PROGRESS));
                break;
            case COMPLETING_REBALANCE: {
                runtime.pendingSyncMembers.remove(memberId);
                failSync(op, runtime, memberId, GroupError.REBALANCE_IN_PROGRESS);
                runtime.awaitingSync.put(memberId, new ClassicGroupRuntime.PendingSync(response, version));
                rescheduleHeartbeat(group.groupId(), group.member(memberId));
                if (group.isLeader(memberId)) {
                    Map<String, byte[]> assignments = new HashMap<>();
                    for (SyncGroupRequestData.SyncGroupRequestAssignment a : request.assignments()) {
                        if (group.hasMember(a.memberId())) {
                            assignments.put(a.memberId(), a.assignment());
                        }
                    }
                    ClassicGroup updated =
                            group.withAssignments(assignments).withState(ClassicGroupState.STABLE, time.milliseconds());
                    store(op, group, updated);
                    for (Map.Entry<String, ClassicGroupRuntime.PendingSync> entry :
                            List.copyOf(runtime.awaitingSync.entrySet())) {
                        runtime.awaitingSync.remove(entry.getKey());
                        op.release(
                                entry.getValue().response(),
                                syncResponse(
                                        updated, updated.member(entry.getKey()).assignment()));
                        rescheduleHeartbeat(group.groupId(), updated.member(entry.getKey()));
                    }
                    log.info("Group {} is stable in generation {}", group.groupId(), group.generationId());
                }
                break;
            }
            case STABLE:
                runtime.pendingSyncMembers.remove(memberId);
                rescheduleHeartbeat(group.groupId(), group.member(memberId));
                op.release(response, syncResponse(group, group.member(memberId).assignment()));
                break;
            default:
                op.release(response, syncError(GroupError.UNKNOWN_MEMBER_ID));
        }
        maybeForgetRuntime(group.groupId());
    }

    // ---------------------------------------------------------------------------------------------- Heartbeat

    public HeartbeatResponseData heartbeat(RequestContext ctx, HeartbeatRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        GroupError error;
        if (group == null) {
            error = GroupError.UNKNOWN_MEMBER_ID;
        } else {
            error = validateMember(group, request.memberId(), request.groupInstanceId());
            if (error == GroupError.NONE && request.generationId() != group.generationId()) {
                error = GroupError.ILLEGAL_GENERATION;
            }
            if (error == GroupError.NONE) {
                switch (group.state()) {
                    case PREPARING_REBALANCE:
                        rescheduleHeartbeat(group.groupId(), group.member(request.memberId()));
                        error = GroupError.REBALANCE_IN_PROGRESS;
                        break;
                    case COMPLETING_REBALANCE:
                    case STABLE:
                        rescheduleHeartbeat(group.groupId(), group.member(request.memberId()));
                        break;
                    default:
                        error = GroupError.UNKNOWN_MEMBER_ID;
                }
            }
        }
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    // ---------------------------------------------------------------------------------------------- LeaveGroup

    public LeaveGroupResponseData leave(Operation op, RequestContext ctx, LeaveGroupRequestData request) {
        short version = ctx.apiVersion();
        List<LeaveGroupRequestData.MemberIdentity> identities = version >= 3
                ? request.members()
                : List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(request.memberId()));
        ClassicGroup group = groups.get(request.groupId());
        List<LeaveGroupResponseData.MemberResponse> results = new ArrayList<>();
        if (group == null) {
            for (LeaveGroupRequestData.MemberIdentity identity : identities) {
                results.add(leaveResult(identity, GroupError.UNKNOWN_MEMBER_ID));
            }
        } else {
            ClassicGroupRuntime runtime = runtime(group.groupId());
            ClassicGroup updated = group;
            for (LeaveGroupRequestData.MemberIdentity identity : identities) {
                String memberId = identity.memberId() == null ? "" : identity.memberId();
                String instanceId = identity.groupInstanceId();
                GroupError error = GroupError.NONE;
                String leaving = null;
                if (instanceId != null) {
                    String existing = updated.staticMemberId(instanceId);
                    if (existing == null) {
                        error = GroupError.UNKNOWN_MEMBER_ID;
                    } else if (!memberId.isEmpty() && !memberId.equals(existing)) {
                        error = GroupError.FENCED_INSTANCE_ID;
                    } else {
                        leaving = existing;
                    }
                } else if (runtime.pendingMembers.remove(memberId)) {
                    timers.cancel(pendingMemberKey(group.groupId(), memberId));
                    updated = maybeCompleteJoinPhase(op, updated, runtime);
                } else if (!updated.hasMember(memberId)) {
                    error = GroupError.UNKNOWN_MEMBER_ID;
                } else {
                    leaving = memberId;
                }
                if (leaving != null) {
                    log.info("Member {} leaves group {}", leaving, group.groupId());
                    updated = removeMemberAndUpdateGroup(op, updated, runtime, leaving);
                }
                results.add(leaveResult(identity, error));
            }
            store(op, group, updated);
            maybeForgetRuntime(group.groupId());
        }
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (version >= 3) {
            response.setMembers(results);
        } else {
            response.setErrorCode(results.get(0).errorCode());
        }
        return response;
    }

    private static LeaveGroupResponseData.MemberResponse leaveResult(
            LeaveGroupRequestData.MemberIdentity identity, GroupError error) {
        return new LeaveGroupResponseData.MemberResponse()
                .setMemberId(identity.memberId())
                .setGroupInstanceId(identity.groupInstanceId())
                .setErrorCode(error.code());
    }

    // ---------------------------------------------------------------------------------------------- timers

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

    // ---------------------------------------------------------------------------------------------- load & unload

    /** Arms the timers the loaded groups need: every member's session, and the phase timeout of a rebalance. */
    public void onLoaded() {
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

    /** Forgets all transient state (the shard fails the parked responses and clears the timers itself). */
    public void unload() {
        runtimes.clear();
    }

    // ---------------------------------------------------------------------------------------------- queries

    /** Whether the shard holds a classic group with this id (offsets-only groups are not counted). */
    public boolean contains(String groupId) {
        return groups.contains(groupId);
    }

    /** The group, or null. */
    public ClassicGroup group(String groupId) {
        return groups.get(groupId);
    }

    /** Whether the group is waiting for anything that could still make it non-empty (a pending member id). */
    public boolean hasPendingMembers(String groupId) {
        ClassicGroupRuntime runtime = runtimes.get(groupId);
        return runtime != null && !runtime.pendingMembers.isEmpty();
    }

    /**
     * Checks an OffsetCommit against the group (null: a group that only has offsets, which behaves as an empty
     * group). Commits with generation -1 are accepted from anyone while the group is empty.
     */
    public GroupError validateOffsetCommit(ClassicGroup group, String memberId, String instanceId, int generationId) {
        String member = memberId == null ? "" : memberId;
        boolean empty = group == null || group.isInState(ClassicGroupState.EMPTY);
        if (generationId < 0 && empty) {
            return GroupError.NONE;
        }
        if (generationId >= 0 || !member.isEmpty() || instanceId != null) {
            if (group == null) {
                return GroupError.UNKNOWN_MEMBER_ID;
            }
            GroupError error = validateMember(group, member, instanceId);
            if (error != GroupError.NONE) {
                return error;
            }
            if (generationId != group.generationId()) {
                return GroupError.ILLEGAL_GENERATION;
            }
        } else if (!empty) {
            return GroupError.UNKNOWN_MEMBER_ID;
        }
        if (group.isInState(ClassicGroupState.COMPLETING_REBALANCE)) {
            return GroupError.REBALANCE_IN_PROGRESS;
        }
        return GroupError.NONE;
    }

    /** The rule for expiring the offsets of a classic group (null: an offsets-only group). */
    public static OffsetExpirationCondition expirationCondition(ClassicGroup group) {
        if (group == null || group.protocolType() == null) {
            return OffsetExpirationCondition.BY_COMMIT_TIME;
        }
        if (group.isInState(ClassicGroupState.EMPTY)) {
            return new OffsetExpirationCondition(group.stateTimestampMs(), Set.of());
        }
        if (ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())
                && group.isInState(ClassicGroupState.STABLE)) {
            Set<String> subscribed = group.subscribedTopics();
            if (subscribed != null) {
                return new OffsetExpirationCondition(-1, subscribed);
            }
        }
        return OffsetExpirationCondition.NEVER;
    }

    public DescribeGroupsResponseData.DescribedGroup describe(ClassicGroup group) {
        boolean stable = group.isInState(ClassicGroupState.STABLE);
        DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(group.groupId())
                .setGroupState(group.state().displayName())
                .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                .setProtocolData(stable && group.protocolName() != null ? group.protocolName() : "");
        for (Member m : group.members()) {
            byte[] metadata = stable ? m.metadata(group.protocolName()) : null;
            described
                    .members()
                    .add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setClientId(m.clientId() == null ? "" : m.clientId())
                            .setClientHost(m.clientHost() == null ? "" : m.clientHost())
                            .setMemberMetadata(metadata == null ? new byte[0] : metadata)
                            .setMemberAssignment(stable ? m.assignment() : new byte[0]));
        }
        return described;
    }

    /** Writes the tombstone that deletes an empty group. */
    public void delete(Operation op, String groupId) {
        if (groups.contains(groupId)) {
            op.write(CoordinatorRecord.tombstone(new ClassicGroupKey(groupId)));
        }
        ClassicGroupRuntime runtime = runtimes.remove(groupId);
        if (runtime != null) {
            runtime.pendingMembers.forEach(m -> timers.cancel(pendingMemberKey(groupId, m)));
        }
        timers.cancel(joinKey(groupId));
        timers.cancel(syncKey(groupId));
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** Removes a member and moves the group on: a rebalance if it was settled, the join phase if it waited. */
    private ClassicGroup removeMemberAndUpdateGroup(
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
    private ClassicGroup forgetMember(
            Operation op, ClassicGroup group, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        failJoin(op, runtime, memberId, error);
        failSync(op, runtime, memberId, error);
        timers.cancel(heartbeatKey(group.groupId(), memberId));
        runtime.pendingSyncMembers.remove(memberId);
        runtime.newMembers.remove(memberId);
        return group.withoutMember(memberId);
    }

    private void parkJoin(
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

    private void failJoin(Operation op, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        ClassicGroupRuntime.PendingJoin pending = runtime.awaitingJoin.remove(memberId);
        if (pending != null) {
            op.release(pending.response(), joinError(pending.version(), memberId, error));
        }
    }

    private void failSync(Operation op, ClassicGroupRuntime runtime, String memberId, GroupError error) {
        ClassicGroupRuntime.PendingSync pending = runtime.awaitingSync.remove(memberId);
        if (pending != null) {
            op.release(pending.response(), syncError(error));
        }
    }

    private void rescheduleHeartbeat(String groupId, Member member) {
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
    private static void store(Operation op, ClassicGroup before, ClassicGroup after) {
        if (after != before && !after.value().equals(before.value())) {
            op.write(CoordinatorRecord.of(new ClassicGroupKey(after.groupId()), after.value()));
        }
    }

    private ClassicGroupRuntime runtime(String groupId) {
        return runtimes.computeIfAbsent(groupId, g -> new ClassicGroupRuntime());
    }

    private void maybeForgetRuntime(String groupId) {
        ClassicGroupRuntime runtime = runtimes.get(groupId);
        if (runtime != null && runtime.isIdle() && runtime.pendingSyncMembers.isEmpty() && !runtime.initialRebalance) {
            runtimes.remove(groupId);
        }
    }

    /**
     * Validates a member's identity: a static member's instance id must map to this member id (else
     * FENCED_INSTANCE_ID), and the member must exist (else UNKNOWN_MEMBER_ID).
     */
    static GroupError validateMember(ClassicGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            String existing = group.staticMemberId(instanceId);
            if (existing == null) {
                return GroupError.UNKNOWN_MEMBER_ID;
            }
            if (!existing.equals(memberId)) {
                return GroupError.FENCED_INSTANCE_ID;
            }
            return GroupError.NONE;
        }
        return group.hasMember(memberId) ? GroupError.NONE : GroupError.UNKNOWN_MEMBER_ID;
    }

    private static boolean sameProtocols(Member member, JoinGroupRequestData request) {
        return member.protocols().equals(protocols(request));
    }

    private static List<ClassicGroupValue.Protocol> protocols(JoinGroupRequestData request) {
        List<ClassicGroupValue.Protocol> protocols =
                new ArrayList<>(request.protocols().size());
        for (JoinGroupRequestData.JoinGroupRequestProtocol p : request.protocols()) {
            protocols.add(new ClassicGroupValue.Protocol(p.name(), p.metadata()));
        }
        return protocols;
    }

    /** v0 has no rebalance timeout: the session timeout is used. */
    private static int rebalanceTimeoutMs(JoinGroupRequestData request) {
        return request.rebalanceTimeoutMs() < 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
    }

    private static JoinGroupResponseData currentGenerationResponse(
            ClassicGroup group, String memberId, short version, boolean withMembers) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId() == null ? "" : group.leaderId())
                .setMemberId(memberId);
        if (withMembers) {
            for (Member m : group.members()) {
                byte[] metadata = m.metadata(group.protocolName());
                response.members()
                        .add(new JoinGroupResponseData.JoinGroupResponseMember()
                                .setMemberId(m.memberId())
                                .setGroupInstanceId(m.groupInstanceId())
                                .setMetadata(metadata == null ? new byte[0] : metadata));
            }
        }
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        return response;
    }

    /** The JoinGroup response carrying only an error (and the member id the member should use, if any). */
    public static JoinGroupResponseData joinError(short version, String memberId, GroupError error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(version >= 7 ? null : "")
                .setLeader("")
                .setMemberId(memberId == null ? "" : memberId);
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, byte[] assignment) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(assignment == null ? new byte[0] : assignment);
    }

    public static SyncGroupResponseData syncError(GroupError error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    // Timer keys embed the group id's length, so that no group and member id pair can collide with another.

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
