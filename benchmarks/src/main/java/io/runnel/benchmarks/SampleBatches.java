package io.runnel.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The record data the benchmarks carry: one batch written by kafka-clients' builder as an idempotent producer writes
 * it, of JSON-like values (compressible about 3-4x, as real payloads are), a short key and one header per record.
 * Deterministic for a seed.
 */
final class SampleBatches {

    private SampleBatches() {}

    /** A batch whose records take at least {@code uncompressedBytes} before compression. */
    static ByteBuffer batch(String compression, int uncompressedBytes, long baseOffset, long seed) {
        Random random = new Random(seed);
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(uncompressedBytes + 1024),
                RecordBatch.MAGIC_VALUE_V2,
                Compression.of(CompressionType.forName(compression)).build(),
                TimestampType.CREATE_TIME,
                baseOffset,
                RecordBatch.NO_TIMESTAMP,
                4711L,
                (short) 3,
                (int) (baseOffset % 100_000),
                false,
                0);
        long timestamp = 1_750_000_000_000L;
        int i = 0;
        while (builder.uncompressedBytesWritten() < uncompressedBytes) {
            byte[] key = ("user-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
            byte[] value = value(random, i);
            Header[] headers = {
                new RecordHeader("trace-id", Long.toHexString(random.nextLong()).getBytes())
            };
            builder.append(timestamp + i, key, value, headers);
            i++;
        }
        return builder.build().buffer();
    }

    private static byte[] value(Random random, int i) {
        StringBuilder json = new StringBuilder(512);
        json.append("{\"id\":").append(i).append(",\"customer\":\"c-").append(random.nextInt(10_000));
        json.append("\",\"items\":[");
        int items = 3 + random.nextInt(4);
        for (int n = 0; n < items; n++) {
            json.append(n == 0 ? "" : ",")
                    .append("{\"sku\":\"SKU-")
                    .append(random.nextInt(1_000_000))
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(9))
                    .append(",\"price\":")
                    .append(random.nextInt(100_000) / 100.0)
                    .append('}');
        }
        json.append("],\"status\":\"")
                .append(random.nextBoolean() ? "CREATED" : "SHIPPED")
                .append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
