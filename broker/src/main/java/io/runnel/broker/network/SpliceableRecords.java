package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.runnel.protocol.record.Records;

/**
 * Record data that a response sends straight from a file (sendfile, no copy into the heap). When the response is
 * encoded, {@link #writeTo} notes the position in the response buffer where the bytes belong and writes nothing;
 * the sender then interleaves the buffer's pieces with {@link #fileRegion()}. Each instance is used in exactly
 * one response, once.
 *
 * <p>Not thread-safe.
 */
public abstract class SpliceableRecords implements Records {

    private int splicePosition = -1;

    @Override
    public final void writeTo(ByteBuf out) {
        if (splicePosition >= 0) {
            throw new IllegalStateException("records were already written into a response");
        }
        splicePosition = out.writerIndex();
    }

    /** Where in the response buffer the bytes go, or -1 before encoding. */
    final int splicePosition() {
        return splicePosition;
    }

    /** A region over the bytes, released by the transport after sending; it must not close the file. */
    public abstract FileRegion fileRegion();
}
