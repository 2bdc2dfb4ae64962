package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * A record batch described field by field, so the same batch can be built by kafka-clients' {@code
 * MemoryRecordsBuilder} and by our {@link RecordBatchBuilder}, and what either side reads back can be compared with
 * the description and with the other side's reading.
 */
record BatchSpec(
        Compression compression,
        long baseOffset,
        TimestampType timestampType,
        long logAppendTime,
        long producerId,
        short producerEpoch,
        int baseSequence,
        boolean transactional,
        int partitionLeaderEpoch,
        long deleteHorizonMs,
        List<RecordSpec> records) {

    record RecordSpec(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {}

    private static final String[] WORDS = {
        "order", "created", "customer", "ünïcödé", "{\"id\":", "price", "€", "shipped", "42", " ", "-", "\n"
    };

    /** A random batch: varied compression levels, producer state, flags, key/value/header shapes and sizes. */
    static BatchSpec random(Random random, CompressionType type, int maxRecords, int maxValueSize) {
        Compression compression = randomCompression(random, type);
        long baseOffset = random.nextInt(4) == 0 ? 0 : random.nextLong(1L << 40);
        TimestampType timestampType =
                random.nextInt(4) == 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        long now = 1_700_000_000_000L + random.nextInt(1_000_000_000);
        long logAppendTime = timestampType == TimestampType.LOG_APPEND_TIME ? now + 5_000 : RecordBatch.NO_TIMESTAMP;
        boolean idempotent = random.nextBoolean();
        boolean transactional = idempotent && random.nextBoolean();
        long producerId = idempotent ? random.nextLong(1L << 50) : RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = idempotent ? (short) random.nextInt(Short.MAX_VALUE) : RecordBatch.NO_PRODUCER_EPOCH;
        int baseSequence = !idempotent
                ? RecordBatch.NO_SEQUENCE
                : random.nextInt(5) == 0 ? Integer.MAX_VALUE - random.nextInt(3) : random.nextInt(1 << 30);
        int leaderEpoch = random.nextInt(3) == 0 ? RecordBatch.NO_PARTITION_LEADER_EPOCH : random.nextInt(1000);
        long deleteHorizon = random.nextInt(5) == 0 ? now + 86_400_000L : RecordBatch.NO_TIMESTAMP;

        int count = 1 + random.nextInt(maxRecords);
        List<RecordSpec> records = new ArrayList<>(count);
        long offset = baseOffset;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                // Compacted batches have gaps between offsets; most have none.
                offset += random.nextInt(10) == 0 ? 1 + random.nextInt(1000) : 1;
            }
            long timestamp = random.nextInt(50) == 0 ? RecordBatch.NO_TIMESTAMP : now + random.nextInt(20_000) - 10_000;
            byte[] key = random.nextInt(5) == 0 ? null : bytes(random, random.nextInt(40));
            byte[] value = random.nextInt(10) == 0 ? null : bytes(random, random.nextInt(maxValueSize + 1));
            int headerCount = random.nextInt(3) == 0 ? random.nextInt(4) : 0;
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < headerCount; h++) {
                String headerKey = random.nextInt(6) == 0 ? "" : WORDS[random.nextInt(WORDS.length)] + h;
                byte[] headerValue = random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(30));
                headers.add(new Header(headerKey, headerValue));
            }
            records.add(new RecordSpec(offset, timestamp, key, value, headers));
        }
        return new BatchSpec(
                compression,
                baseOffset,
                timestampType,
                logAppendTime,
                producerId,
                producerEpoch,
                baseSequence,
                transactional,
                leaderEpoch,
                deleteHorizon,
                records);
    }

    private static Compression randomCompression(Random random, CompressionType type) {
        if (random.nextBoolean()) {
            return Compression.of(type);
        }
        return switch (type) {
            case NONE, SNAPPY -> Compression.of(type);
            case GZIP -> Compression.of(type, 1 + random.nextInt(9));
            case LZ4 -> Compression.of(type, 1 + random.nextInt(17));
            case ZSTD -> Compression.of(type, -5 + random.nextInt(15));
        };
    }

    /** Half words (compressible), half random bytes. */
    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        if (random.nextBoolean()) {
            random.nextBytes(bytes);
            return bytes;
        }
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, size);
    }

    BatchSpec withCompression(Compression c) {
        return new BatchSpec(
                c,
                baseOffset,
                timestampType,
                logAppendTime,
                producerId,
                producerEpoch,
                baseSequence,
                transactional,
                partitionLeaderEpoch,
                deleteHorizonMs,
                records);
    }

    // ---------------------------------------------------------------- building

    /** The batch as kafka-clients 4.3.0's {@code MemoryRecordsBuilder} writes it. */
    ByteBuffer buildWithKafka() {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(
                new ByteBufferOutputStream(ByteBuffer.allocate(256)),
                org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2,
                kafkaCompression(compression),
                org.apache.kafka.common.record.TimestampType.valueOf(timestampType.name()),
                baseOffset,
                logAppendTime,
                producerId,
                producerEpoch,
                baseSequence,
                transactional,
                false,
                partitionLeaderEpoch,
                Integer.MAX_VALUE,
                deleteHorizonMs);
        for (RecordSpec r : records) {
            builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), kafkaHeaders(r.headers()));
        }
        return builder.build().buffer();
    }

    /** The batch as our {@link RecordBatchBuilder} writes it. */
    ByteBuf buildWithRunnel() {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, baseOffset);
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(logAppendTime);
        }
        builder.producer(producerId, producerEpoch, baseSequence)
                .transactional(transactional)
                .partitionLeaderEpoch(partitionLeaderEpoch)
                .deleteHorizonMs(deleteHorizonMs);
        for (RecordSpec r : records) {
            builder.appendWithOffset(
                    r.offset(), r.timestamp(), r.key(), r.value(), r.headers().toArray(Header[]::new));
        }
        return builder.build();
    }

    static org.apache.kafka.common.compress.Compression kafkaCompression(Compression c) {
        return switch (c.type()) {
            case NONE -> org.apache.kafka.common.compress.Compression.NONE;
            case GZIP ->
                org.apache.kafka.common.compress.Compression.gzip()
                        .level(c.level())
                        .build();
            case SNAPPY -> org.apache.kafka.common.compress.Compression.snappy().build();
            case LZ4 ->
                org.apache.kafka.common.compress.Compression.lz4()
                        .level(c.level())
                        .build();
            case ZSTD ->
                org.apache.kafka.common.compress.Compression.zstd()
                        .level(c.level())
                        .build();
        };
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(List<Header> headers) {
        return headers.stream()
                .map(h -> new RecordHeader(h.key(), h.value()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }

    // ---------------------------------------------------------------- comparing

    /** Every header field of a batch, ours against kafka-clients' reading of the same bytes. */
    static void assertSameHeader(org.apache.kafka.common.record.internal.RecordBatch kafka, RecordBatch ours) {
        assertEquivalentHeader(kafka, ours);
        assertThat(ours.sizeInBytes()).as("sizeInBytes").isEqualTo(kafka.sizeInBytes());
        assertThat(ours.checksum()).as("checksum").isEqualTo(kafka.checksum());
    }

    /**
     * Every header field of two batches that hold the same records, one written by kafka-clients and one by us; when
     * compressed, the compressed bytes (so the size and CRC) may differ.
     */
    static void assertEquivalentHeader(org.apache.kafka.common.record.internal.RecordBatch kafka, RecordBatch ours) {
        assertThat(ours.baseOffset()).as("baseOffset").isEqualTo(kafka.baseOffset());
        assertThat(ours.lastOffset()).as("lastOffset").isEqualTo(kafka.lastOffset());
        assertThat(ours.nextOffset()).as("nextOffset").isEqualTo(kafka.nextOffset());
        assertThat(ours.partitionLeaderEpoch()).as("partitionLeaderEpoch").isEqualTo(kafka.partitionLeaderEpoch());
        assertThat(ours.magic()).as("magic").isEqualTo(kafka.magic());
        assertThat(ours.compressionType().name())
                .as("compression")
                .isEqualTo(kafka.compressionType().name());
        assertThat(ours.timestampType().name())
                .as("timestampType")
                .isEqualTo(kafka.timestampType().name());
        assertThat(ours.isTransactional()).as("transactional").isEqualTo(kafka.isTransactional());
        assertThat(ours.isControlBatch()).as("control").isEqualTo(kafka.isControlBatch());
        OptionalLong horizon = kafka.deleteHorizonMs();
        assertThat(ours.hasDeleteHorizonMs()).as("hasDeleteHorizon").isEqualTo(horizon.isPresent());
        assertThat(ours.deleteHorizonMs()).as("deleteHorizonMs").isEqualTo(horizon.orElse(RecordBatch.NO_TIMESTAMP));
        assertThat(ours.maxTimestamp()).as("maxTimestamp").isEqualTo(kafka.maxTimestamp());
        assertThat(ours.baseTimestamp())
                .as("baseTimestamp")
                .isEqualTo(((org.apache.kafka.common.record.internal.DefaultRecordBatch) kafka).baseTimestamp());
        assertThat(ours.producerId()).as("producerId").isEqualTo(kafka.producerId());
        assertThat(ours.producerEpoch()).as("producerEpoch").isEqualTo(kafka.producerEpoch());
        assertThat(ours.hasProducerId()).as("hasProducerId").isEqualTo(kafka.hasProducerId());
        assertThat(ours.baseSequence()).as("baseSequence").isEqualTo(kafka.baseSequence());
        assertThat(ours.lastSequence()).as("lastSequence").isEqualTo(kafka.lastSequence());
        assertThat(ours.recordsCount()).as("count").isEqualTo(kafka.countOrNull());
        if (ours.compressionType() == CompressionType.NONE) {
            assertThat(ours.sizeInBytes()).as("sizeInBytes").isEqualTo(kafka.sizeInBytes());
            assertThat(ours.checksum()).as("checksum").isEqualTo(kafka.checksum());
        }
        assertThat(ours.isValid()).as("valid").isTrue();
    }

    /** Every field of every record, ours against kafka-clients' iteration of the same batch. */
    static void assertSameRecords(org.apache.kafka.common.record.internal.RecordBatch kafka, RecordBatch ours) {
        Iterator<org.apache.kafka.common.record.internal.Record> k = kafka.iterator();
        Iterator<Record> o = ours.iterator();
        int i = 0;
        while (k.hasNext()) {
            assertThat(o.hasNext()).as("record " + i + " present").isTrue();
            org.apache.kafka.common.record.internal.Record kr = k.next();
            Record or = o.next();
            String at = "record " + i + " ";
            assertThat(or.offset()).as(at + "offset").isEqualTo(kr.offset());
            assertThat(or.timestamp()).as(at + "timestamp").isEqualTo(kr.timestamp());
            assertThat(or.sequence()).as(at + "sequence").isEqualTo(kr.sequence());
            assertThat(or.sizeInBytes()).as(at + "sizeInBytes").isEqualTo(kr.sizeInBytes());
            assertThat(or.hasKey()).as(at + "hasKey").isEqualTo(kr.hasKey());
            assertThat(or.keySize()).as(at + "keySize").isEqualTo(kr.keySize());
            assertThat(or.keyBytes()).as(at + "key").isEqualTo(bytesOf(kr.key()));
            assertThat(or.key() == null ? null : ByteBufUtil.getBytes(or.key()))
                    .as(at + "key slice")
                    .isEqualTo(bytesOf(kr.key()));
            assertThat(or.hasValue()).as(at + "hasValue").isEqualTo(kr.hasValue());
            assertThat(or.valueSize()).as(at + "valueSize").isEqualTo(kr.valueSize());
            assertThat(or.valueBytes()).as(at + "value").isEqualTo(bytesOf(kr.value()));
            assertThat(or.value() == null ? null : ByteBufUtil.getBytes(or.value()))
                    .as(at + "value slice")
                    .isEqualTo(bytesOf(kr.value()));
            org.apache.kafka.common.header.Header[] kh = kr.headers();
            List<Header> oh = or.headers();
            assertThat(oh).as(at + "header count").hasSize(kh.length);
            assertThat(or.headerCount()).isEqualTo(kh.length);
            for (int h = 0; h < kh.length; h++) {
                assertThat(oh.get(h).key()).as(at + "header key").isEqualTo(kh[h].key());
                assertThat(oh.get(h).value()).as(at + "header value").isEqualTo(kh[h].value());
            }
            i++;
        }
        assertThat(o.hasNext()).as("no records beyond kafka's " + i).isFalse();
    }

    /** Our reading of a batch against this description. */
    void assertDescribes(RecordBatch ours) {
        assertThat(ours.baseOffset()).isEqualTo(baseOffset);
        assertThat(ours.compressionType()).isEqualTo(compression.type());
        assertThat(ours.timestampType()).isEqualTo(timestampType);
        assertThat(ours.producerId()).isEqualTo(producerId);
        assertThat(ours.producerEpoch()).isEqualTo(producerEpoch);
        assertThat(ours.baseSequence()).isEqualTo(baseSequence);
        assertThat(ours.isTransactional()).isEqualTo(transactional);
        assertThat(ours.partitionLeaderEpoch()).isEqualTo(partitionLeaderEpoch);
        assertThat(ours.deleteHorizonMs()).isEqualTo(deleteHorizonMs);
        assertThat(ours.recordsCount()).isEqualTo(records.size());
        assertThat(ours.lastOffset()).isEqualTo(records.get(records.size() - 1).offset());
        Iterator<Record> it = ours.iterator();
        for (RecordSpec expected : records) {
            Record actual = it.next();
            assertThat(actual.offset()).isEqualTo(expected.offset());
            assertThat(actual.timestamp())
                    .isEqualTo(timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : expected.timestamp());
            assertThat(actual.keyBytes()).isEqualTo(expected.key());
            assertThat(actual.valueBytes()).isEqualTo(expected.value());
            assertThat(actual.headers()).isEqualTo(expected.headers());
            assertThat(actual.sequence())
                    .isEqualTo(
                            baseSequence == RecordBatch.NO_SEQUENCE
                                    ? RecordBatch.NO_SEQUENCE
                                    : RecordBatch.sequenceAfter(baseSequence, (int) (expected.offset() - baseOffset)));
        }
        assertThat(it.hasNext()).isFalse();
    }

    static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
