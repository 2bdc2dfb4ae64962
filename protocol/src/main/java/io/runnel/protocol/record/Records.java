package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;

/**
 * The value of a {@code records} field: a sequence of record batches that the protocol carries as opaque bytes.
 * Decoding yields {@link MemoryRecords} over a slice of the request; the broker supplies its own implementation
 * for log data so that a fetch response can send file regions without copying them into the response buffer.
 */
public interface Records {

    /** The number of bytes {@link #writeTo} writes. */
    int sizeInBytes();

    /**
     * Writes the record bytes. An implementation backed by a file may instead note where in {@code out} its bytes
     * belong and write nothing, if the code that sends {@code out} splices them in at that position.
     */
    void writeTo(ByteBuf out);
}
