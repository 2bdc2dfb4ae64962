package io.runnel.coordinator.classic;

import static io.runnel.coordinator.classic.ClassicResponses.currentGenerationResponse;
import static io.runnel.coordinator.classic.ClassicResponses.joinError;
import static io.runnel.coordinator.classic.ClassicResponses.syncError;
import static io.runnel.coordinator.classic.ClassicResponses.syncResponse;

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
 * The classic group protocol's requests: JoinGroup (new, known and static members, MEMBER_ID_REQUIRED), SyncGroup,
 * Heartbeat and LeaveGroup, and the queries the shard needs (describe, offset-commit validation, expiry rules,
 * delete). The rebalance itself and every timer (sessions, join, sync, initial delay, pending member ids) are in
 * {@link ClassicRebalance}; the responses it builds are in {@link ClassicResponses}.
 *
 * <p>A rebalance goes Stable (or Empty) → PreparingRebalance, where every member must send JoinGroup; when all have
 * (or the rebalance timeout passes, dropping dynamic members that did not), the generation goes up, a protocol is
 * chosen, the leader receives every member's metadata, and the group is CompletingRebalance; the leader's SyncGroup
 * carries the assignment, which every member receives, and the group is Stable. Every change of membership or state
 * is written as a {@link ClassicGroupValue} and applied by replay (this class never changes {@link ClassicGroups});
 * what the records cannot carry (parked requests, pending member ids, who has synced) lives in a
 * {@link ClassicGroupRuntime} per group. Every request is answered exactly once, at once or when parked.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ClassicGroupManager {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroupManager.class);

    private final ClassicGroups groups;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final ClassicRebalance rebalance;

    public ClassicGroupManager(
            ClassicGroups groups, GroupCoordinatorConfig config, Time time, TimerQueue<Operation> timers) {
        this.groups = groups;
        this.config = config;
        this.time = time;
        this.rebalance = new ClassicRebalance(groups, config, time, timers);
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
        ClassicGroupRuntime runtime = rebalance.existingRuntime(groupId);
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            boolean pendingMember = runtime != null && runtime.pendingMembers.contains(memberId);
            if (!unknownMember && !pendingMember) {
                op.release(response, joinError(version, memberId, GroupError.UNKNOWN_MEMBER_ID));
                return;
            }
            group = ClassicGroup.empty(groupId, time.milliseconds());
        }
        runtime = rebalance.runtime(groupId);
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
        ClassicRebalance.store(op, group, updated);
        rebalance.maybeForgetRuntime(groupId);
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
            rebalance.armPendingMember(groupId, newMemberId, request.sessionTimeoutMs());
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
                    rebalance.rescheduleHeartbeat(group.groupId(), member);
                    op.release(response, currentGenerationResponse(group, memberId, version, group.isLeader(memberId)));
                    return group;
                }
                return updateMemberAndRebalance(op, version, request, group, runtime, member, response);
            case STABLE:
                if (group.isLeader(memberId) || !sameProtocols(member, request)) {
                    // The leader rejoins to pick up metadata changes, a follower to change its subscription.
                    return updateMemberAndRebalance(op, version, request, group, runtime, member, response);
                }
                rebalance.rescheduleHeartbeat(group.groupId(), member);
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
            rebalance.cancelPendingMember(group.groupId(), memberId);
        }
        ClassicGroup updated = group.withMember(member, request.protocolType());
        runtime.newMembers.add(memberId);
        rebalance.parkJoin(op, runtime, memberId, response, ctx.apiVersion());
        if (updated.isInState(ClassicGroupState.PREPARING_REBALANCE) && runtime.initialRebalance) {
            runtime.newMemberAdded = true;
        }
        rebalance.armNewMemberJoinTimeout(group.groupId(), memberId);
        return rebalance.maybePrepareRebalanceOrCompleteJoin(op, updated, runtime, "member " + memberId + " joined");
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
        rebalance.parkJoin(op, runtime, member.memberId(), response, version);
        return rebalance.maybePrepareRebalanceOrCompleteJoin(
                op, updated, runtime, "member " + member.memberId() + " rejoined");
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
        rebalance.failJoin(op, runtime, oldMemberId, GroupError.FENCED_INSTANCE_ID);
        rebalance.failSync(op, runtime, oldMemberId, GroupError.FENCED_INSTANCE_ID);
        rebalance.cancelHeartbeat(groupId, oldMemberId);
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
        rebalance.rescheduleHeartbeat(groupId, newMember);
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
                rebalance.parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return rebalance.prepareRebalance(op, updated, runtime, "static member changed its protocols");
            case COMPLETING_REBALANCE:
                // The leader may already be assigning to the old member id: start over.
                rebalance.parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return rebalance.prepareRebalance(op, updated, runtime, "static member rejoined during sync");
            case PREPARING_REBALANCE:
                rebalance.parkJoin(op, runtime, newMemberId, response, ctx.apiVersion());
                return rebalance.maybeCompleteJoinPhase(op, updated, runtime);
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
        ClassicGroupRuntime runtime = rebalance.runtime(group.groupId());
        switch (group.state()) {
            case PREPARING_REBALANCE:
                op.release(response, syncError(GroupError.REBALANCE_IN_PROGRESS));
                break;
            case COMPLETING_REBALANCE: {
                runtime.pendingSyncMembers.remove(memberId);
                rebalance.failSync(op, runtime, memberId, GroupError.REBALANCE_IN_PROGRESS);
                runtime.awaitingSync.put(memberId, new ClassicGroupRuntime.PendingSync(response, version));
                rebalance.rescheduleHeartbeat(group.groupId(), group.member(memberId));
                if (group.isLeader(memberId)) {
                    Map<String, byte[]> assignments = new HashMap<>();
                    for (SyncGroupRequestData.SyncGroupRequestAssignment a : request.assignments()) {
                        if (group.hasMember(a.memberId())) {
                            assignments.put(a.memberId(), a.assignment());
                        }
                    }
                    ClassicGroup updated =
                            group.withAssignments(assignments).withState(ClassicGroupState.STABLE, time.milliseconds());
                    ClassicRebalance.store(op, group, updated);
                    for (Map.Entry<String, ClassicGroupRuntime.PendingSync> entry :
                            List.copyOf(runtime.awaitingSync.entrySet())) {
                        runtime.awaitingSync.remove(entry.getKey());
                        op.release(
                                entry.getValue().response(),
                                syncResponse(
                                        updated, updated.member(entry.getKey()).assignment()));
                        rebalance.rescheduleHeartbeat(group.groupId(), updated.member(entry.getKey()));
                    }
                    log.info("Group {} is stable in generation {}", group.groupId(), group.generationId());
                }
                break;
            }
            case STABLE:
                runtime.pendingSyncMembers.remove(memberId);
                rebalance.rescheduleHeartbeat(group.groupId(), group.member(memberId));
                op.release(response, syncResponse(group, group.member(memberId).assignment()));
                break;
            default:
                op.release(response, syncError(GroupError.UNKNOWN_MEMBER_ID));
        }
        rebalance.maybeForgetRuntime(group.groupId());
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
                        rebalance.rescheduleHeartbeat(group.groupId(), group.member(request.memberId()));
                        error = GroupError.REBALANCE_IN_PROGRESS;
                        break;
                    case COMPLETING_REBALANCE:
                    case STABLE:
                        rebalance.rescheduleHeartbeat(group.groupId(), group.member(request.memberId()));
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
            ClassicGroupRuntime runtime = rebalance.runtime(group.groupId());
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
                    rebalance.cancelPendingMember(group.groupId(), memberId);
                    updated = rebalance.maybeCompleteJoinPhase(op, updated, runtime);
                } else if (!updated.hasMember(memberId)) {
                    error = GroupError.UNKNOWN_MEMBER_ID;
                } else {
                    leaving = memberId;
                }
                if (leaving != null) {
                    log.info("Member {} leaves group {}", leaving, group.groupId());
                    updated = rebalance.removeMemberAndUpdateGroup(op, updated, runtime, leaving);
                }
                results.add(leaveResult(identity, error));
            }
            ClassicRebalance.store(op, group, updated);
            rebalance.maybeForgetRuntime(group.groupId());
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

    // ---------------------------------------------------------------------------------------------- load & unload

    /** Arms the timers the loaded groups need: every member's session, and the phase timeout of a rebalance. */
    public void onLoaded() {
        rebalance.armLoadedTimers();
    }

    /** Forgets all transient state (the shard fails the parked responses and clears the timers itself). */
    public void unload() {
        rebalance.clear();
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
        ClassicGroupRuntime runtime = rebalance.existingRuntime(groupId);
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
        rebalance.forget(groupId);
    }

    // ---------------------------------------------------------------------------------------------- internals

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
}
