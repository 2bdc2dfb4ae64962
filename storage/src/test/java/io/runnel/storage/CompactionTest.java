package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.CompressionType;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.checkpoint.OffsetCheckpoint;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CompactionTest {

    private static final TopicPartition TP = new TopicPartition("__consumer_offsets", 7);

    @TempDir
    Path logDir;

    private final MockTime time = new MockTime();
    private LogManager manager;
    private Log log;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private void start(long dedupeBytes, Map<String, Object> topicConfig) throws IOException {
        manager = new LogManager(
                logDir,
                LogManagerConfig.of(Map.of(
                        LogManagerConfig.CLEANER_ENABLE,
                        false,
                        LogManagerConfig.CLEANER_DEDUPE_BUFFER_SIZE,
                        dedupeBytes,
                        LogManagerConfig.CLEANER_IO_BUFFER_SIZE,
                        4096)),
                tp -> LogConfig.of(topicConfig),
                time,
                Disk.LOCAL,
                tp -> {});
        manager.startup();
        Map<String, Object> props = new HashMap<>(Map.of(
                LogConfig.CLEANUP_POLICY,
                "compact",
                LogConfig.SEGMENT_BYTES,
                2048,
                LogConfig.MIN_CLEANABLE_DIRTY_RATIO,
                0.01,
                LogConfig.FILE_DELETE_DELAY_MS,
                0L));
        props.putAll(topicConfig);
        log = manager.getOrCreateLog(TP, LogConfig.of(props));
    }

    private void start(Map<String, Object> topicConfig) throws IOException {
        start(1024 * 1024, topicConfig);
    }

    /** Appends one batch of records, each "key=value" (value "null" for a tombstone). */
    private LogAppendInfo put(Compression compression, String... keyValues) {
        TestBatches.Builder b =
                TestBatches.builder().timestamp(time.milliseconds()).compression(compression);
        for (String kv : keyValues) {
            String[] parts = kv.split("=", 2);
            b.record(parts[0], parts[1].equals("null") ? null : parts[1]);
        }
        return append(b.build());
    }

    private LogAppendInfo put(String... keyValues) {
        return put(Compression.NONE, keyValues);
    }

    private LogAppendInfo append(ByteBuf batch) {
        LogAppendInfo info = log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
        log.updateHighWatermark(log.logEndOffset());
        return info;
    }

    /** Seals everything written so far: roll, flush, and the high watermark at the end. */
    private void seal() {
        log.roll();
        log.flush();
        log.updateHighWatermark(log.logEndOffset());
    }

    private record Entry(long offset, String key, String value) {}

    private List<Entry> records() {
        List<Entry> all = new ArrayList<>();
        for (RecordBatch batch : LogContents.all(log)) {
            assertThat(batch.isValid()).isTrue();
            for (Record r : batch) {
                all.add(new Entry(
                        r.offset(),
                        r.hasKey() ? new String(r.keyBytes(), StandardCharsets.UTF_8) : null,
                        r.hasValue() ? new String(r.valueBytes(), StandardCharsets.UTF_8) : null));
            }
        }
        return all;
    }

    /** The latest value of each key among the records present (null for a tombstone). */
    private Map<String, String> latest() {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Entry e : records()) {
            latest.put(e.key, e.value);
        }
        return latest;
    }

    @Test
    void keepsTheLatestRecordOfEachKeyAtItsOriginalOffset() throws IOException {
        start(Map.of());
        Map<String, Long> latestOffsets = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 10; k++) {
                LogAppendInfo info = put("key" + k + "=v" + round);
                latestOffsets.put("key" + k, info.firstOffset());
            }
        }
        seal();
        long end = log.logEndOffset();
        int before = records().size();
        assertThat(manager.compactOnce()).isTrue();

        List<Entry> after = records();
        assertThat(after.size()).isLessThan(before);
        assertThat(log.logEndOffset()).isEqualTo(end);
        for (int k = 0; k < 10; k++) {
            String key = "key" + k;
            assertThat(after).contains(new Entry(latestOffsets.get(key), key, "v4"));
        }
        // Apart from the last batch of a rewritten group, which keeps its place, superseded values are gone.
        assertThat(after.stream().filter(e -> !e.value.equals("v4")).count()).isLessThanOrEqualTo(1);
        long previous = -1;
        for (Entry e : after) {
            assertThat(e.offset).isGreaterThan(previous);
            previous = e.offset;
        }
        assertThat(new OffsetCheckpoint(Disk.LOCAL, logDir.resolve(LogManager.CLEANER_OFFSET_CHECKPOINT)).read())
                .containsEntry(TP, end);
    }

    @Test
    void compressedBatchesAreRewrittenWithTheirCodec() throws IOException {
        start(Map.of());
        put(Compression.zstd().build(), "a=1", "b=1", "c=1");
        put(Compression.gzip().build(), "a=2", "b=2", "d=2");
        put(Compression.lz4().build(), "c=3", "x=3");
        put("z=4");
        seal();
        assertThat(manager.compactOnce()).isTrue();
        assertThat(latest())
                .containsEntry("a", "2")
                .containsEntry("b", "2")
                .containsEntry("c", "3")
                .containsEntry("d", "2");
        assertThat(records()).extracting(Entry::value).doesNotContain("1");
        List<RecordBatch> batches = LogContents.all(log);
        assertThat(batches)
                .extracting(RecordBatch::compressionType)
                .contains(CompressionType.GZIP, CompressionType.LZ4)
                .doesNotContain(CompressionType.ZSTD);
        assertThat(batches).allMatch(RecordBatch::isValid);
    }

    @Test
    void tombstonesAreKeptForDeleteRetentionMsThenRemoved() throws IOException {
        start(Map.of(LogConfig.DELETE_RETENTION_MS, 10_000L));
        put("gone=1", "kept=1");
        put("gone=null");
        put("other=1");
        seal();
        assertThat(manager.compactOnce()).isTrue();
        assertThat(latest()).containsEntry("gone", null).containsEntry("kept", "1");
        RecordBatch withTombstone = LogContents.all(log).stream()
                .filter(b -> {
                    for (Record r : b) {
                        if (!r.hasValue()) {
                            return true;
                        }
                    }
                    return false;
                })
                .findFirst()
                .orElseThrow();
        assertThat(withTombstone.deleteHorizonMs()).isEqualTo(time.milliseconds() + 10_000);

        time.advance(10_001);
        put("more=1");
        seal();
        assertThat(manager.compactOnce()).isTrue();
        assertThat(latest()).doesNotContainKey("gone").containsEntry("kept", "1");
    }

    @Test
    void theDirtyRatioAndTheCompactionLagsDecideWhenToCompact() throws IOException {
        start(Map.of(LogConfig.MIN_CLEANABLE_DIRTY_RATIO, 0.9, LogConfig.MIN_COMPACTION_LAG_MS, 60_000L));
        put("a=1");
        put("a=2");
        seal();
        assertThat(manager.compactOnce())
                .as("younger than min.compaction.lag.ms")
                .isFalse();
        time.advance(60_001);
        assertThat(manager.compactOnce()).isTrue();

        for (int i = 0; i < 3; i++) {
            put("b" + i + "=1");
        }
        seal();
        assertThat(log.planCleaning(time.milliseconds()).dirtyRatio()).isLessThan(0.9);
        time.advance(60_001);
        assertThat(manager.compactOnce()).as("dirty ratio below 0.9").isFalse();
        log.updateConfig(log.config().with(LogConfig.MAX_COMPACTION_LAG_MS, 100_000L));
        time.advance(100_000);
        assertThat(manager.compactOnce()).as("overdue by max.compaction.lag.ms").isTrue();
    }

    @Test
    void aSmallKeyMapCompactsInSeveralPassesWithTheSameResult() throws IOException {
        start(50 * KeyOffsetMap.BYTES_PER_ENTRY, Map.of(LogConfig.SEGMENT_BYTES, 4096));
        Map<String, String> expected = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 60; k++) {
                put("key" + k + "=r" + round);
                expected.put("key" + k, "r" + round);
            }
        }
        seal();
        int passes = 0;
        while (manager.compactOnce()) {
            passes++;
            assertThat(latest()).isEqualTo(expected);
        }
        assertThat(passes).isGreaterThan(1);
        assertThat(records().size()).isLessThan(100);
    }

    @Test
    void transactionalBatchesAreKeptWhole() throws IOException {
        start(Map.of());
        put("k=1");
        append(TestBatches.builder()
                .timestamp(time.milliseconds())
                .producer(9L, (short) 0, 0)
                .transactional()
                .record("k", "txn")
                .build());
        log.appendAsLeader(
                TestBatches.endTransactionMarker(time.milliseconds(), 9L, (short) 0, true),
                0,
                AppendOrigin.COORDINATOR);
        put("k=3");
        seal();
        manager.compactOnce();
        assertThat(records()).extracting(Entry::value).contains("txn", "3").doesNotContain("1");
        assertThat(LogContents.all(log)).anyMatch(RecordBatch::isControlBatch);
    }

    @Test
    void anIdempotentProducersLastBatchKeepsItsSequenceThroughCompactionAndRestart() throws IOException {
        start(Map.of());
        append(TestBatches.builder()
                .timestamp(time.milliseconds())
                .producer(5L, (short) 0, 0)
                .record("k", "old")
                .build());
        ByteBuf last = TestBatches.builder()
                .timestamp(time.milliseconds())
                .producer(5L, (short) 0, 1)
                .record("k", "mine")
                .build();
        ByteBuf retry = last.copy();
        LogAppendInfo original = append(last);
        put("k=newer");
        seal();
        assertThat(manager.compactOnce()).isTrue();
        assertThat(records()).extracting(Entry::value).doesNotContain("old", "mine");
        manager.close();
        try (Stream<Path> files = Files.list(logDir.resolve(TP.directoryName()))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".snapshot")).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        manager = new LogManager(
                logDir,
                LogManagerConfig.of(Map.of(LogManagerConfig.CLEANER_ENABLE, false)),
                tp -> log.config(),
                time,
                Disk.LOCAL,
                tp -> {});
        manager.startup();
        log = manager.getLog(TP).orElseThrow();
        LogAppendInfo again = log.appendAsLeader(retry, 0, AppendOrigin.CLIENT);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.firstOffset()).isEqualTo(original.firstOffset());
    }

    @Test
    void compactedLogsStillRecoverAndReadAfterAnUncleanRestart() throws IOException {
        start(Map.of());
        for (int round = 0; round < 4; round++) {
            for (int k = 0; k < 8; k++) {
                put("key" + k + "=v" + round);
            }
        }
        seal();
        assertThat(manager.compactOnce()).isTrue();
        Map<String, String> before = latest();
        long end = log.logEndOffset();
        manager.close();
        Files.delete(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        Files.delete(logDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT));
        manager = new LogManager(
                logDir,
                LogManagerConfig.of(Map.of(LogManagerConfig.CLEANER_ENABLE, false)),
                tp -> log.config(),
                time,
                Disk.LOCAL,
                tp -> {});
        manager.startup();
        log = manager.getLog(TP).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(latest()).isEqualTo(before);
    }
}
