package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Power loss at a random disk operation of a compaction (while writing the compacted segment, at the swap's commit
 * point, between the renames that install it) over {@link SimulatedDisk}. After every crash the reopened log must
 * end where it ended, hold only records that were written (same key and value at the same offset, offsets
 * increasing), and still hold the latest value of every key; and compacting it again must keep all that true.
 * A failure names the seed; {@code -Dcompaction.crash.seed=<seed> -Dcompaction.crash.scenarios=1} replays it.
 */
@Timeout(120)
class CompactionCrashTest {

    private static final TopicPartition TP = new TopicPartition("compacted", 0);
    private static final Path LOG_DIR = Path.of("/ssd/logs");

    @Test
    void aCrashDuringCompactionLosesNoLatestValue() throws Exception {
        long firstSeed = Long.getLong("compaction.crash.seed", 42_000L);
        int scenarios = Integer.getInteger("compaction.crash.scenarios", 60);
        for (int i = 0; i < scenarios; i++) {
            long seed = firstSeed + i;
            try {
                scenario(seed);
            } catch (Throwable t) {
                throw new AssertionError(
                        "Compaction crash scenario failed with seed " + seed
                                + "; replay it with -Dcompaction.crash.seed=" + seed
                                + " -Dcompaction.crash.scenarios=1",
                        t);
            }
        }
    }

    private record Written(String key, String value) {}

    private static LogManager manager(SimulatedDisk disk, MockTime time, LogConfig config) throws IOException {
        LogManager manager = new LogManager(
                LOG_DIR,
                LogManagerConfig.of(Map.of(
                        LogManagerConfig.CLEANER_ENABLE,
                        false,
                        LogManagerConfig.CLEANER_DEDUPE_BUFFER_SIZE,
                        4096L,
                        LogManagerConfig.CLEANER_IO_BUFFER_SIZE,
                        1024)),
                tp -> config,
                time,
                disk,
                tp -> {});
        manager.startup();
        return manager;
    }

    private static void scenario(long seed) throws IOException {
        Random random = new Random(seed);
        MockTime time = new MockTime();
        SimulatedDisk disk = new SimulatedDisk();
        disk.createDirectories(LOG_DIR);
        for (Path p = LOG_DIR; p != null; p = p.getParent()) {
            disk.syncDirectory(p);
        }
        LogConfig config = LogConfig.of(Map.of(
                LogConfig.CLEANUP_POLICY,
                "compact",
                LogConfig.SEGMENT_BYTES,
                600 + random.nextInt(1500),
                LogConfig.MIN_CLEANABLE_DIRTY_RATIO,
                0.01,
                LogConfig.DELETE_RETENTION_MS,
                (long) random.nextInt(2000),
                LogConfig.FILE_DELETE_DELAY_MS,
                0L,
                LogConfig.INDEX_INTERVAL_BYTES,
                100));
        LogManager manager = manager(disk, time, config);
        Log log = manager.getOrCreateLog(TP, config);
        Map<Long, Written> written = new HashMap<>();
        Map<String, Long> latest = new HashMap<>();
        int batches = 20 + random.nextInt(60);
        for (int b = 0; b < batches; b++) {
            TestBatches.Builder builder = TestBatches.builder().timestamp(time.milliseconds());
            if (random.nextInt(3) == 0) {
                builder.compression(Compression.gzip().build());
            }
            int records = 1 + random.nextInt(4);
            String[] keys = new String[records];
            String[] values = new String[records];
            for (int r = 0; r < records; r++) {
                keys[r] = "key" + random.nextInt(15);
                values[r] = random.nextInt(6) == 0 ? null : "v" + b + "." + r;
                builder.record(keys[r], values[r]);
            }
            long first =
                    log.appendAsLeader(builder.build(), 0, AppendOrigin.CLIENT).firstOffset();
            for (int r = 0; r < records; r++) {
                written.put(first + r, new Written(keys[r], values[r]));
                latest.put(keys[r], first + r);
            }
            time.advance(random.nextInt(300));
        }
        log.roll();
        log.flush();
        log.updateHighWatermark(log.logEndOffset());
        long end = log.logEndOffset();

        // Take the crash image at a random disk operation of the compaction (or after it, if it has fewer).
        int crashAt = random.nextInt(120);
        AtomicInteger operations = new AtomicInteger();
        AtomicReference<SimulatedDisk> image = new AtomicReference<>();
        disk.setOperationHook(() -> {
            if (operations.getAndIncrement() == crashAt && image.get() == null) {
                image.set(disk.crash(random));
            }
        });
        manager.compactOnce();
        disk.setOperationHook(() -> {});
        SimulatedDisk after = image.get() != null ? image.get() : disk.crash(random);

        LogManager reopened = manager(after, time, config);
        try {
            Log recovered = reopened.getLog(TP).orElseThrow();
            check(recovered, end, written, latest);
            time.advance(random.nextInt(3000));
            recovered.appendAsLeader(TestBatches.builder().record("late", "x").build(), 0, AppendOrigin.CLIENT);
            written.put(end, new Written("late", "x"));
            latest.put("late", end);
            recovered.roll();
            recovered.flush();
            recovered.updateHighWatermark(recovered.logEndOffset());
            reopened.compactOnce();
            check(recovered, end + 1, written, latest);
        } finally {
            reopened.close();
        }
    }

    private static void check(Log log, long end, Map<Long, Written> written, Map<String, Long> latest) {
        assertThat(log.logEndOffset()).isEqualTo(end);
        Map<Long, Written> present = new HashMap<>();
        long previous = -1;
        for (RecordBatch batch : LogContents.all(log)) {
            assertThat(batch.isValid()).isTrue();
            for (Record r : batch) {
                assertThat(r.offset()).isGreaterThan(previous);
                previous = r.offset();
                Written w = new Written(
                        new String(r.keyBytes(), StandardCharsets.UTF_8),
                        r.hasValue() ? new String(r.valueBytes(), StandardCharsets.UTF_8) : null);
                assertThat(w).as("record at %d was written", r.offset()).isEqualTo(written.get(r.offset()));
                present.put(r.offset(), w);
            }
        }
        for (Map.Entry<String, Long> e : latest.entrySet()) {
            Written w = written.get(e.getValue());
            if (w.value() != null) {
                assertThat(present)
                        .as("latest value of %s at %d", e.getKey(), e.getValue())
                        .containsKey(e.getValue());
            }
        }
    }
}
