package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a log back through its public read path, for assertions. */
final class LogContents {

    private LogContents() {}

    /** The batches of a slice, each as its own buffer. */
    static List<RecordBatch> batches(FileSlice slice) {
        ByteBuf bytes = Unpooled.buffer(slice.length());
        try {
            slice.readInto(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<RecordBatch> batches = new ArrayList<>();
        while (bytes.isReadable()) {
            RecordBatch batch = new RecordBatch(bytes.slice(bytes.readerIndex(), bytes.readableBytes()));
            int size = batch.sizeInBytes();
            batches.add(new RecordBatch(bytes.readSlice(size)));
        }
        return batches;
    }

    /** Every batch from the log start to the log end, read in chunks of {@code maxBytes}. */
    static List<RecordBatch> all(Log log, int maxBytes) {
        List<RecordBatch> all = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            LogReadInfo info = log.read(offset, maxBytes, FetchIsolation.LOG_END, true);
            List<RecordBatch> batches = batches(info.records());
            if (batches.isEmpty()) {
                throw new AssertionError(
                        "Read at " + offset + " returned nothing before the log end " + log.logEndOffset());
            }
            all.addAll(batches);
            offset = batches.get(batches.size() - 1).nextOffset();
        }
        return all;
    }

    static List<RecordBatch> all(Log log) {
        return all(log, 1 << 20);
    }
}
