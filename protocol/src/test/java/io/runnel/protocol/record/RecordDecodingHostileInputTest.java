package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.Wire;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile bytes fed to the record batch decoder (batch walking, validation, decompression, record iteration, header
 * decoding): truncations, random mutations, random compressed streams, absurd lengths and decompression bombs. The
 * only acceptable failure is {@link CorruptRecordException}; lengths are never trusted for an allocation, which is
 * checked by measuring what the decoding thread allocates.
 *
 * <p>The seed is fixed and printed; {@code -Drecords.seed=N} reproduces a run.
 */
class RecordDecodingHostileInputTest {

    private static final long SEED = Long.getLong("records.seed", 0x0BAD_B17EL);
    private static final int SMALL_LIMIT = 1 << 20;

    @BeforeAll
    static void printSeed() {
        System.out.println("RecordDecodingHostileInputTest seed " + SEED);
    }

    /** Walks, validates and fully iterates every batch, touching every record field. */
    private static void decodeFully(ByteBuf bytes, int limit) {
        for (RecordBatch batch : new MemoryRecords(bytes).batches()) {
            batch.isValid();
            RecordIterator records = batch.iterator(limit);
            while (records.hasNext()) {
                Record record = records.next();
                record.headers();
                record.keyBytes();
                record.valueBytes();
                record.key();
                record.value();
            }
        }
    }

    /** Runs {@code decoding}, failing the test for any exception but {@link CorruptRecordException}. */
    private static boolean onlyCorrupt(Runnable decoding, String what) {
        try {
            decoding.run();
            return false;
        } catch (CorruptRecordException expected) {
            return true;
        } catch (Throwable t) {
            fail(what + " failed with " + t + " instead of CorruptRecordException", t);
            return false;
        }
    }

    /** The bytes the current thread allocates while running {@code decoding}, which must fail as corrupt. */
    private static long allocatedByCorruptDecoding(Runnable decoding) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        assertThatThrownBy(decoding::run).isInstanceOf(CorruptRecordException.class);
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    /** A batch with a valid header and CRC around an arbitrary records section. */
    static ByteBuf batchAround(CompressionType type, int count, ByteBuf section) {
        ByteBuf batch = Unpooled.buffer(RecordBatch.RECORD_BATCH_OVERHEAD + section.readableBytes());
        batch.writeLong(0)
                .writeInt(RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD + section.readableBytes())
                .writeInt(0)
                .writeByte(RecordBatch.MAGIC_V2)
                .writeInt(0)
                .writeShort(RecordBatch.attributes(type, TimestampType.CREATE_TIME, false, false, false))
                .writeInt(Math.max(count - 1, 0))
                .writeLong(1_700_000_000_000L)
                .writeLong(1_700_000_000_000L)
                .writeLong(-1)
                .writeShort(-1)
                .writeInt(-1)
                .writeInt(count)
                .writeBytes(section, section.readerIndex(), section.readableBytes());
        fixCrc(batch);
        return batch;
    }

