package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A run of whole record batches in a segment file: {@code length} bytes of {@code channel} from {@code position}.
 * The broker sends it as a Netty {@code DefaultFileRegion(channel, position, length)}, without copying. The
 * channel must not be closed by the receiver; the log keeps it open for at least {@code file.delete.delay.ms}
 * after the segment is deleted, which bounds how long a slice stays readable. Immutable.
 */
public record FileSlice(FileChannel channel, long position, int length) {

    public static final FileSlice EMPTY = new FileSlice(null, 0, 0);

    public boolean isEmpty() {
        return length == 0;
    }

    /** Sends the bytes to {@code target} (what a file region does), returning how many went. */
    public long transferTo(WritableByteChannel target) throws IOException {
        long done = 0;
        while (done < length) {
            long n = channel.transferTo(position + done, length - done, target);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Copies the bytes into {@code dst} at its writer index (for tests and for callers that need a buffer). */
    public void readInto(ByteBuf dst) throws IOException {
        dst.ensureWritable(length);
        int done = 0;
        while (done < length) {
            int n = dst.writeBytes(channel, position + done, length - done);
            if (n < 0) {
                throw new IOException("File ended " + (length - done) + " bytes before the end of the slice");
            }
            done += n;
        }
    }
}
