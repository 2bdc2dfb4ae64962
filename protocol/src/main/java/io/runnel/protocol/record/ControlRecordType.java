package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The type of a control record, stated in its key: int16 version (0), then int16 type, big-endian. Transaction
 * markers are ABORT and COMMIT; the others belong to the metadata quorum's log. A type this release does not know
 * reads as {@link #UNKNOWN}, so newer control records pass through.
 */
public enum ControlRecordType {
    ABORT(0),
    COMMIT(1),
    LEADER_CHANGE(2),
    SNAPSHOT_HEADER(3),
    SNAPSHOT_FOOTER(4),
    KRAFT_VERSION(5),
    KRAFT_VOTERS(6),
    UNKNOWN(-1);

    /** The key version this release writes. */
    public static final short CURRENT_KEY_VERSION = 0;

    /** The size of a control record key. */
    public static final int KEY_SIZE = 4;

    public final short type;

    ControlRecordType(int type) {
        this.type = (short) type;
    }

    /** The key of a control record of this type. */
    public ByteBuf key() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN is not a control record type that can be written");
        }
        return Unpooled.buffer(KEY_SIZE, KEY_SIZE)
                .writeShort(CURRENT_KEY_VERSION)
                .writeShort(type);
    }

    /**
     * Reads the type from a control record's key, leaving its indexes alone.
     *
     * @throws CorruptRecordException for a null or short key or a negative version
     */
    public static ControlRecordType parse(ByteBuf key) {
        if (key == null || key.readableBytes() < KEY_SIZE) {
            throw new CorruptRecordException("Control record key is missing or shorter than " + KEY_SIZE + " bytes");
        }
        short version = key.getShort(key.readerIndex());
        if (version < 0) {
            throw new CorruptRecordException("Control record key has a negative version " + version);
        }
        return forType(key.getShort(key.readerIndex() + 2));
    }

    public static ControlRecordType forType(short type) {
        for (ControlRecordType t : values()) {
            if (t.type == type && t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
