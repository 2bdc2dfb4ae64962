package io.runnel.broker.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.delayed.Scheduler;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.common.time.Time;
import io.runnel.coordinator.CoordinatorResult;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.coordinator.GroupCoordinatorShard;
import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.OffsetsTopic;
import io.runnel.coordinator.TopicMetadata;
import io.runnel.coordinator.TopicsImage;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.RecordSerde;
import io.runnel.coordinator.record.UnknownRecordTypeException;
import io.runnel.metadata.Controller;
import io.runnel.metadata.MetadataImage;
import io.runnel.metadata.MetadataListener;
import io.runnel.metadata.NewTopic;
import io.runnel.metadata.TopicImage;
import io.runnel.protocol.Errors;
import io.runnel.protocol.record.Compression;
import io.runnel.protocol.record.MemoryRecords;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.FileSlice;
import io.runnel.storage.LogReadInfo;
import io.runnel.storage.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the group coordinator (module {@code coordinator}) in the broker: one {@link GroupCoordinatorShard} per
 * {@code __consumer_offsets} partition this broker leads, each called from its own serial executor (the shard is
 * single-threaded), all sharing two threads. It creates {@code __consumer_offsets} (compacted,
 * {@code offsets.topic.num.partitions} partitions) on the first group request, loads a shard by replaying its
 * partition, appends each operation's records to the partition as one batch, reports commits back to the shard
 * (after the group-commit fsync in durable mode), drives the shards' timers, and tells them about topic changes.
 *
 * <p>Thread-safe: requests arrive from network threads and are handed to the shard's executor.
 */