    private static void fixCrc(ByteBuf batch) {
        batch.setInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(batch).computeChecksum());
    }

    private static ByteBuf randomBatch(Random random, CompressionType type) {
        return BatchSpec.random(random, type, 1 + random.nextInt(20), random.nextInt(300))
                .buildWithRunnel();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void truncatedBatchesAndTruncatedRecordSectionsOnlyFailAsCorrupt(CompressionType type) {
        Random random = new Random(SEED + type.ordinal());
        for (int trial = 0; trial < 5; trial++) {
            ByteBuf batch = randomBatch(random, type);
            int size = batch.readableBytes();
            for (int cut = 0; cut < size; cut++) {
                ByteBuf prefix = batch.slice(0, cut);
                assertThat(new MemoryRecords(prefix).batches())
                        .as("a cut batch is a trailing partial batch")
                        .isEmpty();
                assertThat(onlyCorrupt(() -> new RecordBatch(prefix).ensureValid(), "ensureValid of a cut batch"))
                        .isTrue();
                assertThat(onlyCorrupt(() -> new RecordBatch(prefix).iterator(), "iterating a cut batch"))
                        .isTrue();
                if (cut >= RecordBatch.RECORD_BATCH_OVERHEAD) {
                    // The same cut with a header that agrees: the records section itself ends early.
                    ByteBuf section =
                            batch.slice(RecordBatch.RECORD_BATCH_OVERHEAD, cut - RecordBatch.RECORD_BATCH_OVERHEAD);
                    ByteBuf reframed = batchAround(type, new RecordBatch(batch).recordsCount(), section);
                    assertThat(onlyCorrupt(() -> decodeFully(reframed, SMALL_LIMIT), "a cut records section"))
                            .as("cut at " + cut + " of " + size)
                            .isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void randomMutationsOnlyFailAsCorrupt(CompressionType type) {
        Random random = new Random(SEED * 7 + type.ordinal());
        int corrupt = 0;
        for (int trial = 0; trial < 400; trial++) {
            ByteBuf batch = randomBatch(random, type);
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // From the attributes on: the framing fields are covered by the truncation test.
                int at = RecordBatch.ATTRIBUTES_OFFSET
                        + random.nextInt(batch.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET);
                batch.setByte(at, batch.getByte(at) ^ (1 << random.nextInt(8)));
            }
            if (random.nextInt(4) == 0) {
                assertThat(new RecordBatch(batch).isValid())
                        .as("the CRC catches a mutation")
                        .isFalse();
            }
            // Recompute the CRC so that decoding goes past validation into the records.
            fixCrc(batch);
            if (onlyCorrupt(() -> decodeFully(batch, SMALL_LIMIT), "a mutated batch")) {
                corrupt++;
            }
        }
        assertThat(corrupt).as("mutations that were detected").isPositive();
    }

    /**
     * {@link RecordIterator#advance()} (the allocation-free walk the log's validator uses) must see exactly what
     * {@link RecordIterator#next()} sees: the same offsets, timestamps and keys of good batches, and a failure at the
     * same record of a damaged one.
     */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void advanceReadsAndRejectsExactlyWhatNextDoes(CompressionType type) {
        Random random = new Random(SEED * 11 + type.ordinal());
        int damaged = 0;
        for (int trial = 0; trial < 300; trial++) {
            ByteBuf batch = randomBatch(random, type);
            if (trial % 2 == 1) {
                int at = RecordBatch.ATTRIBUTES_OFFSET
                        + random.nextInt(batch.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET);
                batch.setByte(at, batch.getByte(at) ^ (1 << random.nextInt(8)));
                fixCrc(batch);
            }
            List<String> byNext = new ArrayList<>();
            List<String> byAdvance = new ArrayList<>();
            try {
                RecordIterator records = new RecordBatch(batch.duplicate()).iterator(SMALL_LIMIT);
                while (records.hasNext()) {
                    Record r = records.next();
                    byNext.add(r.offset() + "@" + r.timestamp() + (r.hasKey() ? "k" : "-"));
                }
            } catch (CorruptRecordException e) {
                byNext.add("corrupt: " + e.getMessage());
            }
            try {
                RecordIterator records = new RecordBatch(batch.duplicate()).iterator(SMALL_LIMIT);
                while (records.hasNext()) {
                    records.advance();
                    byAdvance.add(records.offset() + "@" + records.timestamp() + (records.hasKey() ? "k" : "-"));
                }
            } catch (CorruptRecordException e) {
                byAdvance.add("corrupt: " + e.getMessage());
            }
            assertThat(byAdvance).as("trial %d", trial).isEqualTo(byNext);
            if (!byNext.isEmpty() && byNext.get(byNext.size() - 1).startsWith("corrupt")) {
                damaged++;
            }
        }
        assertThat(damaged).as("trials that hit a damaged record").isPositive();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void randomRecordSectionsOnlyFailAsCorrupt(CompressionType type) {
        Random random = new Random(SEED * 13 + type.ordinal());
        byte[][] prefixes = {
            {},
            {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0},
            {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1},
            {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, (byte) 0x82},
            {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}
        };
        for (int trial = 0; trial < 400; trial++) {
            ByteBuf section = Unpooled.buffer();
            section.writeBytes(prefixes[random.nextInt(prefixes.length)]);
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            section.writeBytes(noise);
            int count = random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(50);
            ByteBuf batch = batchAround(type, count, section);
            onlyCorrupt(() -> decodeFully(batch, SMALL_LIMIT), "random records section");
        }
    }

    @Test
    void absurdLengthsInsideRecordsFailWithoutAllocating() {
        // A record claiming 2 GB.
        ByteBuf huge = Unpooled.buffer();
        Wire.writeVarint(huge, Integer.MAX_VALUE);
        huge.writeZero(10);
        assertThat(allocatedByCorruptDecoding(
                        () -> decodeFully(batchAround(CompressionType.NONE, 1, huge), SMALL_LIMIT)))
                .isLessThan(1 << 20);

        // A key claiming 2 GB inside a record of plausible length.
        ByteBuf key = Unpooled.buffer();
        Wire.writeVarint(key, 12);
        key.writeByte(0);
        Wire.writeVarlong(key, 0);
        Wire.writeVarint(key, 0);
        Wire.writeVarint(key, Integer.MAX_VALUE);
        key.writeZero(6);
        assertThat(allocatedByCorruptDecoding(
                        () -> decodeFully(batchAround(CompressionType.NONE, 1, key), SMALL_LIMIT)))
                .isLessThan(1 << 20);

        // Two billion headers.
        ByteBuf headers = Unpooled.buffer();
        Wire.writeVarint(headers, 12);
        headers.writeByte(0);
        Wire.writeVarlong(headers, 0);
        Wire.writeVarint(headers, 0);
        Wire.writeVarint(headers, -1);
        Wire.writeVarint(headers, -1);
        Wire.writeVarint(headers, Integer.MAX_VALUE);
        headers.writeZero(12 - (headers.readableBytes() - 1));
        assertThat(allocatedByCorruptDecoding(
                        () -> decodeFully(batchAround(CompressionType.NONE, 1, headers), SMALL_LIMIT)))
                .isLessThan(1 << 20);
    }

    @Test
    void aBatchClaimingTwoBillionRecordsEndsWithTheBytesItHas() {
        RecordBatchBuilder builder = new RecordBatchBuilder(Compression.NONE, 0);
        builder.append(1L, new byte[] {1}, new byte[] {2});
        ByteBuf batch = builder.build();
        batch.setInt(RecordBatch.RECORDS_COUNT_OFFSET, Integer.MAX_VALUE);
        batch.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, Integer.MAX_VALUE);
        fixCrc(batch);
        RecordIterator records = new RecordBatch(batch).iterator();
        assertThat(records.next().offset()).isZero();
        assertThat(records.hasNext()).isTrue();
        assertThatThrownBy(records::next).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aBatchClaimingTwoGigabytesIsAPartialBatchToWalkAndCorruptToValidate() {
        ByteBuf batch = randomBatch(new Random(SEED), CompressionType.NONE);
        batch.setInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThat(new MemoryRecords(batch).batches()).isEmpty();
        assertThat(new MemoryRecords(batch).validBytes()).isZero();
        assertThatThrownBy(() -> new RecordBatch(batch).ensureValid()).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> new RecordBatch(batch).iterator()).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void compressedStreamsStatingHugeSizesFailWithoutAllocating() {
        // snappy: a chunk claiming 2 GB of input, and a block stating 4 GB of output.
        ByteBuf snappyHeader = Unpooled.buffer()
                .writeBytes(new byte[] {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0})
                .writeInt(1)
                .writeInt(1);
        ByteBuf chunk = snappyHeader.copy().writeInt(Integer.MAX_VALUE).writeZero(8);
        ByteBuf block = snappyHeader.copy().writeInt(6).writeBytes(new byte[] {-1, -1, -1, -1, 0x0f, 0});
        ByteBuf rawBlock = Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, 0x07, 0});
        // lz4: a frame stating 1 TB of content, and a block claiming 2 GB.
        ByteBuf lz4ContentSize = lz4Frame(0x68).writeLongLE(1L << 40);
        lz4HeaderChecksum(lz4ContentSize);
        lz4ContentSize.writeIntLE(0);
        ByteBuf lz4Block = lz4Frame(0x60);
        lz4HeaderChecksum(lz4Block);
        lz4Block.writeIntLE(Integer.MAX_VALUE).writeZero(16);
        // zstd: a single-segment frame header stating 1 TB.
        ByteBuf zstd = Unpooled.buffer()
                .writeIntLE(0xFD2FB528)
                .writeByte(0xE0)
                .writeLongLE(1L << 40)
                .writeZero(8);
        // gzip: a valid member whose trailer claims 4 GB.
        ByteBuf gzip = Unpooled.buffer();
        Codec.forType(CompressionType.GZIP).compress(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), gzip, -1);
        gzip.setIntLE(gzip.writerIndex() - 4, -1);

        Object[][] cases = {
            {CompressionType.SNAPPY, chunk},
            {CompressionType.SNAPPY, block},
            {CompressionType.SNAPPY, rawBlock},
            {CompressionType.LZ4, lz4ContentSize},
            {CompressionType.LZ4, lz4Block},
            {CompressionType.ZSTD, zstd},
            {CompressionType.GZIP, gzip},
        };
        for (Object[] c : cases) {
            ByteBuf batch = batchAround((CompressionType) c[0], 1, (ByteBuf) c[1]);
            // The default limit: nothing near it may be allocated for a stream this small.
            assertThat(allocatedByCorruptDecoding(() -> decodeFully(batch, RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES)))
                    .as(c[0] + " stream " + io.netty.buffer.ByteBufUtil.hexDump((ByteBuf) c[1]))
                    .isLessThan(1 << 20);
        }
    }

    private static ByteBuf lz4Frame(int flg) {
        return Unpooled.buffer().writeIntLE(0x184D2204).writeByte(flg).writeByte(0x40);
    }

    private static void lz4HeaderChecksum(ByteBuf frame) {
        int hash = net.jpountz.xxhash.XXHashFactory.fastestInstance()
                .hash32()
                .hash(frame.nioBuffer(4, frame.writerIndex() - 4), 0);
        frame.writeByte((hash >> 8) & 0xff);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void decompressionBombsStopAtTheLimit(CompressionType type) {
        ByteBuf bomb = Unpooled.buffer();
        Codec.forType(type).compress(Unpooled.wrappedBuffer(new byte[16 << 20]), bomb, Compression.defaultLevel(type));
        ByteBuf batch = batchAround(type, 1, bomb);
        long allocated = allocatedByCorruptDecoding(() -> decodeFully(batch, SMALL_LIMIT));
        assertThat(allocated)
                .as(type + " bomb of " + bomb.readableBytes() + " bytes")
                .isLessThan(4L * SMALL_LIMIT);
    }

    @Test
    void aBombPastTheDefaultLimitIsRefusedWithinTheLimit() {
        // 128 concatenated zstd frames of 1 MiB of zeros: 128 MiB from a few kilobytes.
        byte[] frame = Zstd.compress(new byte[1 << 20], 3);
        ByteBuf bomb = Unpooled.buffer();
        for (int i = 0; i < 128; i++) {
            bomb.writeBytes(frame);
        }
        ByteBuf batch = batchAround(CompressionType.ZSTD, 1, bomb);
        long allocated =
                allocatedByCorruptDecoding(() -> decodeFully(batch, RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES));
        assertThat(allocated).isLessThan(3L * RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES);
    }
}
