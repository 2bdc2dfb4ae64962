package io.runnel.storage.segment;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The {@code .log} file of a segment: v2 record batches back to back, exactly as they go over the wire, with
 * offsets assigned.
 *
 * <p>Invariant: {@link #size()} is the number of bytes readers may see, and it always ends at the end of a batch
 * that was written completely. The file itself may be longer while an append is being written, after a failed
 * write, or before recovery truncates a torn tail; nothing past {@code size} is ever served.
 *
 * <p>Thread-safety: one writer (the owning log's lock) calls {@link #append}, {@link #truncateTo} and
 * {@link #setSize}; any number of readers call the read methods concurrently. {@code size} is volatile and is
 * advanced only after the bytes are written, so a reader that reads it sees whole batches.
 */
public final class LogFile {

    private final Disk disk;
    private final FileChannel channel;
    private volatile Path path;
    private volatile int size;

    private LogFile(Disk disk, Path path, FileChannel channel, int size) {
        this.disk = disk;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens (or creates) a log file; its visible size is the file's size until recovery says otherwise. */
    public static LogFile open(Disk disk, Path path) throws IOException {
        FileChannel channel = disk.open(path);
        long fileSize = channel.size();
        if (fileSize > Integer.MAX_VALUE) {
            channel.close();
            throw new IOException("Segment file " + path + " is larger than 2 GiB: " + fileSize);
        }
        return new LogFile(disk, path, channel, (int) fileSize);
    }

    public Path path() {
        return path;
    }

    /** The channel, for zero-copy transfer of slices below {@link #size()}. */
    public FileChannel channel() {
        return channel;
    }

    public int size() {
        return size;
    }

    /** The file's length on disk, which may exceed {@link #size()} (see the class comment). */
    public long fileLength() throws IOException {
        return channel.size();
    }

    /**
     * Writes the readable bytes of {@code data} at the end, then makes them visible.
     *
     * @return the position the bytes were written at
     * @throws IOException when the write fails; nothing becomes visible, and the caller must treat the file as
     *     possibly holding a partial write past {@link #size()}
     */
    public int append(ByteBuf data) throws IOException {
        int position = size;
        int length = data.readableBytes();
        if ((long) position + length > Integer.MAX_VALUE) {
            throw new IOException("Append of " + length + " bytes would grow " + path + " past 2 GiB");
        }
        int written = 0;
        while (written < length) {
            written += data.getBytes(data.readerIndex() + written, channel, position + written, length - written);
        }
        size = position + length;
        return position;
    }

    /** Shrinks the file and the visible size to {@code newSize}. */
    public void truncateTo(int newSize) throws IOException {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        if (newSize < size) {
            size = newSize;
        }
        if (channel.size() > newSize) {
            channel.truncate(newSize);
        }
        size = newSize;
    }

    /** Sets the visible size without touching the file (after recovery decided how much of it is valid). */
    void setSize(int newSize) {
        size = newSize;
    }

    /** Forces the data (and the file length) to the device. */
    public void flush() throws IOException {
        channel.force(false);
    }

    /**
     * Reads {@code length} bytes at {@code position} into {@code dst}, appending at its writer index.
     *
     * @return false when the file ends first (what was read is still appended)
     */
    public boolean read(ByteBuf dst, long position, int length) throws IOException {
        dst.ensureWritable(length);
        int done = 0;
        while (done < length) {
            int n = dst.writeBytes(channel, position + done, length - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    /**
     * Reads the header of the batch at {@code position} into {@code scratch} (cleared first) and returns a view of
     * it, or null when fewer than a header's bytes lie between {@code position} and {@code limit}. Only header
     * accessors may be used on the view; it is valid until {@code scratch} is reused.
     */
    public RecordBatch readHeader(int position, int limit, ByteBuf scratch) throws IOException {
        if (limit - position < RecordBatch.RECORD_BATCH_OVERHEAD) {
            return null;
        }
        scratch.clear();
        if (!read(scratch, position, RecordBatch.RECORD_BATCH_OVERHEAD)) {
            return null;
        }
        return new RecordBatch(scratch);
    }

    /** Renames the file; the channel stays open, so readers holding it keep working. */
    public void renameTo(Path target) throws IOException {
        disk.move(path, target);
        path = target;
    }

    public void close() throws IOException {
        channel.close();
    }

    public void deleteIfExists() throws IOException {
        disk.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return "LogFile(" + path + ", size=" + size + ")";
    }
}
