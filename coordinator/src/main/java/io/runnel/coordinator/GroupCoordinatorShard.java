package io.runnel.coordinator;

import io.runnel.common.time.Time;
import io.runnel.coordinator.classic.ClassicGroup;
import io.runnel.coordinator.classic.ClassicGroupManager;
import io.runnel.coordinator.classic.ClassicGroups;
import io.runnel.coordinator.consumer.ConsumerGroup;
import io.runnel.coordinator.consumer.ConsumerGroupManager;
import io.runnel.coordinator.consumer.ConsumerGroups;
import io.runnel.coordinator.offset.CommittedOffsets;
import io.runnel.coordinator.offset.OffsetExpirationCondition;
import io.runnel.coordinator.offset.OffsetManager;
import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.ClassicGroupState;
import io.runnel.coordinator.record.ClassicGroupValue;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.OffsetCommitKey;
import io.runnel.coordinator.record.OffsetCommitValue;
import io.runnel.coordinator.runtime.Deferred;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.coordinator.runtime.ResponseGate;
import io.runnel.coordinator.runtime.TimerQueue;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteGroupsResponseData;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.HeartbeatRequestData;
import io.runnel.protocol.message.HeartbeatResponseData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetDeleteResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import io.runnel.protocol.message.SyncGroupRequestData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator for the groups of one {@code __consumer_offsets} partition: a state machine whose state is
 * exactly what the partition's records say (classic groups, consumer groups, committed offsets), driven by its
 * host (the broker).
 *
 * <h2>Host contract</h2>
 *
 * <ol>
 *   <li><b>One thread.</b> Every method is called from one thread per shard (or under one lock); nothing here is
 *       thread-safe. Response futures complete on that thread.
 *   <li><b>Load.</b> Construct, then {@link #replay} every record of the partition from its log start to its end
 *       (deserialized with {@link io.runnel.coordinator.record.RecordSerde}; skip records whose type is unknown),
 *       then call {@link #onLoaded()} once and append the result of {@link #rewriteLegacyRecords()} as a request's.
 *       Requests before that are answered with COORDINATOR_LOAD_IN_PROGRESS.
 *   <li><b>Requests.</b> Route a group's requests to the shard of {@link OffsetsTopic#partitionFor}. Each handler
 *       returns a {@link CoordinatorResult}: append its records (in order, to this shard's partition, after the
 *       records of every earlier result), and once they are durable call {@link #onCommitted(long)} with its write
 *       id. Send the response when its future completes. Never replay records that a handler returned: they are
 *       applied already. Multi-group requests (OffsetFetch v8+, DeleteGroups, DescribeGroups,
 *       ConsumerGroupDescribe) are split by shard into requests of the same type and version holding only that
 *       shard's groups, and the per-group results concatenated; ListGroups goes to every shard and the lists are
 *       concatenated.
 *   <li><b>Time.</b> After every call, read {@link #timerDelayMs()} and make sure {@link #expireTimers()} runs no
 *       later than that many milliseconds from now (earlier is harmless); treat its result like a request's.
 *   <li><b>Metadata.</b> Call {@link #onMetadataUpdate} with a new image whenever topics are created, deleted or
 *       change partition count, and {@link #onTopicsDeleted} when topics are deleted (their offsets go too).
 *   <li><b>Failure and handover.</b> If an append fails, or the partition's leadership moves away, call {@link
 *       #unload()}: every response not yet sent completes with NOT_COORDINATOR, and the shard is dead. Its state is
 *       ahead of the log after a failed append, so the host builds a fresh shard by loading again.
 * </ol>
 *
 * <p>State changes only by replaying records (CONVENTIONS item 6): handlers build records and apply each through
 * {@link #replay} as they write it. What records do not carry is transient: requests parked until a rebalance
 * moves on, timers, member ids handed out but not yet used. It starts empty on load.
 */
public final class GroupCoordinatorShard {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinatorShard.class);
    private static final String OFFSET_EXPIRATION_KEY = "offset-expiration";

    private final int partition;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final ResponseGate gate = new ResponseGate();
    private final TimerQueue<Operation> timers;
    private final CommittedOffsets offsets = new CommittedOffsets();
    private final ClassicGroups classicGroups = new ClassicGroups();
    private final ConsumerGroups consumerGroups = new ConsumerGroups();
    private final LegacyRecords legacy = new LegacyRecords();

    private final OffsetManager offsetManager;
    private final ClassicGroupManager classic;
    private final ConsumerGroupManager consumer;
    private TopicsImage image;
    private boolean loaded;
    private boolean unloaded;

    public GroupCoordinatorShard(int partition, GroupCoordinatorConfig config, Time time, TopicsImage image) {
        this.partition = partition;
        this.config = config;
        this.time = time;
        this.image = image;
        this.timers = new TimerQueue<>(time);
        this.offsetManager = new OffsetManager(offsets, config);
        this.classic = new ClassicGroupManager(classicGroups, config, time, timers);
        this.consumer = new ConsumerGroupManager(consumerGroups, config, timers, image);
    }

    /** The {@code __consumer_offsets} partition this shard coordinates. */
    public int partition() {
        return partition;
    }

    // ---------------------------------------------------------------------------------------------- load

    /** Applies one record: while loading, every record of the partition in order. */
    public void replay(CoordinatorRecord record) {
        legacy.onReplay(record);
        switch (record.key().type()) {
            case OFFSET_COMMIT:
                offsets.replay((OffsetCommitKey) record.key(), (OffsetCommitValue) record.value());
                break;
            case CLASSIC_GROUP:
                classicGroups.replay((ClassicGroupKey) record.key(), (ClassicGroupValue) record.value());
                break;
            case CONSUMER_GROUP_METADATA:
            case CONSUMER_GROUP_MEMBER:
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA:
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER:
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT:
                consumerGroups.replay(record);
                break;
            default:
                throw new IllegalStateException(
                        "unhandled record type " + record.key().type());
        }
    }

    /** The partition is replayed: arms session and rebalance timers and the offset expiration check. */
    public void onLoaded() {
        if (loaded || unloaded) {
            throw new IllegalStateException("shard " + partition + " is already loaded or unloaded");
        }
        loaded = true;
        classic.onLoaded();
        consumer.onLoaded();
        scheduleOffsetExpiration();
        log.info(
                "Loaded __consumer_offsets-{}: {} classic groups, {} consumer groups, offsets of {} groups",
                partition,
                classicGroups.all().size(),
                consumerGroups.all().size(),
                offsets.groupIds().size());
    }

    /**
     * Call once right after {@link #onLoaded()}: the records that restate in Kafka's format the state loaded from
     * records of the legacy layout, each followed by the tombstone of its legacy key (none when the partition held
     * none). Append them like a request's result.
     */
    public CoordinatorResult<Void> rewriteLegacyRecords() {
        Operation op = new Operation(gate, this::replay);
        legacy.rewrite(op, offsets, classicGroups, consumerGroups);
        return op.finish(CompletableFuture.completedFuture(null));
    }

    /** Whether {@link #onLoaded()} was called and {@link #unload()} was not. */
    public boolean isActive() {
        return loaded && !unloaded;
    }

    // ---------------------------------------------------------------------------------------------- classic

    public CoordinatorResult<JoinGroupResponseData> joinGroup(RequestContext ctx, JoinGroupRequestData request) {
        return run(e -> ErrorResponses.joinGroup(request, ctx.apiVersion(), e), (op, response) -> {
            ConsumerGroup consumerGroup = request.groupId() == null ? null : consumerGroups.get(request.groupId());
            if (consumerGroup != null) {
                if (!consumerGroup.isEmpty()) {
                    throw GroupError.INCONSISTENT_GROUP_PROTOCOL.exception();
                }
                if (!request.memberId().isEmpty()) {
                    throw GroupError.UNKNOWN_MEMBER_ID.exception();
                }
                // An empty consumer group becomes a classic group; its offsets stay.
                consumer.delete(op, request.groupId());
            }
            classic.join(op, ctx, request, response);
        });
    }

    public CoordinatorResult<SyncGroupResponseData> syncGroup(RequestContext ctx, SyncGroupRequestData request) {
        return run(
                e -> ErrorResponses.of(request, ctx.apiVersion(), e),
                (op, response) -> classic.sync(op, ctx, request, response));
    }

    public CoordinatorResult<HeartbeatResponseData> heartbeat(RequestContext ctx, HeartbeatRequestData request) {
        return run(
                e -> ErrorResponses.of(request, ctx.apiVersion(), e),
                (op, response) -> op.release(response, classic.heartbeat(ctx, request)));
    }

    public CoordinatorResult<LeaveGroupResponseData> leaveGroup(RequestContext ctx, LeaveGroupRequestData request) {
        return run(
                e -> ErrorResponses.of(request, ctx.apiVersion(), e),
                (op, response) -> op.release(response, classic.leave(op, ctx, request)));
    }

    // ---------------------------------------------------------------------------------------------- offsets

    public CoordinatorResult<OffsetCommitResponseData> commitOffsets(
            RequestContext ctx, OffsetCommitRequestData request) {
        return run(e -> ErrorResponses.of(request, ctx.apiVersion(), e), (op, response) -> {
            String groupId = request.groupId();
            if (groupId == null || groupId.isEmpty()) {
                throw GroupError.INVALID_GROUP_ID.exception();
            }
            short version = ctx.apiVersion();
            int generation = request.generationIdOrMemberEpoch();
            GroupError error;
            ConsumerGroup consumerGroup = consumerGroups.get(groupId);
            if (consumerGroup != null) {
                error = consumer.validateOffsetCommit(consumerGroup, request.memberId(), generation, version);
            } else {
                ClassicGroup group = classicGroups.get(groupId);
                if (group == null && !offsets.hasOffsets(groupId) && generation >= 0) {
                    error = version >= 9 ? GroupError.GROUP_ID_NOT_FOUND : GroupError.ILLEGAL_GENERATION;
                } else {
                    error = classic.validateOffsetCommit(
                            group, request.memberId(), request.groupInstanceId(), generation);
                }
            }
            if (error != GroupError.NONE) {
                throw error.exception();
            }
            op.release(response, offsetManager.commit(op, request, version, time.milliseconds(), image));
        });
    }

    /**
     * OffsetFetch. {@code require_stable} needs no handling: without transactions no commit is ever pending, so
     * every offset is stable.
     */
    public CoordinatorResult<OffsetFetchResponseData> fetchOffsets(RequestContext ctx, OffsetFetchRequestData request) {
        short version = ctx.apiVersion();
        return run(e -> ErrorResponses.of(request, version, e), (op, response) -> {
            if (version >= 8) {
                OffsetFetchResponseData result = new OffsetFetchResponseData();
                for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
                    result.groups()
                            .add(fetchGroup(
                                    group.groupId(),
                                    group.memberId(),
                                    group.memberEpoch(),
                                    group.topics(),
                                    version >= 10));
                }
                op.release(response, result);
            } else {
                op.release(
                        response,
                        ErrorResponses.toLegacyOffsetFetch(
                                fetchGroup(
                                        request.groupId(),
                                        null,
                                        -1,
                                        ErrorResponses.legacyTopics(request.topics()),
                                        false),
                                version));
            }
        });
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetchGroup(
            String groupId,
            String memberId,
            int memberEpoch,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics,
            boolean useTopicIds) {
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        if (consumerGroup != null) {
            GroupError error = consumer.validateOffsetFetch(consumerGroup, memberId, memberEpoch);
            if (error != GroupError.NONE) {
                return OffsetManager.fetchError(groupId, topics, error);
            }
        }
        return offsetManager.fetch(groupId, topics, useTopicIds, image);
    }

    public CoordinatorResult<OffsetDeleteResponseData> deleteOffsets(
            RequestContext ctx, OffsetDeleteRequestData request) {
        return run(e -> ErrorResponses.of(request, ctx.apiVersion(), e), (op, response) -> {
            String groupId = request.groupId();
            ConsumerGroup consumerGroup = consumerGroups.get(groupId);
            ClassicGroup group = classicGroups.get(groupId);
            Set<String> subscribed;
            if (consumerGroup != null) {
                subscribed = consumer.subscribedTopics(consumerGroup);
            } else if (group != null && !group.isInState(ClassicGroupState.EMPTY)) {
                if (!ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())) {
                    throw GroupError.NON_EMPTY_GROUP.exception();
                }
                subscribed = group.subscribedTopics();
                if (subscribed == null) {
                    // Subscriptions unknown: every topic counts as subscribed.
                    subscribed = new HashSet<>();
                    for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : request.topics()) {
                        subscribed.add(t.name());
                    }
                }
            } else if (group != null || offsets.hasOffsets(groupId)) {
                subscribed = Set.of();
            } else {
                throw GroupError.GROUP_ID_NOT_FOUND.exception();
            }
            op.release(response, offsetManager.delete(op, request, subscribed));
        });
    }

    // ---------------------------------------------------------------------------------------------- admin

    public CoordinatorResult<DeleteGroupsResponseData> deleteGroups(
            RequestContext ctx, DeleteGroupsRequestData request) {
        return run(e -> ErrorResponses.of(request, ctx.apiVersion(), e), (op, response) -> {
            DeleteGroupsResponseData result = new DeleteGroupsResponseData();
            for (String groupId : request.groupsNames()) {
                result.results()
                        .add(new DeleteGroupsResponseData.DeletableGroupResult()
                                .setGroupId(groupId)
                                .setErrorCode(deleteGroup(op, groupId).code()));
            }
            op.release(response, result);
        });
    }

    private GroupError deleteGroup(Operation op, String groupId) {
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        ClassicGroup group = classicGroups.get(groupId);
        if (consumerGroup != null) {
            if (!consumerGroup.isEmpty()) {
                return GroupError.NON_EMPTY_GROUP;
            }
            offsetManager.deleteAll(op, groupId);
            consumer.delete(op, groupId);
        } else if (group != null) {
            if (!group.isInState(ClassicGroupState.EMPTY)) {
                return GroupError.NON_EMPTY_GROUP;
            }
            offsetManager.deleteAll(op, groupId);
            classic.delete(op, groupId);
        } else if (offsets.hasOffsets(groupId)) {
            offsetManager.deleteAll(op, groupId);
        } else {
            return GroupError.GROUP_ID_NOT_FOUND;
        }
        log.info("Deleted group {}", groupId);
        return GroupError.NONE;
    }

    /** ListGroups over this shard's groups, sorted by group id; v4+ filters by state, v5+ by type. */
    public CoordinatorResult<ListGroupsResponseData> listGroups(RequestContext ctx, ListGroupsRequestData request) {
        short version = ctx.apiVersion();
        return run(e -> ErrorResponses.of(request, version, e), (op, response) -> {
            Set<String> states = new HashSet<>();
            Set<String> types = new HashSet<>();
            if (version >= 4) {
                request.statesFilter().forEach(s -> states.add(s.toLowerCase(Locale.ROOT)));
            }
            if (version >= 5) {
                request.typesFilter().forEach(t -> types.add(t.toLowerCase(Locale.ROOT)));
            }
            ListGroupsResponseData result = new ListGroupsResponseData();
            for (String groupId : allGroupIds()) {
                String state;
                String type;
                String protocolType;
                ConsumerGroup consumerGroup = consumerGroups.get(groupId);
                if (consumerGroup != null) {
                    state = consumerGroup.state().displayName();
                    type = "consumer";
                    protocolType = ClassicGroup.CONSUMER_PROTOCOL_TYPE;
                } else {
                    ClassicGroup group = classicGroups.get(groupId);
                    state = group == null
                            ? ClassicGroupState.EMPTY.displayName()
                            : group.state().displayName();
                    type = "classic";
                    protocolType = group == null || group.protocolType() == null ? "" : group.protocolType();
                }
                if ((states.isEmpty() || states.contains(state.toLowerCase(Locale.ROOT)))
                        && (types.isEmpty() || types.contains(type))) {
                    result.groups()
                            .add(new ListGroupsResponseData.ListedGroup()
                                    .setGroupId(groupId)
                                    .setProtocolType(protocolType)
                                    .setGroupState(state)
                                    .setGroupType(type));
                }
            }
            op.release(response, result);
        });
    }

    public CoordinatorResult<DescribeGroupsResponseData> describeGroups(
            RequestContext ctx, DescribeGroupsRequestData request) {
        short version = ctx.apiVersion();
        return run(e -> ErrorResponses.of(request, version, e), (op, response) -> {
            DescribeGroupsResponseData result = new DescribeGroupsResponseData();
            for (String groupId : request.groups()) {
                result.groups().add(describeGroup(groupId, version));
            }
            op.release(response, result);
        });
    }

    private DescribeGroupsResponseData.DescribedGroup describeGroup(String groupId, short version) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorResponses.describedGroupError(
                    groupId == null ? "" : groupId, GroupError.INVALID_GROUP_ID, "The group id is empty.", version);
        }
        ClassicGroup group = classicGroups.get(groupId);
        if (group != null) {
            return classic.describe(group);
        }
        if (offsets.hasOffsets(groupId) && !consumerGroups.contains(groupId)) {
            return new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId)
                    .setGroupState(ClassicGroupState.EMPTY.displayName())
                    .setProtocolType("")
                    .setProtocolData("");
        }
        String message = consumerGroups.contains(groupId)
                ? "Group " + groupId + " is not a classic group."
                : "Group " + groupId + " not found.";
        DescribeGroupsResponseData.DescribedGroup dead = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(ClassicGroupState.DEAD.displayName())
                .setProtocolType("")
                .setProtocolData("");
        if (version >= 6) {
            dead.setErrorCode(GroupError.GROUP_ID_NOT_FOUND.code()).setErrorMessage(message);
        }
        return dead;
    }

    // ---------------------------------------------------------------------------------------------- consumer

    public CoordinatorResult<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            RequestContext ctx, ConsumerGroupHeartbeatRequestData request) {
        return run(e -> ErrorResponses.of(request, ctx.apiVersion(), e), (op, response) -> {
            try {
                if (!config.consumerProtocolEnabled()) {
                    throw GroupError.UNSUPPORTED_VERSION.exception("The consumer group protocol is disabled.");
                }
                String groupId = request.groupId();
                ClassicGroup group = groupId == null ? null : classicGroups.get(groupId);
                if (group != null) {
                    if (request.memberEpoch() == 0
                            && group.isInState(ClassicGroupState.EMPTY)
                            && !classic.hasPendingMembers(groupId)) {
                        // An empty classic group becomes a consumer group; its offsets stay.
                        classic.delete(op, groupId);
                    } else {
                        throw GroupError.GROUP_ID_NOT_FOUND.exception("Group " + groupId + " is not a consumer group.");
                    }
                }
                op.release(response, consumer.heartbeat(op, ctx, request));
            } catch (GroupCoordinatorException e) {
                op.release(response, ErrorResponses.of(request, ctx.apiVersion(), e.error(), e.getMessage()));
            }
        });
    }

    public CoordinatorResult<ConsumerGroupDescribeResponseData> consumerGroupDescribe(
            RequestContext ctx, ConsumerGroupDescribeRequestData request) {
        return run(e -> ErrorResponses.of(request, ctx.apiVersion(), e), (op, response) -> {
            ConsumerGroupDescribeResponseData result = new ConsumerGroupDescribeResponseData();
            for (String groupId : request.groupIds()) {
                ConsumerGroup group = groupId == null ? null : consumerGroups.get(groupId);
                if (groupId == null || groupId.isEmpty()) {
                    result.groups()
                            .add(new ConsumerGroupDescribeResponseData.DescribedGroup()
                                    .setGroupId(groupId == null ? "" : groupId)
                                    .setErrorCode(GroupError.INVALID_GROUP_ID.code())
                                    .setErrorMessage("The group id is empty."));
                } else if (group == null) {
                    boolean classicGroup = classicGroups.contains(groupId) || offsets.hasOffsets(groupId);
                    result.groups()
                            .add(new ConsumerGroupDescribeResponseData.DescribedGroup()
                                    .setGroupId(groupId)
                                    .setErrorCode(GroupError.GROUP_ID_NOT_FOUND.code())
                                    .setErrorMessage(
                                            classicGroup
                                                    ? "Group " + groupId + " is not a consumer group."
                                                    : "Group " + groupId + " not found."));
                } else {
                    result.groups().add(consumer.describe(group, ctx.apiVersion()));
                }
            }
            op.release(response, result);
        });
    }

    // ---------------------------------------------------------------------------------------------- host events

    /** How long until {@link #expireTimers()} has work: 0 if now, {@link Long#MAX_VALUE} if nothing is scheduled. */
    public long timerDelayMs() {
        return timers.delayToNextMs();
    }

    /** Runs every due timer (session timeouts, rebalance phases, offset expiration). */
    public CoordinatorResult<Void> expireTimers() {
        Operation op = new Operation(gate, this::replay);
        if (isActive()) {
            timers.runExpired(op);
        }
        return op.finish(CompletableFuture.completedFuture(null));
    }

    /** Adopts a new metadata image; consumer groups whose subscribed topics changed move to a new epoch. */
    public CoordinatorResult<Void> onMetadataUpdate(TopicsImage newImage) {
        this.image = newImage;
        Operation op = new Operation(gate, this::replay);
        consumer.onMetadataUpdate(op, newImage);
        return op.finish(CompletableFuture.completedFuture(null));
    }

    /** Topics were deleted: so are every group's offsets for them. */
    public CoordinatorResult<Void> onTopicsDeleted(Collection<String> topics) {
        Operation op = new Operation(gate, this::replay);
        offsetManager.deleteTopics(op, topics);
        return op.finish(CompletableFuture.completedFuture(null));
    }

    /** The records of every result up to {@code writeId} are durable: their responses may go out. */
    public void onCommitted(long writeId) {
        gate.onCommitted(writeId);
    }

    /**
     * The shard stops: every response not yet sent completes with NOT_COORDINATOR and timers are dropped. A shard
     * is not reused after this.
     */
    public void unload() {
        unloaded = true;
        timers.clear();
        classic.unload();
        consumer.unload();
        gate.failAll(GroupError.NOT_COORDINATOR);
        log.info("Unloaded __consumer_offsets-{}", partition);
    }

    // ---------------------------------------------------------------------------------------------- internals

    private <R> CoordinatorResult<R> run(
            Function<GroupError, R> errorResponse, BiConsumer<Operation, Deferred<R>> handler) {
        Operation op = new Operation(gate, this::replay);
        Deferred<R> response = gate.newDeferred(errorResponse);
        if (!isActive()) {
            op.release(
                    response,
                    errorResponse.apply(
                            unloaded ? GroupError.NOT_COORDINATOR : GroupError.COORDINATOR_LOAD_IN_PROGRESS));
            return op.finish(response.future());
        }
        try {
            handler.accept(op, response);
        } catch (GroupCoordinatorException e) {
            op.release(response, errorResponse.apply(e.error()));
        } catch (RuntimeException e) {
            log.error("Unexpected failure in __consumer_offsets-{}", partition, e);
            op.release(response, errorResponse.apply(GroupError.UNKNOWN_SERVER_ERROR));
        }
        return op.finish(response.future());
    }

    private Set<String> allGroupIds() {
        Set<String> ids = new TreeSet<>(offsets.groupIds());
        classicGroups.all().forEach(g -> ids.add(g.groupId()));
        consumerGroups.all().forEach(g -> ids.add(g.groupId()));
        return ids;
    }

    private void scheduleOffsetExpiration() {
        timers.schedule(OFFSET_EXPIRATION_KEY, config.offsetsRetentionCheckIntervalMs(), this::expireOffsets);
    }

    /**
     * Deletes expired offsets (see {@link OffsetExpirationCondition}), then every group left empty with no
     * offsets, as Kafka does.
     */
    private void expireOffsets(Operation op) {
        long now = time.milliseconds();
        for (String groupId : allGroupIds()) {
            ConsumerGroup consumerGroup = consumerGroups.get(groupId);
            ClassicGroup group = classicGroups.get(groupId);
            OffsetExpirationCondition condition = consumerGroup != null
                    ? consumer.expirationCondition(consumerGroup)
                    : ClassicGroupManager.expirationCondition(group);
            boolean noOffsetsLeft = offsetManager.expire(op, groupId, condition, now);
            if (!noOffsetsLeft) {
                continue;
            }
            if (consumerGroup != null && consumerGroup.isEmpty()) {
                log.info("Deleting empty consumer group {}: it has no offsets left", groupId);
                consumer.delete(op, groupId);
            } else if (group != null
                    && group.isInState(ClassicGroupState.EMPTY)
                    && !classic.hasPendingMembers(groupId)) {
                log.info("Deleting empty classic group {}: it has no offsets left", groupId);
                classic.delete(op, groupId);
            }
        }
        scheduleOffsetExpiration();
    }
}
