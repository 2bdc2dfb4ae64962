package io.runnel.coordinator.record;

/**
 * A key whose record type this version does not know (written by a newer version). The loader skips such records
 * with a warning rather than failing: the state they carry belongs to a feature this version does not have.
 */
public final class UnknownRecordTypeException extends RecordFormatException {
    private final short type;

    public UnknownRecordTypeException(short type) {
        super("unknown __consumer_offsets record type " + type);
        this.type = type;
    }

    public short type() {
        return type;
    }
}
