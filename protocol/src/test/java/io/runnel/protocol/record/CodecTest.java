package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The codecs against the compression libraries' own stream readers and writers, beyond the exact streams Kafka's Java
 * client writes: other clients (librdkafka, Go, Python) use options such as LZ4 checksums and content sizes,
 * streaming zstd, concatenated members and frames.
 */
class CodecTest {

    private static final int LIMIT = 16 << 20;

    private static byte[] data(int size, long seed) {
        return BatchSpec.bytes(new Random(seed), size);
    }

    private static byte[] decompress(CompressionType type, byte[] compressed) {
        return ByteBufUtil.getBytes(Codec.forType(type).decompress(Unpooled.wrappedBuffer(compressed), LIMIT));
    }

    private static byte[] compress(CompressionType type, byte[] data, int level) {
        ByteBuf out = Unpooled.buffer();
        Codec.forType(type).compress(Unpooled.wrappedBuffer(data), out, level);
        return ByteBufUtil.getBytes(out);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 32 * 1024 - 1, 32 * 1024, 64 * 1024, 64 * 1024 + 1, 1_000_000})
    void everyCodecRoundTripsAndTheLibraryStreamsReadWhatWeWrite(int size) throws IOException {
        byte[] data = data(size, size);
        for (CompressionType type : CompressionType.values()) {
            if (type == CompressionType.NONE) {
                continue;
            }
            byte[] compressed = compress(type, data, Compression.defaultLevel(type));
            assertThat(decompress(type, compressed)).as(type.name()).isEqualTo(data);
            try (InputStream in = libraryReader(type, compressed)) {
                assertThat(in.readAllBytes())
                        .as(type + " read by the library's stream")
                        .isEqualTo(data);
            }
            // Direct (off-heap) input, as Netty delivers requests.
            ByteBuf direct = Unpooled.directBuffer(compressed.length).writeBytes(compressed);
            try {
                assertThat(ByteBufUtil.getBytes(Codec.forType(type).decompress(direct, LIMIT)))
                        .isEqualTo(data);
            } finally {
                direct.release();
            }
        }
    }

    private static InputStream libraryReader(CompressionType type, byte[] compressed) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(compressed);
        return switch (type) {
            case GZIP -> new GZIPInputStream(in);
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            case NONE -> in;
        };
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyLevelWritesAReadableStream(CompressionType type) {
        byte[] data = data(200_000, 5);
        int[] levels =
                switch (type) {
                    case GZIP -> new int[] {-1, 1, 5, 9};
                    case LZ4 -> new int[] {1, 9, 10, 17};
                    case ZSTD -> new int[] {-7, 1, 3, 19};
                    default -> new int[] {0};
                };
        for (int level : levels) {
            assertThat(decompress(type, compress(type, data, level)))
                    .as(type + " level " + level)
                    .isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024})
    void lz4FramesWithChecksumsContentSizesAndLargerBlocksRead(int blockSize) throws IOException {
        byte[] data = data(3_000_000, blockSize);
        BLOCKSIZE size =
                switch (blockSize) {
                    case 64 * 1024 -> BLOCKSIZE.SIZE_64KB;
                    case 256 * 1024 -> BLOCKSIZE.SIZE_256KB;
                    case 1024 * 1024 -> BLOCKSIZE.SIZE_1MB;
                    default -> BLOCKSIZE.SIZE_4MB;
                };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(
                bytes,
                size,
                data.length,
                Bits.BLOCK_INDEPENDENCE,
                Bits.BLOCK_CHECKSUM,
                Bits.CONTENT_CHECKSUM,
                Bits.CONTENT_SIZE)) {
            out.write(data);
        }
        byte[] frame = bytes.toByteArray();
        assertThat(decompress(CompressionType.LZ4, frame)).isEqualTo(data);

        // A corrupted block fails its block checksum rather than decoding to garbage.
        byte[] damaged = frame.clone();
        damaged[frame.length / 2] ^= 0x10;
        assertThatThrownBy(() -> decompress(CompressionType.LZ4, damaged)).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void concatenatedStreamsReadAsOne(CompressionType type) throws IOException {
        byte[] first = data(70_000, 1);
        byte[] second = data(5_000, 2);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(libraryWrite(type, first));
        both.write(libraryWrite(type, second));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(first);
        expected.write(second);
        assertThat(decompress(type, both.toByteArray())).isEqualTo(expected.toByteArray());
    }

    /** The stream the library's own writer produces (streaming zstd: no content size in the frame). */
    private static byte[] libraryWrite(CompressionType type, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out =
                switch (type) {
                    case GZIP -> new GZIPOutputStream(bytes);
                    case SNAPPY -> new SnappyOutputStream(bytes, 4096);
                    case LZ4 -> new LZ4FrameOutputStream(bytes);
                    case ZSTD -> new ZstdOutputStreamNoFinalizer(bytes).setChecksum(true);
                    case NONE -> bytes;
                }) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void streamsFromTheLibraryWritersRead(CompressionType type) throws IOException {
        for (int size : new int[] {0, 10, 100_000, 2_000_000}) {
            byte[] data = data(size, size + 11);
            assertThat(decompress(type, libraryWrite(type, data))).isEqualTo(data);
        }
    }

    @org.junit.jupiter.api.Test
    void aGzipHeaderWithEveryOptionalFieldReads() throws IOException {
        byte[] data = data(10_000, 9);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        // FHCRC | FEXTRA | FNAME | FCOMMENT
        gz.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x1e, 0, 0, 0, 0, 0, 3});
        gz.write(new byte[] {4, 0, 'a', 'b', 'c', 'd'});
        gz.write("name.txt\0".getBytes());
        gz.write("a comment\0".getBytes());
        gz.write(new byte[] {0x12, 0x34}); // the header CRC16, which readers may skip
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            gz.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        gz.write(
                Unpooled.buffer()
                        .writeIntLE((int) crc.getValue())
                        .writeIntLE(data.length)
                        .array(),
                0,
                8);
        assertThat(decompress(CompressionType.GZIP, gz.toByteArray())).isEqualTo(data);
    }

    @org.junit.jupiter.api.Test
    void rawSnappyWithoutTheStreamHeaderReadsAsSnappyInputStreamReadsIt() throws IOException {
        byte[] data = data(50_000, 4);
        byte[] raw = Snappy.compress(data);
        assertThat(decompress(CompressionType.SNAPPY, raw)).isEqualTo(data);
        try (InputStream in = new SnappyInputStream(new ByteArrayInputStream(raw))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @org.junit.jupiter.api.Test
    void lz4SkippableFramesAreSkippedAndDependentBlocksRejectedAsKafkaDoes() throws IOException {
        byte[] data = data(100_000, 6);
        byte[] frame = libraryWrite(CompressionType.LZ4, data);
        ByteBuf skippable =
                Unpooled.buffer().writeIntLE(0x184D2A53).writeIntLE(3).writeBytes(new byte[3]);
        byte[] withSkippable = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(skippable, Unpooled.wrappedBuffer(frame)));
        assertThat(decompress(CompressionType.LZ4, withSkippable)).isEqualTo(data);

        byte[] dependent = frame.clone();
        dependent[4] &= ~0x20;
        dependent[6] = (byte) (XXHashFactory.fastestInstance().hash32().hash(dependent, 4, 2, 0) >> 8);
        assertThatThrownBy(() -> decompress(CompressionType.LZ4, dependent))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("dependent");
    }

    @org.junit.jupiter.api.Test
    void zstdFramesWithLargeWindowsReadInOneShot() {
        byte[] data = data(3_000_000, 8);
        byte[] level19 = Zstd.compress(data, 19);
        assertThat(decompress(CompressionType.ZSTD, level19)).isEqualTo(data);
    }
}
