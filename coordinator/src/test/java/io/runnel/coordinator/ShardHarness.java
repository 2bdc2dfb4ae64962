package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.common.time.MockTime;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.RecordSerde;
import io.runnel.protocol.ApiMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Plays the broker's part for one shard, deterministically: appends every result's records (serialized, as the
 * broker would write them) to an in-memory partition, reports commits, fires timers as {@link MockTime} advances,
 * and rebuilds a fresh shard from the partition on {@link #reload()}. Every response is encoded at its request's
 * version, so a response the wire cannot carry fails the test.
 *
 * <p>With {@link #holdCommits()}, appends stay uncommitted until {@link #commitAll()}, to observe that responses
 * wait for durability.
 */
final class ShardHarness {

    final MockTime time;
    final GroupCoordinatorConfig config;
    private final RecordSerde serde = new RecordSerde();
    /** The partition: serialized key and value of every appended record, in order. */
    final List<byte[][]> log;

    private final ArrayDeque<Long> uncommitted = new ArrayDeque<>();
    private boolean holdCommits;
    private TopicsImage image;
    GroupCoordinatorShard shard;

    ShardHarness(GroupCoordinatorConfig config, TopicsImage image) {
        this(new MockTime(), config, image, new ArrayList<>());
    }

    ShardHarness(Map<String, ?> config) {
        this(GroupCoordinatorConfig.of(config), TopicsImage.EMPTY);
    }

    private ShardHarness(MockTime time, GroupCoordinatorConfig config, TopicsImage image, List<byte[][]> log) {
        this.time = time;
        this.config = config;
        this.image = image;
        this.log = log;
        this.shard = load();
        append(shard.rewriteLegacyRecords());
    }

    private GroupCoordinatorShard load() {
        GroupCoordinatorShard fresh = new GroupCoordinatorShard(0, config, time, image);
        for (byte[][] record : log) {
            fresh.replay(serde.deserialize(record[0], record[1]));
        }
        fresh.onLoaded();
        return fresh;
    }

    /** A harness over a new shard loaded from this one's partition, on the same clock (this one is unloaded). */
    ShardHarness reload() {
        commitAll();
        shard.unload();
        return new ShardHarness(time, config, image, log);
    }

    /** Runs one operation as the broker would: append its records, commit them unless held, return the future. */
    <R> CompletableFuture<R> submit(short version, Supplier<CoordinatorResult<R>> operation) {
        CoordinatorResult<R> result = operation.get();
        append(result);
        // The caller gets the response only once it has been encoded at its version: a failure surfaces there.
        return result.response().thenApply(r -> {
            if (r instanceof ApiMessage) {
                assertEncodable((ApiMessage) r, version);
            }
            return r;
        });
    }

    /** Runs an operation whose response must be ready at once (after commit) and returns it. */
    <R> R call(short version, Supplier<CoordinatorResult<R>> operation) {
        CompletableFuture<R> response = submit(version, operation);
        assertThat(response).as("response is ready").isDone();
        return response.join();
    }

    void append(CoordinatorResult<?> result) {
        if (result.hasRecords()) {
            for (CoordinatorRecord record : result.records()) {
                log.add(new byte[][] {serde.serializeKey(record), serde.serializeValue(record.value())});
            }
            uncommitted.add(result.writeId());
            if (!holdCommits) {
                commitAll();
            }
        }
    }

    void holdCommits() {
        holdCommits = true;
    }

    void commitAll() {
        holdCommits = false;
        Long last = null;
        while (!uncommitted.isEmpty()) {
            last = uncommitted.poll();
        }
        if (last != null) {
            shard.onCommitted(last);
        }
    }

    /** Advances the clock by {@code ms}, firing every timer at its deadline as a broker's scheduler would. */
    void advance(long ms) {
        long remaining = ms;
        while (true) {
            long delay = shard.timerDelayMs();
            if (delay > remaining) {
                time.advance(remaining);
                return;
            }
            time.advance(delay);
            remaining -= delay;
            append(shard.expireTimers());
        }
    }

    void updateMetadata(TopicsImage newImage) {
        this.image = newImage;
        append(shard.onMetadataUpdate(newImage));
    }

    int logSize() {
        return log.size();
    }

    static void assertEncodable(ApiMessage message, short version) {
        ByteBuf buf = Unpooled.buffer();
        try {
            message.write(buf, version);
            assertThat(buf.readableBytes()).isEqualTo(message.size(version));
        } finally {
            buf.release();
        }
    }
}
