package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final TopicPartition TP = new TopicPartition("metrics", 0);

    @TempDir
    Path root;

    private final MockTime time = new MockTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final int batchSize = TestBatches.batch(0, 1, 100).readableBytes();
    private Log log;

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private Log open(Map<String, Object> overrides) throws IOException {
        Map<String, Object> props = new java.util.HashMap<>(
                Map.of(LogConfig.SEGMENT_BYTES, batchSize * 2, LogConfig.FILE_DELETE_DELAY_MS, 30_000L));
        props.putAll(overrides);
        log = Log.open(
                root.resolve(TP.directoryName()),
                TP,
                LogConfig.of(props),
                new LogEnvironment(Disk.LOCAL, time, Runnable::run, scheduler, l -> {}),
                0,
                0,
                0,
                false);
        return log;
    }

    private void append(long timestamp) {
        log.appendAsLeader(TestBatches.batch(timestamp, 1, 100), 0, AppendOrigin.CLIENT);
        log.updateHighWatermark(log.logEndOffset());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(TP.directoryName()))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void segmentsOlderThanRetentionMsAreDeletedByTheirNewestTimestamp() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, 10_000L));
        long t0 = time.milliseconds();
        for (int i = 0; i < 6; i++) {
            append(t0 + i * 1000L);
        }
        // Segments [0,2) newest t0+1s, [2,4) newest t0+3s, [4,6) newest t0+5s.
        time.setCurrentTimeMs(t0 + 11_500);
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(2L, 4L);
        assertThatThrownBy(() -> log.read(1, 1000, FetchIsolation.HIGH_WATERMARK, true))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void whenEverySegmentExpiredTheActiveOneIsRolledAndDeletedToo() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, 10_000L));
        append(time.milliseconds());
        append(time.milliseconds());
        append(time.milliseconds());
        time.advance(20_000);
        assertThat(log.deleteOldSegments()).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.segments().get(0).isEmpty()).isTrue();
        append(time.milliseconds());
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(3L);
    }

    @Test
    void retentionBytesKeepsTheNewestSegmentsWithinTheLimit() throws IOException {
        open(Map.of(LogConfig.RETENTION_BYTES, (long) batchSize * 3, LogConfig.RETENTION_MS, -1L));
        for (int i = 0; i < 7; i++) {
            append(time.milliseconds());
        }
        // 4 segments: 2+2+2+1 batches = 7 batches; keep at most 3 batches' worth: delete until under.
        assertThat(log.deleteOldSegments()).isEqualTo(2);
        assertThat(log.size()).isLessThanOrEqualTo(batchSize * 3L);
        assertThat(log.logStartOffset()).isEqualTo(4);
    }

    @Test
    void onlySegmentsBelowTheHighWatermarkAreDeleted() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, 1000L));
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(TestBatches.batch(time.milliseconds(), 1, 100), 0, AppendOrigin.CLIENT);
        }
        log.updateHighWatermark(1);
        time.advance(5_000);
        assertThat(log.deleteOldSegments()).isZero();
        log.updateHighWatermark(2);
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(2);
    }

    @Test
    void deleteRecordsMovesTheLogStartAndRetentionRemovesWholeSegmentsBelowIt() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, -1L));
        for (int i = 0; i < 6; i++) {
            append(time.milliseconds());
        }
        assertThat(log.maybeIncrementLogStartOffset(3)).isTrue();
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.read(3, 10_000, FetchIsolation.HIGH_WATERMARK, true)
                        .records()
                        .isEmpty())
                .isFalse();
        assertThatThrownBy(() -> log.read(2, 10_000, FetchIsolation.HIGH_WATERMARK, true))
                .isInstanceOf(StorageException.class);
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(2L, 4L);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThatThrownBy(() -> log.maybeIncrementLogStartOffset(7))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void compactOnlyTopicsAreNotDeletedByTime() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, 1000L, LogConfig.CLEANUP_POLICY, "compact"));
        for (int i = 0; i < 4; i++) {
            append(time.milliseconds());
        }
        time.advance(10_000);
        assertThat(log.deleteOldSegments()).isZero();
    }

    @Test
    void deletedSegmentFilesAreRenamedAtOnceAndRemovedAfterTheDelay() throws IOException {
        open(Map.of(LogConfig.RETENTION_MS, 1000L));
        for (int i = 0; i < 3; i++) {
            append(time.milliseconds());
        }
        time.advance(5_000);
        append(time.milliseconds());
        // A read slice taken before the deletion stays readable while the files wait.
        FileSlice slice =
                log.read(0, 10_000, FetchIsolation.HIGH_WATERMARK, true).records();
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(files()).contains("00000000000000000000.log.deleted", "00000000000000000000.index.deleted");
        assertThat(LogContents.batches(slice))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(0L, 1L);
        time.advance(29_000);
        assertThat(scheduler.runDue()).isZero();
        time.advance(1_000);
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(files()).noneMatch(f -> f.endsWith(".deleted"));
        assertThat(files()).doesNotContain("00000000000000000000.snapshot");
    }
}
