package io.runnel.storage.segment;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * What the two sparse indexes of a segment share: fixed-size big-endian entries appended in increasing key
 * order, with no header, so the file's length is a multiple of the entry size. While the segment is active the
 * entries live in a heap mirror and reach the file lazily (on {@link #flush}, {@link #seal} and {@link #close});
 * once sealed, lookups read the file with positional reads and hold nothing in memory. Files are not memory-mapped,
 * so every byte goes through the {@link Disk} seam.
 *
 * <p>Thread-safety: one writer (the owning log's lock) appends, truncates, seals and flushes; readers look up
 * concurrently. The entry count and the mirror are volatile, and a grown mirror is published before the count that
 * needs it, so a reader never indexes past the mirror it sees.
 */
abstract class IndexFile {

    private final Disk disk;
    private final FileChannel channel;
    private volatile Path path;
    protected final long baseOffset;
    private final int entrySize;
    private final int maxEntries;
    private volatile ByteBuffer mirror;
    private volatile int entries;
    /** Entries already written to the file; only the writer reads or changes it. */
    private int writtenEntries;
    /** Set at open when the file's length is not a whole number of entries; cleared by {@link #reset}. */
    private boolean partialEntryAtOpen;

    IndexFile(Disk disk, Path path, long baseOffset, int entrySize, int maxIndexBytes, boolean mutable)
            throws IOException {
        this.disk = disk;
        this.path = path;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxEntries = Math.max(0, maxIndexBytes / entrySize);
        this.channel = disk.open(path);
        long length = channel.size();
        this.partialEntryAtOpen = length % entrySize != 0;
        this.entries = (int) Math.min(Integer.MAX_VALUE, length / entrySize);
        this.writtenEntries = entries;
        if (mutable) {
            makeMutable();
        }
    }

    public Path path() {
        return path;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /** The size in bytes of the entries, written or not. */
    public long sizeInBytes() {
        return (long) entries * entrySize;
    }

    boolean partialEntryAtOpen() {
        return partialEntryAtOpen;
    }

    /** Loads the entries into a heap mirror so they can be appended to and looked up without I/O. */
    public final void makeMutable() throws IOException {
        if (mirror != null) {
            return;
        }
        int count = entries;
        ByteBuffer loaded = ByteBuffer.allocate(Math.max(entrySize * 16, count * entrySize));
        ByteBuffer target = loaded.duplicate();
        target.limit(count * entrySize);
        long position = 0;
        while (target.hasRemaining()) {
            int n = channel.read(target, position);
            if (n < 0) {
                throw new IOException("Index " + path + " ended early while loading");
            }
            position += n;
        }
        mirror = loaded;
    }

    protected final void appendEntry(ByteBuffer entry, boolean evenIfFull) {
        ByteBuffer m = mirror;
        if (m == null) {
            throw new IllegalStateException("Index " + path + " is sealed");
        }
        if (isFull() && !evenIfFull) {
            throw new IllegalStateException("Index " + path + " is full (" + maxEntries + " entries)");
        }
        int at = entries * entrySize;
        if (at + entrySize > m.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(at + entrySize, m.capacity() * 2));
            grown.put(0, m, 0, at);
            mirror = grown;
            m = grown;
        }
        m.put(at, entry, 0, entrySize);
        entries = entries + 1;
    }

    /** The entry at {@code slot} as a buffer holding exactly that entry from index 0. */
    protected final ByteBuffer entry(int slot) {
        ByteBuffer m = mirror;
        if (m != null) {
            return m.slice(slot * entrySize, entrySize);
        }
        ByteBuffer read = ByteBuffer.allocate(entrySize);
        long position = (long) slot * entrySize;
        try {
            while (read.hasRemaining()) {
                int n = channel.read(read, position + read.position());
                if (n < 0) {
                    throw new IllegalStateException("Index " + path + " has no entry " + slot);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Reading index " + path, e);
        }
        return read.clear();
    }

    /** The greatest slot whose key is at most {@code target}, or -1 when every key is larger (or none exist). */
    protected final int largestSlotAtMost(ToLongFunction<ByteBuffer> key, long target) {
        int low = 0;
        int high = entries - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (key.applyAsLong(entry(mid)) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Keeps only the first {@code count} entries. */
    protected final void truncateToEntries(int count) throws IOException {
        if (count >= entries) {
            return;
        }
        entries = count;
        if (writtenEntries > count) {
            channel.truncate((long) count * entrySize);
            writtenEntries = count;
        }
    }

    /** Removes every entry. */
    public void reset() throws IOException {
        partialEntryAtOpen = false;
        truncateToEntries(0);
        if (channel.size() > 0) {
            channel.truncate(0);
        }
        makeMutable();
    }

    private void writePending() throws IOException {
        ByteBuffer m = mirror;
        int count = entries;
        if (m == null || writtenEntries >= count) {
            return;
        }
        ByteBuffer pending = m.slice(writtenEntries * entrySize, (count - writtenEntries) * entrySize);
        long position = (long) writtenEntries * entrySize;
        while (pending.hasRemaining()) {
            position += channel.write(pending, position);
        }
        writtenEntries = count;
    }

    /** Writes pending entries and forces the file. */
    public void flush() throws IOException {
        writePending();
        channel.force(false);
    }

    /** Writes pending entries and drops the heap mirror: the segment will not be appended to again. */
    public void seal() throws IOException {
        writePending();
        mirror = null;
    }

    public void renameTo(Path target) throws IOException {
        disk.move(path, target);
        path = target;
    }

    /** Writes pending entries (without forcing) and closes the file. */
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                writePending();
            }
        } finally {
            channel.close();
        }
    }

    /** Closes without writing pending entries (the files are being deleted). */
    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a file that is being deleted.
        }
    }

    public void deleteIfExists() throws IOException {
        disk.deleteIfExists(path);
    }

    protected int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Offset " + offset + " cannot be stored relative to base offset " + baseOffset);
        }
        return (int) relative;
    }
}
