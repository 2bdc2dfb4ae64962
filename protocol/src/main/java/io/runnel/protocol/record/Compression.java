package io.runnel.protocol.record;

/**
 * A compression codec and the level to compress with, as the {@code compression.type} and {@code
 * compression.<codec>.level} configs describe it. Levels only affect writing; any level reads any batch.
 *
 * <p>Level ranges and defaults are those of the Kafka configs: gzip 1-9 (default: zlib's own, written -1), lz4 1-17
 * (default 9, which uses the fast compressor; other levels use the high-compression one), zstd {@value
 * #ZSTD_MIN_LEVEL}-22 (default 3). None and snappy have no levels (0).
 *
 * <p>Immutable.
 */
public record Compression(CompressionType type, int level) {

    public static final int GZIP_DEFAULT_LEVEL = -1;
    public static final int GZIP_MIN_LEVEL = 1;
    public static final int GZIP_MAX_LEVEL = 9;
    public static final int LZ4_DEFAULT_LEVEL = 9;
    public static final int LZ4_MIN_LEVEL = 1;
    public static final int LZ4_MAX_LEVEL = 17;
    public static final int ZSTD_DEFAULT_LEVEL = 3;
    /** zstd's fastest negative level, as {@code ZSTD_minCLevel()} reports it. */
    public static final int ZSTD_MIN_LEVEL = -131072;

    public static final int ZSTD_MAX_LEVEL = 22;

    public static final Compression NONE = new Compression(CompressionType.NONE, 0);

    public Compression {
        if (type == null) {
            throw new IllegalArgumentException("compression type must not be null");
        }
        boolean valid =
                switch (type) {
                    case NONE, SNAPPY -> level == 0;
                    case GZIP -> level == GZIP_DEFAULT_LEVEL || (level >= GZIP_MIN_LEVEL && level <= GZIP_MAX_LEVEL);
                    case LZ4 -> level >= LZ4_MIN_LEVEL && level <= LZ4_MAX_LEVEL;
                    case ZSTD -> level >= ZSTD_MIN_LEVEL && level <= ZSTD_MAX_LEVEL;
                };
        if (!valid) {
            throw new IllegalArgumentException("Invalid " + type.configName + " compression level " + level);
        }
    }

    /** The codec at its default level. */
    public static Compression of(CompressionType type) {
        return new Compression(type, defaultLevel(type));
    }

    /** @throws IllegalArgumentException for a level outside the codec's range */
    public static Compression of(CompressionType type, int level) {
        return new Compression(type, level);
    }

    public static int defaultLevel(CompressionType type) {
        return switch (type) {
            case NONE, SNAPPY -> 0;
            case GZIP -> GZIP_DEFAULT_LEVEL;
            case LZ4 -> LZ4_DEFAULT_LEVEL;
            case ZSTD -> ZSTD_DEFAULT_LEVEL;
        };
    }
}
