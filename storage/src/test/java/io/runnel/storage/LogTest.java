package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.TimestampType;
import io.runnel.storage.epoch.EpochEndOffset;
import io.runnel.storage.epoch.EpochEntry;
import io.runnel.storage.io.Disk;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path root;

    private final MockTime time = new MockTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private Log log;

    private LogEnvironment env() {
        return new LogEnvironment(Disk.LOCAL, time, Runnable::run, scheduler, l -> {});
    }

    private Path dir() {
        return root.resolve(TP.directoryName());
    }

    private Log open(LogConfig config) throws IOException {
        log = Log.open(dir(), TP, config, env(), 0, 0, 0, false);
        return log;
    }

    private Log reopen(LogConfig config, boolean clean) throws IOException {
        long recoveryPoint = log.recoveryPoint();
        long start = log.logStartOffset();
        long hw = log.highWatermark();
        log.close();
        log = Log.open(dir(), TP, config, env(), recoveryPoint, start, hw, clean);
        return log;
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private static LogConfig config(Object... keyValues) {
        Map<String, Object> props = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return LogConfig.of(props);
    }

    private LogAppendInfo append(ByteBuf batch) {
        LogAppendInfo info = log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
        log.updateHighWatermark(log.logEndOffset());
        return info;
    }

    @Test
    void appendsAssignDenseOffsetsAndReadsReturnTheBatchesWritten() throws IOException {
        open(LogConfig.defaults());
        LogAppendInfo first = append(TestBatches.values(time.milliseconds(), "a", "b", "c"));
        LogAppendInfo second = append(TestBatches.values(time.milliseconds(), "d"));
        assertThat(first.firstOffset()).isEqualTo(0);
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(first.recordCount()).isEqualTo(3);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(4);

        List<RecordBatch> batches = LogContents.all(log);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);
        assertThat(batches).allMatch(RecordBatch::isValid);
        assertThat(batches).extracting(RecordBatch::partitionLeaderEpoch).containsOnly(0);
    }

    @Test
    void aReadFromInsideABatchReturnsTheWholeBatch() throws IOException {
        open(LogConfig.defaults());
        append(TestBatches.values(time.milliseconds(), "a", "b", "c"));
        append(TestBatches.values(time.milliseconds(), "d", "e"));
        LogReadInfo info = log.read(4, 1 << 20, FetchIsolation.LOG_END, true);
        assertThat(LogContents.batches(info.records()))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(3L);
        info = log.read(1, 1 << 20, FetchIsolation.LOG_END, true);
        assertThat(LogContents.batches(info.records()))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(0L, 3L);
    }

    @Test
    void readsStopAtWholeBatchesWithinMaxBytes() throws IOException {
        open(LogConfig.defaults());
        for (int i = 0; i < 10; i++) {
            append(TestBatches.batch(time.milliseconds(), 1, 100));
        }
        int batchSize = LogContents.all(log).get(0).sizeInBytes();
        LogReadInfo info = log.read(0, batchSize * 3 + batchSize / 2, FetchIsolation.LOG_END, false);
        assertThat(info.records().length()).isEqualTo(batchSize * 3);
        assertThat(LogContents.batches(info.records())).hasSize(3);

        LogReadInfo tooSmall = log.read(0, batchSize - 1, FetchIsolation.LOG_END, false);
        assertThat(tooSmall.records().isEmpty()).isTrue();
        LogReadInfo minOne = log.read(0, batchSize - 1, FetchIsolation.LOG_END, true);
        assertThat(LogContents.batches(minOne.records())).hasSize(1);
    }

    @Test
    void consumersReadOnlyUpToTheHighWatermark() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(TestBatches.values(time.milliseconds(), "a", "b"), 0, AppendOrigin.CLIENT);
        log.appendAsLeader(TestBatches.values(time.milliseconds(), "c"), 0, AppendOrigin.CLIENT);
        assertThat(log.highWatermark()).isEqualTo(0);
        assertThat(log.read(0, 1 << 20, FetchIsolation.HIGH_WATERMARK, true)
                        .records()
                        .isEmpty())
                .isTrue();
        log.updateHighWatermark(2);
        LogReadInfo info = log.read(0, 1 << 20, FetchIsolation.HIGH_WATERMARK, true);
        assertThat(LogContents.batches(info.records()))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(0L);
        assertThat(info.highWatermark()).isEqualTo(2);
        assertThat(info.logEndOffset()).isEqualTo(3);
        assertThat(LogContents.batches(
                        log.read(0, 1 << 20, FetchIsolation.LOG_END, true).records()))
                .hasSize(2);
        log.updateHighWatermark(100);
        assertThat(log.highWatermark()).isEqualTo(3);
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() throws IOException {
        open(LogConfig.defaults());
        append(TestBatches.values(time.milliseconds(), "a"));
        assertThat(log.read(1, 100, FetchIsolation.LOG_END, true).records().isEmpty())
                .isTrue();
        assertThatThrownBy(() -> log.read(2, 100, FetchIsolation.LOG_END, true))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.OFFSET_OUT_OF_RANGE));
        assertThatThrownBy(() -> log.read(-1, 100, FetchIsolation.LOG_END, true))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void rollsWhenASegmentWouldExceedSegmentBytes() throws IOException {
        int batchSize = TestBatches.batch(0, 1, 100).readableBytes();
        open(config(LogConfig.SEGMENT_BYTES, batchSize * 3));
        for (int i = 0; i < 10; i++) {
            append(TestBatches.batch(time.milliseconds(), 1, 100));
        }
        assertThat(log.numberOfSegments()).isEqualTo(4);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 3L, 6L, 9L);
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).hasSize(10);
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains(
                            "00000000000000000003.log", "00000000000000000003.index", "00000000000000000003.timeindex")
                    .contains("00000000000000000003.snapshot");
        }
    }

    @Test
    void rollsWhenTheFirstBatchIsOlderThanSegmentMs() throws IOException {
        open(config(LogConfig.SEGMENT_MS, 1000L));
        append(TestBatches.values(time.milliseconds(), "a"));
        time.advance(999);
        append(TestBatches.values(time.milliseconds(), "b"));
        assertThat(log.numberOfSegments()).isEqualTo(1);
        time.advance(2);
        append(TestBatches.values(time.milliseconds(), "c"));
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 2L);
    }

    @Test
    void segmentJitterShortensTheRollTimeByLessThanTheJitter() throws IOException {
        open(config(LogConfig.SEGMENT_MS, 10_000L, LogConfig.SEGMENT_JITTER_MS, 5_000L));
        append(TestBatches.values(time.milliseconds(), "a"));
        time.advance(4_999);
        append(TestBatches.values(time.milliseconds(), "b"));
        assertThat(log.numberOfSegments()).isEqualTo(1);
        time.advance(5_002);
        append(TestBatches.values(time.milliseconds(), "c"));
        assertThat(log.numberOfSegments()).isEqualTo(2);
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws IOException {
        open(config(LogConfig.INDEX_INTERVAL_BYTES, 1, LogConfig.SEGMENT_INDEX_BYTES, 24));
        for (int i = 0; i < 8; i++) {
            append(TestBatches.values(time.milliseconds(), "v" + i));
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        for (LogSegment s : log.segments()) {
            assertThat(s.offsetIndex().entries()).isLessThanOrEqualTo(3);
        }
        assertThat(LogContents.all(log)).hasSize(8);
    }

    @Test
    void indexesAndOffsetsSurviveACleanReopen() throws IOException {
        int batchSize = TestBatches.batch(0, 1, 200).readableBytes();
        open(config(LogConfig.SEGMENT_BYTES, batchSize * 20, LogConfig.INDEX_INTERVAL_BYTES, batchSize * 2));
        for (int i = 0; i < 50; i++) {
            append(TestBatches.batch(time.milliseconds(), 1, 200));
        }
        reopen(config(LogConfig.SEGMENT_BYTES, batchSize * 20, LogConfig.INDEX_INTERVAL_BYTES, batchSize * 2), true);
        assertThat(log.logEndOffset()).isEqualTo(50);
        assertThat(log.numberOfSegments()).isEqualTo(3);
        for (long offset = 0; offset < 50; offset += 7) {
            List<RecordBatch> read = LogContents.batches(
                    log.read(offset, 1, FetchIsolation.LOG_END, true).records());
            assertThat(read).extracting(RecordBatch::baseOffset).containsExactly(offset);
        }
        append(TestBatches.batch(time.milliseconds(), 1, 200));
        assertThat(log.logEndOffset()).isEqualTo(51);
    }

    @Test
    void listOffsetsFindsTheFirstBatchAtOrAfterATimestamp() throws IOException {
        open(config(LogConfig.INDEX_INTERVAL_BYTES, 1));
        long t0 = time.milliseconds();
        append(TestBatches.values(t0, "a", "b"));
        append(TestBatches.values(t0 + 100, "c"));
        append(TestBatches.values(t0 + 50, "d"));
        append(TestBatches.values(t0 + 200, "e", "f"));

        assertThat(log.offsetForTimestamp(t0 - 10, FetchIsolation.HIGH_WATERMARK))
                .map(TimestampAndOffset::offset)
                .contains(0L);
        assertThat(log.offsetForTimestamp(t0 + 1, FetchIsolation.HIGH_WATERMARK))
                .map(TimestampAndOffset::offset)
                .contains(2L);
        assertThat(log.offsetForTimestamp(t0 + 100, FetchIsolation.HIGH_WATERMARK))
                .map(TimestampAndOffset::offset)
                .contains(2L);
        assertThat(log.offsetForTimestamp(t0 + 101, FetchIsolation.HIGH_WATERMARK))
                .map(TimestampAndOffset::offset)
                .contains(4L);
        assertThat(log.offsetForTimestamp(t0 + 201, FetchIsolation.HIGH_WATERMARK))
                .isEmpty();

        assertThat(log.offsetForTimestamp(Log.EARLIEST_TIMESTAMP, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(-1, 0, OptionalInt.of(0)));
        assertThat(log.offsetForTimestamp(Log.LATEST_TIMESTAMP, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(-1, 6, OptionalInt.of(0)));
        assertThat(log.offsetForTimestamp(Log.MAX_TIMESTAMP, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(t0 + 200, 4, OptionalInt.of(0)));

        log.appendAsLeader(TestBatches.values(t0 + 300, "g"), 0, AppendOrigin.CLIENT);
        assertThat(log.offsetForTimestamp(t0 + 300, FetchIsolation.HIGH_WATERMARK))
                .isEmpty();
        assertThat(log.offsetForTimestamp(t0 + 300, FetchIsolation.LOG_END))
                .map(TimestampAndOffset::offset)
                .contains(6L);
    }

    @Test
    void listOffsetsAnswersWithTheFirstRecordAtOrAfterTheTimeWithinABatch() throws IOException {
        open(LogConfig.defaults());
        long t0 = time.milliseconds();
        append(TestBatches.builder()
                .record(t0, "a", "1")
                .record(t0 + 30, "b", "2")
                .record(t0 + 10, "c", "3")
                .record(t0 + 20, "d", "4")
                .build());
        append(TestBatches.builder().record(t0 + 25, "e", "5").build());
        assertThat(log.offsetForTimestamp(t0 + 5, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(t0 + 30, 1, OptionalInt.of(0)));
        assertThat(log.offsetForTimestamp(t0 + 30, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(t0 + 30, 1, OptionalInt.of(0)));
        assertThat(log.offsetForTimestamp(t0 + 31, FetchIsolation.HIGH_WATERMARK))
                .isEmpty();
        assertThat(log.offsetForTimestamp(Log.MAX_TIMESTAMP, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(t0 + 30, 1, OptionalInt.of(0)));
        log.maybeIncrementLogStartOffset(2);
        assertThat(log.offsetForTimestamp(t0 + 5, FetchIsolation.HIGH_WATERMARK))
                .contains(new TimestampAndOffset(t0 + 10, 2, OptionalInt.of(0)));
    }

    @Test
    void recordsInsideAnUncompressedBatchAreChecked() throws IOException {
        open(config(LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, 3_600_000L));
        long now = time.milliseconds();
        ByteBuf oldInside = TestBatches.builder()
                .record(now, "a", "1")
                .record(now - 2 * 3_600_000L, "b", "2")
                .record(now, "c", "3")
                .build();
        assertError(oldInside, StorageError.INVALID_TIMESTAMP);
        ByteBuf gap = TestBatches.builder().record(now, "a", "1").build();
        // Rewrite the record's offset delta (the byte after the attributes and the one-byte timestamp delta) to 1
        // and re-seal the CRC: the count (1) and last offset delta (0) now disagree with the record.
        gap.setByte(RecordBatch.RECORD_BATCH_OVERHEAD + 3, 2);
        gap.setInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(gap).computeChecksum());
        assertError(gap, StorageError.INVALID_RECORD);
    }

    @Test
    void aCompactedTopicRejectsRecordsWithoutKeysEvenWhenCompressed() throws IOException {
        open(config(LogConfig.CLEANUP_POLICY, "compact"));
        assertError(TestBatches.values(time.milliseconds(), "no key"), StorageError.INVALID_RECORD);
        assertError(
                TestBatches.builder()
                        .compression(org.apache.kafka.common.compress.Compression.zstd()
                                .build())
                        .record("k", "v")
                        .record(null, "no key")
                        .build(),
                StorageError.INVALID_RECORD);
        append(TestBatches.builder()
                .compression(org.apache.kafka.common.compress.Compression.zstd().build())
                .record("k", "v")
                .record("k", null)
                .build());
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void timestampLookupsWorkAcrossSegmentsAfterReopen() throws IOException {
        int batchSize = TestBatches.batch(0, 1, 50).readableBytes();
        LogConfig cfg = config(LogConfig.SEGMENT_BYTES, batchSize * 10, LogConfig.INDEX_INTERVAL_BYTES, batchSize * 3);
        open(cfg);
        long t0 = time.milliseconds();
        for (int i = 0; i < 100; i++) {
            append(TestBatches.batch(t0 + i * 10L, 1, 50));
        }
        reopen(cfg, true);
        for (int i = 0; i < 100; i += 9) {
            assertThat(log.offsetForTimestamp(t0 + i * 10L - 5, FetchIsolation.HIGH_WATERMARK))
                    .map(TimestampAndOffset::offset)
                    .contains((long) i);
        }
        assertThat(log.offsetForTimestamp(Log.MAX_TIMESTAMP, FetchIsolation.HIGH_WATERMARK))
                .map(TimestampAndOffset::offset)
                .contains(99L);
    }

    @Test
    void logAppendTimeStampsEveryBatchWithTheBrokerClock() throws IOException {
        open(config(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        LogAppendInfo info = append(TestBatches.values(12345L, "a", "b"));
        assertThat(info.logAppendTime()).isEqualTo(time.milliseconds());
        RecordBatch stored = LogContents.all(log).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(time.milliseconds());
        assertThat(stored.isValid()).isTrue();
    }

    @Test
    void invalidBatchesAreRejectedWithTypedErrorsAndNothingIsWritten() throws IOException {
        open(config(LogConfig.MAX_MESSAGE_BYTES, 500));
        ByteBuf corrupt = TestBatches.values(time.milliseconds(), "a");
        corrupt.setByte(corrupt.writerIndex() - 1, corrupt.getByte(corrupt.writerIndex() - 1) ^ 1);
        assertError(corrupt, StorageError.CORRUPT_RECORD);
        assertError(TestBatches.batch(time.milliseconds(), 1, 600), StorageError.RECORD_TOO_LARGE);
        ByteBuf withOffset = TestBatches.values(time.milliseconds(), "a");
        new RecordBatch(withOffset).setBaseOffset(5);
        assertError(withOffset, StorageError.INVALID_RECORD);
        assertError(TestBatches.values(time.milliseconds() + 2 * 3600_000L, "future"), StorageError.INVALID_TIMESTAMP);
        ByteBuf truncated = TestBatches.values(time.milliseconds(), "a");
        assertError(truncated.slice(0, truncated.readableBytes() - 3), StorageError.CORRUPT_RECORD);
        ByteBuf trailing = TestBatches.concat(TestBatches.values(time.milliseconds(), "a"), truncated.slice(0, 20));
        assertError(trailing, StorageError.CORRUPT_RECORD);
        assertThat(log.logEndOffset()).isEqualTo(0);
        assertThat(log.size()).isEqualTo(0);
    }

    private void assertError(ByteBuf batch, StorageError error) {
        assertThatThrownBy(() -> log.appendAsLeader(batch, 0, AppendOrigin.CLIENT))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void anAppendLargerThanASegmentIsRejected() throws IOException {
        open(config(LogConfig.SEGMENT_BYTES, 200));
        assertError(TestBatches.batch(time.milliseconds(), 1, 300), StorageError.RECORD_LIST_TOO_LARGE);
    }

    @Test
    void truncationRemovesWholeBatchesAndLaterSegments() throws IOException {
        int batchSize = TestBatches.batch(0, 2, 100).readableBytes();
        open(config(LogConfig.SEGMENT_BYTES, batchSize * 3));
        for (int i = 0; i < 9; i++) {
            log.appendAsLeader(TestBatches.batch(time.milliseconds(), 2, 100), i < 5 ? 1 : 2, AppendOrigin.CLIENT);
        }
        log.updateHighWatermark(18);
        assertThat(log.numberOfSegments()).isEqualTo(3);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 10));

        assertThat(log.truncateTo(7)).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new EpochEntry(1, 0));
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L);

        log.appendAsLeader(TestBatches.batch(time.milliseconds(), 2, 100), 3, AppendOrigin.CLIENT);
        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L, 6L);
        reopen(config(LogConfig.SEGMENT_BYTES, batchSize * 3), false);
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L, 6L);
    }

    @Test
    void truncateFullyStartsAnEmptyLogAtTheGivenOffset() throws IOException {
        open(LogConfig.defaults());
        append(TestBatches.values(time.milliseconds(), "a", "b"));
        log.truncateFullyAndStartAt(1000);
        assertThat(log.logStartOffset()).isEqualTo(1000);
        assertThat(log.logEndOffset()).isEqualTo(1000);
        assertThat(log.highWatermark()).isEqualTo(1000);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(append(TestBatches.values(time.milliseconds(), "c")).firstOffset())
                .isEqualTo(1000);
        scheduler.runDue();
        reopen(LogConfig.defaults(), true);
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(1000L);
    }

    @Test
    void theEpochCacheAnswersWhereEachEpochEnds() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(TestBatches.values(time.milliseconds(), "a", "b"), 3, AppendOrigin.CLIENT);
        log.appendAsLeader(TestBatches.values(time.milliseconds(), "c"), 3, AppendOrigin.CLIENT);
        log.appendAsLeader(TestBatches.values(time.milliseconds(), "d"), 5, AppendOrigin.CLIENT);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 3));
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(3, 3));
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(5, 4));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 0));
        assertThat(log.endOffsetForEpoch(6)).isEqualTo(EpochEndOffset.UNDEFINED);
        reopen(LogConfig.defaults(), true);
        assertThat(log.latestEpoch()).isEqualTo(OptionalInt.of(5));
        assertThat(log.leaderEpochCache().entries()).containsExactly(new EpochEntry(3, 0), new EpochEntry(5, 3));
    }

    @Test
    void aFollowerKeepsTheLeadersOffsetsAndEpochs() throws IOException {
        open(LogConfig.defaults());
        ByteBuf batch = TestBatches.values(time.milliseconds(), "a", "b");
        new RecordBatch(batch).setBaseOffset(0);
        new RecordBatch(batch).setPartitionLeaderEpoch(7);
        ByteBuf next = TestBatches.values(time.milliseconds(), "c");
        new RecordBatch(next).setBaseOffset(5);
        new RecordBatch(next).setPartitionLeaderEpoch(8);
        log.appendAsFollower(TestBatches.concat(batch, next));
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new EpochEntry(7, 0), new EpochEntry(8, 5));
        ByteBuf stale = TestBatches.values(time.milliseconds(), "x");
        new RecordBatch(stale).setBaseOffset(3);
        assertThatThrownBy(() -> log.appendAsFollower(stale))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error())
                        .isEqualTo(StorageError.UNEXPECTED_APPEND_OFFSET));
    }

    @Test
    void configChangesApplyToTheNextAppend() throws IOException {
        int batchSize = TestBatches.batch(0, 1, 100).readableBytes();
        open(LogConfig.defaults());
        for (int i = 0; i < 5; i++) {
            append(TestBatches.batch(time.milliseconds(), 1, 100));
        }
        assertThat(log.numberOfSegments()).isEqualTo(1);
        log.updateConfig(log.config().with(LogConfig.SEGMENT_BYTES, batchSize * 2));
        append(TestBatches.batch(time.milliseconds(), 1, 100));
        assertThat(log.numberOfSegments()).isEqualTo(2);
        log.updateConfig(log.config().with(LogConfig.MAX_MESSAGE_BYTES, 10));
        assertError(TestBatches.batch(time.milliseconds(), 1, 100), StorageError.RECORD_TOO_LARGE);
    }

    @Test
    void flushAdvancesTheRecoveryPointAndCompletesWaiters() throws IOException {
        open(LogConfig.defaults());
        append(TestBatches.values(time.milliseconds(), "a"));
        assertThat(log.recoveryPoint()).isEqualTo(0);
        var future = log.flushAsync(1);
        assertThat(future).isCompleted();
        assertThat(log.durableOffset()).isEqualTo(1);
        assertThat(log.recoveryPoint()).isEqualTo(0);
        log.flush();
        assertThat(log.recoveryPoint()).isEqualTo(1);
    }

    @Test
    void flushMsFlushesWhenDue() throws IOException {
        open(config(LogConfig.FLUSH_MS, 1000L));
        append(TestBatches.values(time.milliseconds(), "a"));
        log.flushIfDue(time.milliseconds());
        assertThat(log.recoveryPoint()).isEqualTo(0);
        time.advance(1000);
        log.flushIfDue(time.milliseconds());
        assertThat(log.recoveryPoint()).isEqualTo(1);
    }

    @Test
    void flushMessagesFlushesAfterThatManyRecords() throws IOException {
        open(config(LogConfig.FLUSH_MESSAGES, 3L));
        append(TestBatches.values(time.milliseconds(), "a", "b"));
        assertThat(log.recoveryPoint()).isEqualTo(0);
        append(TestBatches.values(time.milliseconds(), "c"));
        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void emptyAppendWritesNothing() throws IOException {
        open(LogConfig.defaults());
        LogAppendInfo info = log.appendAsLeader(io.netty.buffer.Unpooled.EMPTY_BUFFER, 0, AppendOrigin.CLIENT);
        assertThat(info.firstOffset()).isEqualTo(-1);
        assertThat(log.logEndOffset()).isEqualTo(0);
    }

    @Test
    void closedLogRejectsCalls() throws IOException {
        open(LogConfig.defaults());
        log.close();
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.values(1, "a"), 0, AppendOrigin.CLIENT))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.LOG_CLOSED));
        log = null;
    }

    @Test
    void optionalIsUsedForMissingLookups() throws IOException {
        open(LogConfig.defaults());
        assertThat(log.offsetForTimestamp(5, FetchIsolation.LOG_END)).isEqualTo(Optional.empty());
        assertThat(log.offsetForTimestamp(Log.MAX_TIMESTAMP, FetchIsolation.LOG_END))
                .isEmpty();
    }
}
