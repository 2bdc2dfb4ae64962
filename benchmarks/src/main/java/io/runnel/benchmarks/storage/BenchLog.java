package io.runnel.benchmarks.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.common.time.Time;
import io.runnel.storage.Log;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogEnvironment;
import io.runnel.storage.TopicPartition;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What the storage benchmarks share: a log in a fresh directory under {@code runnel.bench.dir} (default: the JVM's
 * temporary directory, so the disk under test is the one holding it), and the batch they write: 64 records of
 * 1 KB values in one uncompressed v2 batch (about 66 KB), built once with kafka-clients.
 */
final class BenchLog {

    static final TopicPartition TP = new TopicPartition("bench", 0);
    static final int RECORDS_PER_BATCH = 64;
    static final int VALUE_SIZE = 1024;

    private BenchLog() {}

    static Path newDirectory() throws IOException {
        Path parent = Path.of(System.getProperty("runnel.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "runnel-storage-bench-");
    }

    static Log open(Path dir, Map<String, Object> config, Executor io, boolean clean) throws IOException {
        return Log.open(
                dir.resolve(TP.directoryName()),
                TP,
                LogConfig.of(config),
                new LogEnvironment(Disk.LOCAL, Time.SYSTEM, io, (name, task, delayMs) -> task.run(), l -> {}),
                0,
                0,
                0,
                clean);
    }

    /** A 64 x 1 KB batch as a producer sends it (base offset 0). */
    static byte[] batch() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(RECORDS_PER_BATCH * (VALUE_SIZE + 64) + 128),
                RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE,
                TimestampType.CREATE_TIME,
                0L);
        byte[] value = new byte[VALUE_SIZE];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        long now = Time.SYSTEM.milliseconds();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            builder.append(now, ("key-" + i).getBytes(), value);
        }
        ByteBuffer built = builder.build().buffer();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }

    /** A buffer holding {@code batch} that can be appended again and again (offsets are assigned in place). */
    static ByteBuf reusable(byte[] batch) {
        return Unpooled.wrappedBuffer(batch.clone());
    }

    /** Makes a reused batch look freshly produced again: base offset 0 (the CRC does not cover it). */
    static ByteBuf rewind(ByteBuf batch) {
        batch.setLong(0, 0L);
        return batch;
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
