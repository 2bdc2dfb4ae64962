package io.runnel.coordinator.consumer;

import io.runnel.common.Uuid;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.RequestContext;
import io.runnel.coordinator.TopicMetadata;
import io.runnel.coordinator.TopicsImage;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.coordinator.offset.OffsetExpirationCondition;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentKey;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentValue;
import io.runnel.coordinator.record.ConsumerGroupMemberKey;
import io.runnel.coordinator.record.ConsumerGroupMemberValue;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.MemberState;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.coordinator.runtime.TimerQueue;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group protocol of KIP-848: ConsumerGroupHeartbeat with server-side assignment, and
 * ConsumerGroupDescribe.
 *
 * <p>Each heartbeat (1) records the member's subscription, bumping the group epoch when a member joins, leaves or
 * changes its subscription, or when the subscribed topics change; (2) computes a new target assignment with the
 * group's assignor when the group epoch is ahead of the assignment epoch; (3) moves the member one step towards its
 * target: first it must revoke what it should no longer have (keeping its epoch), then it gets the new epoch and
 * the target partitions no other member still owns, the rest arriving on later heartbeats once their previous
 * owners have revoked them. A member that does not heartbeat within {@code group.consumer.session.timeout.ms}, or
 * does not revoke within its rebalance timeout, is removed.
 *
 * <p>This class handles the requests, membership and timers; subscriptions resolved against the topics image are
 * {@link ConsumerSubscriptions}, the target assignment and a member's reconciliation {@link ConsumerAssignments}.
 * State changes only through the records it writes, which the shard replays into {@link ConsumerGroups}; a timer
 * acts only if the member is still in the state it was armed for.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ConsumerGroupManager {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupManager.class);

    /** A member epoch meaning "leave the group". */
    public static final int LEAVE_GROUP_MEMBER_EPOCH = -1;
    /** A member epoch meaning "a static member leaves for now and will be back". */
    public static final int LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

    private final ConsumerGroups groups;
    private final GroupCoordinatorConfig config;
    private final TimerQueue<Operation> timers;
    private final ConsumerSubscriptions subscriptions;
    private final ConsumerAssignments assignments;

    public ConsumerGroupManager(
            ConsumerGroups groups, GroupCoordinatorConfig config, TimerQueue<Operation> timers, TopicsImage image) {
        this.groups = groups;
        this.config = config;
        this.timers = timers;
        this.subscriptions = new ConsumerSubscriptions(image);
        this.assignments = new ConsumerAssignments(config.consumerGroupAssignors(), subscriptions);
    }

    // ---------------------------------------------------------------------------------------------- heartbeat

    /**
     * Handles a ConsumerGroupHeartbeat.
     *
     * @throws io.runnel.coordinator.GroupCoordinatorException for a refused request
     */
    public ConsumerGroupHeartbeatResponseData heartbeat(
            Operation op, RequestContext ctx, ConsumerGroupHeartbeatRequestData request) {
        validate(ctx.apiVersion(), request);
        int memberEpoch = request.memberEpoch();
        if (memberEpoch == LEAVE_GROUP_MEMBER_EPOCH || memberEpoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            return leave(op, request);
        }
        String groupId = request.groupId();
        ConsumerGroup group = groups.get(groupId);
        if (group == null && memberEpoch != 0) {
            throw GroupError.UNKNOWN_MEMBER_ID.exception("Group " + groupId + " does not exist; rejoin with epoch 0.");
        }
        String memberId = request.memberId().isEmpty() ? Uuid.randomUuid().toString() : request.memberId();
        String instanceId = request.instanceId();

        // Who is this member? New, known, rejoining after being fenced, or a static member's new process.
        ConsumerGroupMemberValue previousSubscription = null;
        ConsumerGroupCurrentAssignmentValue previousCurrent = null;
        TopicPartitionSet previousTarget = TopicPartitionSet.empty();
        String replacedMemberId = null;
        boolean isNew = false;
        if (memberEpoch == 0) {
            String staticId = instanceId == null || group == null ? null : group.staticMemberId(instanceId);
            if (staticId != null && !staticId.equals(memberId)) {
                ConsumerGroupCurrentAssignmentValue existing = group.current(staticId);
                if (existing != null && existing.memberEpoch() != LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                    throw GroupError.UNRELEASED_INSTANCE_ID.exception(
                            "Static member " + instanceId + " is still in use by member " + staticId + ".");
                }
                replacedMemberId = staticId;
                previousSubscription = group.member(staticId);
                previousCurrent = existing;
                previousTarget = group.target(staticId);
                isNew = false;
            } else if (group != null && group.hasMember(memberId)) {
                // The member rejoins after losing its epoch; it owns nothing now (it sent no partitions).
                previousSubscription = group.member(memberId);
                previousTarget = group.target(memberId);
                previousCurrent = null;
                isNew = false;
            } else {
                isNew = true;
            }
        } else {
            if (instanceId != null) {
                String staticId = group.staticMemberId(instanceId);
                if (staticId == null) {
                    throw GroupError.UNKNOWN_MEMBER_ID.exception("Static member " + instanceId + " is unknown.");
                }
                if (!staticId.equals(memberId)) {
                    throw GroupError.FENCED_INSTANCE_ID.exception(
                            "Static member " + instanceId + " is now member " + staticId + ".");
                }
            }
            if (!group.hasMember(memberId)) {
                throw GroupError.UNKNOWN_MEMBER_ID.exception(
                        "Member " + memberId + " is not in group " + groupId + ".");
            }
            previousSubscription = group.member(memberId);
            previousCurrent = group.current(memberId);
            previousTarget = group.target(memberId);
            validateMemberEpoch(previousCurrent, memberEpoch, request.topicPartitions());
        }
        if (isNew && group != null && group.numMembers() >= config.consumerGroupMaxSize()) {
            throw GroupError.GROUP_MAX_SIZE_REACHED.exception(
                    "The group has reached its maximum size of " + config.consumerGroupMaxSize() + " members.");
        }

        // 1. The member's subscription.
        ConsumerGroupMemberValue subscription = updatedSubscription(previousSubscription, request, ctx);
        boolean bumpEpoch = isNew
                || previousSubscription == null
                || !subscription.subscribedTopicNames().equals(previousSubscription.subscribedTopicNames())
                || !Objects.equals(subscription.subscribedTopicRegex(), previousSubscription.subscribedTopicRegex())
                || !Objects.equals(subscription.serverAssignor(), previousSubscription.serverAssignor());
        if (replacedMemberId != null) {
            log.info(
                    "Static member {} of group {} rejoins as {} (was {})",
                    instanceId,
                    groupId,
                    memberId,
                    replacedMemberId);
            removeMemberRecords(op, groupId, replacedMemberId);
            cancelMemberTimers(groupId, replacedMemberId);
            op.write(CoordinatorRecord.of(
                    new ConsumerGroupTargetAssignmentMemberKey(groupId, memberId),
                    new ConsumerGroupTargetAssignmentMemberValue(previousTarget)));
            // The new process inherits the partitions the old one kept while it was away.
            if (previousCurrent != null) {
                writeCurrent(
                        op,
                        groupId,
                        memberId,
                        new ConsumerGroupCurrentAssignmentValue(
                                0,
                                0,
                                MemberState.STABLE,
                                previousCurrent.assigned(),
                                previousCurrent.pendingRevocation()));
            }
            previousCurrent = null;
        } else if (isNew) {
            log.info("Member {} joins consumer group {}", memberId, groupId);
        }
        if (previousSubscription == null || replacedMemberId != null || !subscription.equals(previousSubscription)) {
            op.write(CoordinatorRecord.of(new ConsumerGroupMemberKey(groupId, memberId), subscription));
        }
        group = groups.get(groupId);
        if (memberEpoch == 0 && replacedMemberId == null && group.current(memberId) != null) {
            // Rejoining: the member owns nothing now (it sent no partitions); what it had is free again.
            ConsumerGroupCurrentAssignmentValue existing = group.current(memberId);
            writeCurrent(
                    op,
                    groupId,
                    memberId,
                    new ConsumerGroupCurrentAssignmentValue(
                            0,
                            existing.memberEpoch(),
                            MemberState.STABLE,
                            TopicPartitionSet.empty(),
                            TopicPartitionSet.empty()));
            previousCurrent = null;
        }
        group = groups.get(groupId);

        // The group epoch goes up when membership, subscriptions or the subscribed topics changed.
        List<ConsumerGroupMetadataValue.SubscribedTopic> metadata = group.subscribedTopics();
        if (bumpEpoch || !subscriptions.isChecked(groupId) || !group.hasMetadataRecord()) {
            metadata = subscriptions.metadata(group);
            subscriptions.markChecked(groupId);
            if (!metadata.equals(group.subscribedTopics())) {
                bumpEpoch = true;
            }
        }
        if (bumpEpoch || !group.hasMetadataRecord()) {
            int newEpoch = group.groupEpoch() + 1;
            op.write(CoordinatorRecord.of(
                    ConsumerGroups.metadataKey(groupId), new ConsumerGroupMetadataValue(newEpoch, metadata)));
            log.info("Consumer group {} moves to epoch {}", groupId, newEpoch);
        }

        // 2. A new target assignment for a new epoch.
        group = groups.get(groupId);
        if (group.groupEpoch() > group.assignmentEpoch()) {
            assignments.computeTargetAssignment(op, group);
        }

        // 3. One reconciliation step for this member.
        group = groups.get(groupId);
        ConsumerGroupCurrentAssignmentValue before = group.current(memberId);
        ConsumerGroupCurrentAssignmentValue after =
                ConsumerAssignments.reconcile(group, memberId, before, request.topicPartitions());
        if (!after.equals(before)) {
            writeCurrent(op, groupId, memberId, after);
        }
        scheduleSessionTimeout(groupId, memberId);
        if (after.state() == MemberState.UNREVOKED_PARTITIONS) {
            if (before == null
                    || before.state() != MemberState.UNREVOKED_PARTITIONS
                    || !timers.isScheduled(revocationKey(groupId, memberId))) {
                int epoch = after.memberEpoch();
                timers.schedule(
                        revocationKey(groupId, memberId),
                        subscription.rebalanceTimeoutMs(),
                        timerOp -> revocationTimedOut(timerOp, groupId, memberId, epoch));
            }
        } else {
            timers.cancel(revocationKey(groupId, memberId));
        }

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId)
                .setMemberEpoch(after.memberEpoch())
                .setHeartbeatIntervalMs(config.consumerGroupHeartbeatIntervalMs());
        boolean fullRequest = memberEpoch == 0
                || (request.rebalanceTimeoutMs() != -1
                        && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
                        && request.topicPartitions() != null);
        TopicPartitionSet previouslySent = previousCurrent == null ? null : previousCurrent.assigned();
        if (fullRequest || !after.assigned().equals(previouslySent)) {
            response.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment()
                    .setTopicPartitions(responsePartitions(after.assigned())));
        }
        return response;
    }

    private ConsumerGroupHeartbeatResponseData leave(Operation op, ConsumerGroupHeartbeatRequestData request) {
        String groupId = request.groupId();
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            throw GroupError.GROUP_ID_NOT_FOUND.exception("Consumer group " + groupId + " does not exist.");
        }
        String memberId = request.memberId();
        String instanceId = request.instanceId();
        if (instanceId != null) {
            String staticId = group.staticMemberId(instanceId);
            if (staticId == null) {
                throw GroupError.UNKNOWN_MEMBER_ID.exception("Static member " + instanceId + " is unknown.");
            }
            if (!staticId.equals(memberId)) {
                throw GroupError.FENCED_INSTANCE_ID.exception(
                        "Static member " + instanceId + " is now member " + staticId + ".");
            }
        } else if (!group.hasMember(memberId)) {
            throw GroupError.UNKNOWN_MEMBER_ID.exception("Member " + memberId + " is not in group " + groupId + ".");
        }
        if (request.memberEpoch() == LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            // A static member leaves for now: it keeps its partitions until it comes back or its session expires.
            ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
            writeCurrent(
                    op,
                    groupId,
                    memberId,
                    new ConsumerGroupCurrentAssignmentValue(
                            LEAVE_GROUP_STATIC_MEMBER_EPOCH,
                            current == null ? 0 : current.memberEpoch(),
                            current == null ? MemberState.STABLE : current.state(),
                            current == null ? TopicPartitionSet.empty() : current.assigned(),
                            current == null ? TopicPartitionSet.empty() : current.pendingRevocation()));
            timers.cancel(revocationKey(groupId, memberId));
            scheduleSessionTimeout(groupId, memberId);
            log.info("Static member {} ({}) of group {} left temporarily", instanceId, memberId, groupId);
        } else {
            log.info("Member {} leaves consumer group {}", memberId, groupId);
            removeMember(op, group, memberId);
        }
        return new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId)
                .setMemberEpoch(request.memberEpoch())
                .setHeartbeatIntervalMs(0);
    }

    private void validate(short version, ConsumerGroupHeartbeatRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            throw GroupError.INVALID_REQUEST.exception("GroupId can't be empty.");
        }
        if (request.instanceId() != null && request.instanceId().isEmpty()) {
            throw GroupError.INVALID_REQUEST.exception("InstanceId can't be empty.");
        }
        if (request.rackId() != null && request.rackId().isEmpty()) {
            throw GroupError.INVALID_REQUEST.exception("RackId can't be empty.");
        }
        int epoch = request.memberEpoch();
        boolean memberIdRequired = version >= 1 || epoch != 0;
        if (memberIdRequired
                && (request.memberId() == null || request.memberId().isEmpty())) {
            throw GroupError.INVALID_REQUEST.exception("MemberId can't be empty.");
        }
        if (epoch == 0) {
            if (request.rebalanceTimeoutMs() == -1) {
                throw GroupError.INVALID_REQUEST.exception("RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw GroupError.INVALID_REQUEST.exception("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                throw GroupError.INVALID_REQUEST.exception(
                        "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        } else if (epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            if (request.instanceId() == null) {
                throw GroupError.INVALID_REQUEST.exception("InstanceId can't be null.");
            }
        } else if (epoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            throw GroupError.INVALID_REQUEST.exception("MemberEpoch is invalid.");
        }
        if (request.serverAssignor() != null && !assignments.supports(request.serverAssignor())) {
            throw GroupError.UNSUPPORTED_ASSIGNOR.exception("ServerAssignor " + request.serverAssignor()
                    + " is not supported. Supported assignors: " + String.join(", ", assignments.names()) + ".");
        }
        if (request.subscribedTopicRegex() != null
                && !request.subscribedTopicRegex().isEmpty()) {
            try {
                subscriptions.pattern(request.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw GroupError.INVALID_REGULAR_EXPRESSION.exception(
                        "SubscribedTopicRegex `" + request.subscribedTopicRegex()
                                + "` is not a valid regular expression: " + e.getDescription() + ".");
            }
        }
    }

    /** A heartbeat at an epoch other than the member's is fenced, unless its response at that epoch was lost. */
    private static void validateMemberEpoch(
            ConsumerGroupCurrentAssignmentValue current,
            int receivedEpoch,
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        int epoch = current == null ? 0 : current.memberEpoch();
        if (receivedEpoch > epoch) {
            throw GroupError.FENCED_MEMBER_EPOCH.exception("The member epoch " + receivedEpoch
                    + " is ahead of the coordinator's (" + epoch + "). Release all partitions and rejoin.");
        }
        if (receivedEpoch < epoch) {
            boolean lostResponse = current.previousMemberEpoch() == receivedEpoch
                    && owned != null
                    && current.assigned().containsAll(ConsumerAssignments.toPartitionSet(owned));
            if (!lostResponse) {
                throw GroupError.FENCED_MEMBER_EPOCH.exception("The member epoch " + receivedEpoch
                        + " is behind the coordinator's (" + epoch + "). Release all partitions and rejoin.");
            }
        }
    }

    private static ConsumerGroupMemberValue updatedSubscription(
            ConsumerGroupMemberValue previous, ConsumerGroupHeartbeatRequestData request, RequestContext ctx) {
        String instanceId =
                request.instanceId() != null ? request.instanceId() : previous == null ? null : previous.instanceId();
        String rackId = request.rackId() != null ? request.rackId() : previous == null ? null : previous.rackId();
        List<String> names = previous == null ? List.of() : previous.subscribedTopicNames();
        if (request.subscribedTopicNames() != null) {
            names = List.copyOf(new TreeSet<>(request.subscribedTopicNames()));
        }
        String regex = previous == null ? null : previous.subscribedTopicRegex();
        if (request.subscribedTopicRegex() != null) {
            regex = request.subscribedTopicRegex().isEmpty() ? null : request.subscribedTopicRegex();
        }
        String assignor = request.serverAssignor() != null
                ? request.serverAssignor()
                : previous == null ? null : previous.serverAssignor();
        int rebalanceTimeoutMs = request.rebalanceTimeoutMs() != -1
                ? request.rebalanceTimeoutMs()
                : previous == null ? 0 : previous.rebalanceTimeoutMs();
        return new ConsumerGroupMemberValue(
                instanceId, rackId, ctx.clientId(), ctx.clientHost(), names, regex, assignor, rebalanceTimeoutMs);
    }

    // ---------------------------------------------------------------------------------------------- membership

    private void removeMember(Operation op, ConsumerGroup group, String memberId) {
        String groupId = group.groupId();
        removeMemberRecords(op, groupId, memberId);
        cancelMemberTimers(groupId, memberId);
        ConsumerGroup updated = groups.get(groupId);
        op.write(CoordinatorRecord.of(
                ConsumerGroups.metadataKey(groupId),
                new ConsumerGroupMetadataValue(updated.groupEpoch() + 1, subscriptions.metadata(updated))));
        subscriptions.markChecked(groupId);
    }

    private void removeMemberRecords(Operation op, String groupId, String memberId) {
        ConsumerGroup group = groups.get(groupId);
        if (group.current(memberId) != null) {
            op.write(CoordinatorRecord.tombstone(new ConsumerGroupCurrentAssignmentKey(groupId, memberId)));
        }
        if (group.hasTarget(memberId)) {
            op.write(CoordinatorRecord.tombstone(new ConsumerGroupTargetAssignmentMemberKey(groupId, memberId)));
        }
        op.write(CoordinatorRecord.tombstone(new ConsumerGroupMemberKey(groupId, memberId)));
    }

    private void cancelMemberTimers(String groupId, String memberId) {
        timers.cancel(sessionKey(groupId, memberId));
        timers.cancel(revocationKey(groupId, memberId));
    }

    private void scheduleSessionTimeout(String groupId, String memberId) {
        timers.schedule(
                sessionKey(groupId, memberId),
                config.consumerGroupSessionTimeoutMs(),
                op -> sessionTimedOut(op, groupId, memberId));
    }

    private void sessionTimedOut(Operation op, String groupId, String memberId) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null || !group.hasMember(memberId)) {
            return;
        }
        log.info("Member {} of consumer group {} failed its session timeout; removing it", memberId, groupId);
        removeMember(op, group, memberId);
    }

    private void revocationTimedOut(Operation op, String groupId, String memberId, int epoch) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null || !group.hasMember(memberId)) {
            return;
        }
        ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
        if (current != null && current.state() == MemberState.UNREVOKED_PARTITIONS && current.memberEpoch() == epoch) {
            log.info(
                    "Member {} of consumer group {} did not revoke its partitions in time; removing it",
                    memberId,
                    groupId);
            removeMember(op, group, memberId);
        }
    }

    private void writeCurrent(Operation op, String groupId, String memberId, ConsumerGroupCurrentAssignmentValue v) {
        op.write(CoordinatorRecord.of(new ConsumerGroupCurrentAssignmentKey(groupId, memberId), v));
    }

    // ---------------------------------------------------------------------------------------------- metadata

    /** Adopts a new image and bumps the epoch of every group whose subscribed topics changed in it. */
    public void onMetadataUpdate(Operation op, TopicsImage newImage) {
        subscriptions.adopt(newImage);
        for (String groupId : new TreeSet<>(groupIds())) {
            ConsumerGroup group = groups.get(groupId);
            if (group.isEmpty()) {
                continue;
            }
            List<ConsumerGroupMetadataValue.SubscribedTopic> metadata = subscriptions.metadata(group);
            subscriptions.markChecked(groupId);
            if (!metadata.equals(group.subscribedTopics())) {
                op.write(CoordinatorRecord.of(
                        ConsumerGroups.metadataKey(groupId),
                        new ConsumerGroupMetadataValue(group.groupEpoch() + 1, metadata)));
                log.info("Subscribed topics of consumer group {} changed; epoch {}", groupId, group.groupEpoch() + 1);
            }
        }
    }

    private Set<String> groupIds() {
        Set<String> ids = new TreeSet<>();
        groups.all().forEach(g -> ids.add(g.groupId()));
        return ids;
    }

    // ---------------------------------------------------------------------------------------------- queries

    public boolean contains(String groupId) {
        return groups.contains(groupId);
    }

    public ConsumerGroup group(String groupId) {
        return groups.get(groupId);
    }

    /** The topic names the group subscribes to now (names and current pattern matches). */
    public Set<String> subscribedTopics(ConsumerGroup group) {
        Set<String> names = new TreeSet<>();
        group.members().values().forEach(m -> names.addAll(subscriptions.topicNames(m)));
        return names;
    }

    /** Offsets of topics the group subscribes to never expire; others expire by commit time. */
    public OffsetExpirationCondition expirationCondition(ConsumerGroup group) {
        return new OffsetExpirationCondition(-1, subscribedTopics(group));
    }

    /**
     * Checks an OffsetCommit: from a member, at its current epoch and API v9+; with epoch -1 (admin, or a consumer
     * that does not use the group) only while the group has no members.
     */
    public GroupError validateOffsetCommit(ConsumerGroup group, String memberId, int memberEpoch, short apiVersion) {
        if (memberEpoch < 0 && group.isEmpty()) {
            return GroupError.NONE;
        }
        if (memberId == null || !group.hasMember(memberId)) {
            return GroupError.UNKNOWN_MEMBER_ID;
        }
        if (apiVersion < 9) {
            return GroupError.UNSUPPORTED_VERSION;
        }
        ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
        if (current == null || memberEpoch != current.memberEpoch()) {
            return GroupError.STALE_MEMBER_EPOCH;
        }
        return GroupError.NONE;
    }

    /** Checks an OffsetFetch: anonymous fetches are allowed; a member's must carry its current epoch. */
    public GroupError validateOffsetFetch(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberId == null && memberEpoch < 0) {
            return GroupError.NONE;
        }
        if (memberId == null || !group.hasMember(memberId)) {
            return GroupError.UNKNOWN_MEMBER_ID;
        }
        ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
        if (current == null || memberEpoch != current.memberEpoch()) {
            return GroupError.STALE_MEMBER_EPOCH;
        }
        return GroupError.NONE;
    }

    public ConsumerGroupDescribeResponseData.DescribedGroup describe(ConsumerGroup group, short version) {
        ConsumerGroupDescribeResponseData.DescribedGroup described =
                new ConsumerGroupDescribeResponseData.DescribedGroup()
                        .setGroupId(group.groupId())
                        .setGroupState(group.state().displayName())
                        .setGroupEpoch(group.groupEpoch())
                        .setAssignmentEpoch(group.assignmentEpoch())
                        .setAssignorName(assignments.preferredAssignor(group));
        group.members().forEach((memberId, member) -> {
            ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
            ConsumerGroupDescribeResponseData.Member m = new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(memberId)
                    .setInstanceId(member.instanceId())
                    .setRackId(member.rackId())
                    .setMemberEpoch(current == null ? 0 : current.memberEpoch())
                    .setClientId(member.clientId() == null ? "" : member.clientId())
                    .setClientHost(member.clientHost() == null ? "" : member.clientHost())
                    .setSubscribedTopicNames(new ArrayList<>(member.subscribedTopicNames()))
                    .setSubscribedTopicRegex(member.subscribedTopicRegex())
                    .setAssignment(describeAssignment(current == null ? TopicPartitionSet.empty() : current.assigned()))
                    .setTargetAssignment(describeAssignment(group.target(memberId)));
            if (version >= 1) {
                m.setMemberType((byte) 1);
            }
            described.members().add(m);
        });
        return described;
    }

    private ConsumerGroupDescribeResponseData.Assignment describeAssignment(TopicPartitionSet partitions) {
        ConsumerGroupDescribeResponseData.Assignment assignment = new ConsumerGroupDescribeResponseData.Assignment();
        for (Uuid topicId : partitions.topicIds()) {
            TopicMetadata topic = subscriptions.image().topic(topicId);
            assignment
                    .topicPartitions()
                    .add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                            .setTopicId(topicId)
                            .setTopicName(topic == null ? "" : topic.name())
                            .setPartitions(new ArrayList<>(partitions.partitions(topicId))));
        }
        return assignment;
    }

    /** Writes the tombstones of an empty group's records (its metadata record last). */
    public void delete(Operation op, String groupId) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            return;
        }
        for (String memberId : List.copyOf(group.memberIds())) {
            removeMemberRecords(op, groupId, memberId);
            cancelMemberTimers(groupId, memberId);
        }
        if (group.hasTargetAssignmentMetadataRecord()) {
            op.write(CoordinatorRecord.tombstone(ConsumerGroups.targetMetadataKey(groupId)));
        }
        op.write(CoordinatorRecord.tombstone(ConsumerGroups.metadataKey(groupId)));
        subscriptions.forget(groupId);
    }

    // ---------------------------------------------------------------------------------------------- load & unload

    /** Arms every member's session timeout, and the revocation timeout of members still revoking. */
    public void onLoaded() {
        for (ConsumerGroup group : groups.all()) {
            for (String memberId : group.memberIds()) {
                scheduleSessionTimeout(group.groupId(), memberId);
                ConsumerGroupCurrentAssignmentValue current = group.current(memberId);
                if (current != null && current.state() == MemberState.UNREVOKED_PARTITIONS) {
                    String groupId = group.groupId();
                    int epoch = current.memberEpoch();
                    timers.schedule(
                            revocationKey(groupId, memberId),
                            group.member(memberId).rebalanceTimeoutMs(),
                            op -> revocationTimedOut(op, groupId, memberId, epoch));
                }
            }
        }
    }

    public void unload() {
        subscriptions.clear();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static List<ConsumerGroupHeartbeatResponseData.TopicPartitions> responsePartitions(
            TopicPartitionSet partitions) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> result = new ArrayList<>();
        for (Uuid topicId : partitions.topicIds()) {
            result.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                    .setTopicId(topicId)
                    .setPartitions(new ArrayList<>(partitions.partitions(topicId))));
        }
        return result;
    }

    // Timer keys embed the group id's length, so that no group and member id pair can collide with another.

    private static String sessionKey(String groupId, String memberId) {
        return "consumer-session/" + groupId.length() + "/" + groupId + "/" + memberId;
    }

    private static String revocationKey(String groupId, String memberId) {
        return "consumer-revocation/" + groupId.length() + "/" + groupId + "/" + memberId;
    }
}
