package io.runnel.protocol.record;

/** The compression codecs of the record batch format, with their ids in the batch attributes. */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    public final int id;
    /** The name used in configs ({@code compression.type}). */
    public final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** @throws CorruptRecordException for an id no codec has */
    public static CompressionType forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> throw new CorruptRecordException("Unknown compression codec id " + id);
        };
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static CompressionType forName(String name) {
        for (CompressionType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown compression name: " + name);
    }
}
