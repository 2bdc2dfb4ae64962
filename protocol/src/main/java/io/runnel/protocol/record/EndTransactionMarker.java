package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The control record a transaction coordinator writes to each partition to end a transaction: key type COMMIT or
 * ABORT (see {@link ControlRecordType}), value int16 version (0) then int32 coordinator epoch, big-endian. Later
 * value versions may append fields, which reading ignores.
 *
 * <p>Immutable.
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {

    public static final short CURRENT_VALUE_VERSION = 0;
    /** The size of a version 0 value. */
    public static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("An end transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    /** The record value: version 0 and the coordinator epoch. */
    public ByteBuf value() {
        return Unpooled.buffer(VALUE_SIZE, VALUE_SIZE)
                .writeShort(CURRENT_VALUE_VERSION)
                .writeInt(coordinatorEpoch);
    }

    /**
     * Reads the marker from a control record.
     *
     * @throws CorruptRecordException if the record is not a well-formed COMMIT or ABORT marker
     */
    public static EndTransactionMarker read(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new CorruptRecordException("Control record of type " + type + " is not an end transaction marker");
        }
        ByteBuf value = record.value();
        if (value == null || value.readableBytes() < VALUE_SIZE) {
            throw new CorruptRecordException("End transaction marker value is missing or shorter than " + VALUE_SIZE);
        }
        short version = value.getShort(value.readerIndex());
        if (version < 0) {
            throw new CorruptRecordException("End transaction marker has a negative version " + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.readerIndex() + 2));
    }
}