public final class GroupCoordinatorHost implements MetadataListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinatorHost.class);

    /** Records of one coordinator result go out as one batch, which may hold a large group's whole state. */
    private static final String OFFSETS_MAX_MESSAGE_BYTES = Integer.toString(32 * 1024 * 1024);

    private final GroupCoordinatorConfig config;
    private final Controller controller;
    private final ReplicaManager replicas;
    private final Scheduler scheduler;
    private final Time time;
    private final int segmentBytes;
    private final ExecutorService pool;
    private final RecordSerde serde = new RecordSerde();
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
    private volatile TopicsImage topicsImage = TopicsImage.EMPTY;
    private volatile CompletableFuture<Void> topicCreation;
    private volatile boolean closed;

    /** A partition's shard with its executor and timer. The shard is null until loaded. */
    private final class Slot {
        final int partition;
        final SerialExecutor executor = new SerialExecutor(pool);
        GroupCoordinatorShard shard;
        Partition log;
        Scheduler.Cancellable wakeup;
        long wakeupAtMs = Long.MAX_VALUE;

        Slot(int partition) {
            this.partition = partition;
        }
    }

    public GroupCoordinatorHost(
            GroupCoordinatorConfig config,
            Controller controller,
            ReplicaManager replicas,
            Scheduler scheduler,
            Time time,
            int segmentBytes) {
        this.config = config;
        this.controller = controller;
        this.replicas = replicas;
        this.scheduler = scheduler;
        this.time = time;
        this.segmentBytes = segmentBytes;
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "runnel-group-coordinator");
            t.setDaemon(true);
            return t;
        });
    }

    public GroupCoordinatorConfig config() {
        return config;
    }

    public int partitionFor(String groupId) {
        return OffsetsTopic.partitionFor(groupId, config.offsetsTopicNumPartitions());
    }

    /** Creates {@code __consumer_offsets} if it does not exist yet; completes when it does. */
    public CompletableFuture<Void> ensureOffsetsTopic() {
        if (controller.image().topic(OffsetsTopic.NAME) != null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            if (topicCreation == null || topicCreation.isCompletedExceptionally()) {
                topicCreation = controller
                        .createTopic(
                                new NewTopic(
                                        OffsetsTopic.NAME,
                                        config.offsetsTopicNumPartitions(),
                                        (short) 1,
                                        Map.of(),
                                        Map.of(
                                                "cleanup.policy",
                                                "compact",
                                                "segment.bytes",
                                                Integer.toString(segmentBytes),
                                                "max.message.bytes",
                                                OFFSETS_MAX_MESSAGE_BYTES,
                                                "compression.type",
                                                "producer")),
                                false)
                        .handle((t, e) -> {
                            if (e != null
                                    && Errors.forException(e.getCause() != null ? e.getCause() : e)
                                            != Errors.TOPIC_ALREADY_EXISTS) {
                                throw new IllegalStateException("could not create " + OffsetsTopic.NAME, e);
                            }
                            return null;
                        });
            }
            return topicCreation;
        }
    }

    /** Whether this broker hosts the shard of the group and has loaded it. */
    public boolean isLoaded(int partition) {
        Slot slot = slots.get(partition);
        return slot != null && slot.shard != null;
    }

    /**
     * Runs an operation on the shard of {@code partition} and returns its response; a shard that is not here
     * answers NOT_COORDINATOR, one still loading COORDINATOR_LOAD_IN_PROGRESS (both through {@code onError}).
     */
    public <R> CompletableFuture<R> call(
            int partition,
            Function<GroupCoordinatorShard, CoordinatorResult<R>> operation,
            Function<GroupError, R> onError) {
        return ensureOffsetsTopic().handle((v, e) -> e).thenCompose(creationError -> {
            if (creationError != null) {
                return CompletableFuture.completedFuture(onError.apply(GroupError.COORDINATOR_NOT_AVAILABLE));
            }
            Slot slot = slots.get(partition);
            if (slot == null || closed) {
                return CompletableFuture.completedFuture(onError.apply(
                        controller.image().topic(OffsetsTopic.NAME) == null
                                ? GroupError.COORDINATOR_NOT_AVAILABLE
                                : GroupError.NOT_COORDINATOR));
            }
            CompletableFuture<R> response = new CompletableFuture<>();
            slot.executor.execute(() -> {
                if (slot.shard == null) {
                    response.complete(onError.apply(GroupError.COORDINATOR_LOAD_IN_PROGRESS));
                    return;
                }
                if (!slot.shard.isActive()) {
                    response.complete(onError.apply(GroupError.NOT_COORDINATOR));
                    return;
                }
                CoordinatorResult<R> result;
                try {
                    result = operation.apply(slot.shard);
                } catch (RuntimeException ex) {
                    log.error("Group coordinator operation failed on partition {}", partition, ex);
                    response.complete(onError.apply(GroupError.UNKNOWN_SERVER_ERROR));
                    return;
                }
                result.response().whenComplete((r, ex) -> {
                    if (ex != null) {
                        response.complete(onError.apply(GroupError.UNKNOWN_SERVER_ERROR));
                    } else {
                        response.complete(r);
                    }
                });
                write(slot, result);
                reschedule(slot);
            });
            return response;
        });
    }

    /** Runs an operation on every loaded shard and returns their responses, for ListGroups. */
    public <R> CompletableFuture<List<R>> callAll(Function<GroupCoordinatorShard, CoordinatorResult<R>> operation) {
        List<CompletableFuture<R>> all = new ArrayList<>();
        for (Slot slot : slots.values()) {
            CompletableFuture<R> f = new CompletableFuture<>();
            all.add(f);
            slot.executor.execute(() -> {
                if (slot.shard == null || !slot.shard.isActive()) {
                    f.complete(null);
                    return;
                }
                CoordinatorResult<R> result = operation.apply(slot.shard);
                result.response().whenComplete((r, e) -> f.complete(e == null ? r : null));
                write(slot, result);
                reschedule(slot);
            });
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<R> results = new ArrayList<>();
            for (CompletableFuture<R> f : all) {
                R r = f.join();
                if (r != null) {
                    results.add(r);
                }
            }
            return results;
        });
    }

    /** Whether any shard is still loading (ListGroups then reports COORDINATOR_LOAD_IN_PROGRESS). */
    public boolean anyLoading() {
        for (Slot s : slots.values()) {
            if (s.shard == null) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------- appending

    /** Appends a result's records as one batch, then reports the commit to the shard. On the shard's thread. */
    private void write(Slot slot, CoordinatorResult<?> result) {
        if (!result.hasRecords()) {
            return;
        }
        GroupCoordinatorShard shard = slot.shard;
        long now = time.milliseconds();
        RecordBatchBuilder builder = new RecordBatchBuilder(Compression.NONE, 0);
        for (CoordinatorRecord record : result.records()) {
            byte[] key = serde.serializeKey(record);
            byte[] value = record.isTombstone() ? null : serde.serializeValue(record.value());
            builder.append(now, key, value);
        }
        ByteBuf batch = builder.build();
        Partition.Appended appended;
        try {
            appended = slot.log.appendRecordsFromCoordinator(batch);
        } catch (RuntimeException e) {
            log.error(
                    "Could not append to {}-{}; reloading its group coordinator: {}",
                    OffsetsTopic.NAME,
                    slot.partition,
                    e.toString());
            reload(slot);
            return;
        } finally {
            batch.release();
        }
        long writeId = result.writeId();
        appended.committed()
                .whenComplete((v, e) -> slot.executor.execute(() -> {
                    if (slot.shard != shard) {
                        return;
                    }
                    if (e != null) {
                        log.error(
                                "Group coordinator write to partition {} failed; reloading: {}",
                                slot.partition,
                                e.toString());
                        reload(slot);
                    } else {
                        shard.onCommitted(writeId);
                        reschedule(slot);
                    }
                }));
    }

    // --------------------------------------------------------------------------------------------- timers

    private void reschedule(Slot slot) {
        GroupCoordinatorShard shard = slot.shard;
        if (shard == null || closed) {
            return;
        }
        long delay = shard.timerDelayMs();
        if (delay == Long.MAX_VALUE) {
            return;
        }
        long at = time.hiResClockMs() + delay;
        if (slot.wakeup != null && slot.wakeupAtMs <= at) {
            return;
        }
        if (slot.wakeup != null) {
            slot.wakeup.cancel();
        }
        slot.wakeupAtMs = at;
        slot.wakeup = scheduler.schedule(
                delay,
                () -> slot.executor.execute(() -> {
                    slot.wakeup = null;
                    slot.wakeupAtMs = Long.MAX_VALUE;
                    if (slot.shard != shard || !shard.isActive()) {
                        return;
                    }
                    write(slot, shard.expireTimers());
                    reschedule(slot);
                }));
    }

    // ------------------------------------------------------------------------------------------ loading

    @Override
    public void onImage(MetadataImage previous, MetadataImage current) {
        TopicsImage image = toTopicsImage(current);
        boolean topicsChanged = !sameTopics(previous, current);
        topicsImage = image;
        Set<String> deleted = new TreeSet<>();
        for (TopicImage old : previous.topics().values()) {
            TopicImage now = current.topic(old.name());
            if (now == null || !now.id().equals(old.id())) {
                deleted.add(old.name());
            }
        }
        TopicImage offsets = current.topic(OffsetsTopic.NAME);
        if (offsets == null) {
            for (Slot slot : slots.values()) {
                unload(slot);
            }
            slots.clear();
        } else {
            for (int p = 0; p < offsets.partitions().size(); p++) {
                int partition = p;
                Partition hosted = replicas.partition(OffsetsTopic.NAME, partition);
                if (hosted != null && !slots.containsKey(partition)) {
                    Slot slot = new Slot(partition);
                    slot.log = hosted;
                    slots.put(partition, slot);
                    slot.executor.execute(() -> load(slot));
                }
            }
        }
        if (!topicsChanged && deleted.isEmpty()) {
            return;
        }
        for (Slot slot : slots.values()) {
            slot.executor.execute(() -> {
                GroupCoordinatorShard shard = slot.shard;
                if (shard == null || !shard.isActive()) {
                    return;
                }
                if (topicsChanged) {
                    write(slot, shard.onMetadataUpdate(image));
                }
                if (!deleted.isEmpty()) {
                    write(slot, shard.onTopicsDeleted(deleted));
                }
                reschedule(slot);
            });
        }
    }

    private static boolean sameTopics(MetadataImage a, MetadataImage b) {
        if (a.topics().size() != b.topics().size()) {
            return false;
        }
        for (TopicImage t : b.topics().values()) {
            TopicImage o = a.topic(t.name());
            if (o == null
                    || !o.id().equals(t.id())
                    || o.partitions().size() != t.partitions().size()) {
                return false;
            }
        }
        return true;
    }

    private static TopicsImage toTopicsImage(MetadataImage image) {
        List<TopicMetadata> topics = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            topics.add(new TopicMetadata(t.id(), t.name(), t.partitions().size(), t.isInternal()));
        }
        return TopicsImage.of(topics);
    }

    /** Replays the partition into a fresh shard. On the shard's thread. */
    private void load(Slot slot) {
        long start = time.hiResClockMs();
        GroupCoordinatorShard shard = new GroupCoordinatorShard(slot.partition, config, time, topicsImage);
        long records = 0;
        try {
            long offset = slot.log.log().logStartOffset();
            while (true) {
                long end = slot.log.log().logEndOffset();
                if (offset >= end) {
                    break;
                }
                LogReadInfo info = slot.log.read(offset, 1 << 20, FetchIsolation.LOG_END, true);
                FileSlice slice = info.records();
                if (slice.isEmpty()) {
                    break;
                }
                ByteBuf buf = Unpooled.buffer(slice.length());
                try {
                    slice.readInto(buf);
                    for (RecordBatch batch : new MemoryRecords(buf).batches()) {
                        if (!batch.isControlBatch()) {
                            for (Record r : batch) {
                                if (r.offset() < offset) {
                                    continue;
                                }
                                try {
                                    shard.replay(serde.deserialize(r.keyBytes(), r.hasValue() ? r.valueBytes() : null));
                                    records++;
                                } catch (UnknownRecordTypeException e) {
                                    log.warn(
                                            "Skipping an unknown record type in {}-{}: {}",
                                            OffsetsTopic.NAME,
                                            slot.partition,
                                            e.getMessage());
                                }
                            }
                        }
                        offset = Math.max(offset, batch.nextOffset());
                    }
                } finally {
                    buf.release();
                }
            }
        } catch (Exception e) {
            log.error("Could not load the group coordinator of {}-{}", OffsetsTopic.NAME, slot.partition, e);
            return;
        }
        shard.onLoaded();
        slot.shard = shard;
        write(slot, shard.rewriteLegacyRecords());
        if (records > 0) {
            log.info(
                    "Loaded the group coordinator of {}-{} from {} records in {} ms",
                    OffsetsTopic.NAME,
                    slot.partition,
                    records,
                    time.hiResClockMs() - start);
        }
        reschedule(slot);
    }

    private void reload(Slot slot) {
        unload(slot);
        slot.executor.execute(() -> load(slot));
    }

    private void unload(Slot slot) {
        if (slot.wakeup != null) {
            slot.wakeup.cancel();
            slot.wakeup = null;
            slot.wakeupAtMs = Long.MAX_VALUE;
        }
        GroupCoordinatorShard shard = slot.shard;
        slot.shard = null;
        if (shard != null) {
            shard.unload();
        }
    }

    /** The names of topics in the current image. */
    public Collection<TopicMetadata> topics() {
        return topicsImage.topics();
    }

    public TopicsImage topicsImage() {
        return topicsImage;
    }

    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Slot slot : slots.values()) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            slot.executor.execute(() -> {
                unload(slot);
                f.complete(null);
            });
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Group coordinator shards did not unload in time: {}", e.toString());
        }
        pool.shutdown();
    }

    static TopicPartition offsetsPartition(int partition) {
        return new TopicPartition(OffsetsTopic.NAME, partition);
    }
}
