package io.runnel.storage.segment;

import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of a segment ({@code .timeindex}). Physical format: 12-byte entries, an 8-byte timestamp
 * and a 4-byte offset relative to the segment's base offset, both big-endian. An entry (T, O) says that the largest
 * timestamp among the batches up to and including the one at offset O is T, and that O's batch is the first to
 * reach it. Entries are added beside offset index entries when the largest timestamp grew, and once more when the
 * segment is sealed, so the last entry holds the segment's largest timestamp.
 *
 * <p>Invariants: timestamps strictly increase and offsets do not decrease. To find the first batch with a timestamp
 * at or above T, scan from the offset of the greatest entry whose timestamp is at most T: every batch before it has
 * a smaller largest timestamp.
 *
 * <p>Thread-safety as {@link IndexFile}.
 */
public final class TimeIndex extends IndexFile {

    public static final int ENTRY_SIZE = 12;
    public static final String SUFFIX = ".timeindex";

    private final ByteBuffer scratch = ByteBuffer.allocate(ENTRY_SIZE);

    public TimeIndex(Disk disk, Path path, long baseOffset, int maxIndexBytes, boolean mutable) throws IOException {
        super(disk, path, baseOffset, ENTRY_SIZE, maxIndexBytes, mutable);
    }

    /**
     * Adds an entry when {@code timestamp} is larger than the last entry's and the index is not full (or {@code
     * evenIfFull}, for the final entry of a sealed segment); returns whether it did.
     */
    public boolean maybeAppend(long timestamp, long offset, boolean evenIfFull) {
        TimestampOffset last = lastEntry();
        if (entries() > 0 && timestamp <= last.timestamp()) {
            return false;
        }
        if (entries() > 0 && offset < last.offset()) {
            throw new IllegalStateException("Time index entry (" + timestamp + ", " + offset
                    + ") goes back from the last (" + last + ") in " + path());
        }
        if (isFull() && !evenIfFull) {
            return false;
        }
        scratch.clear();
        scratch.putLong(0, timestamp).putInt(8, relativeOffset(offset));
        appendEntry(scratch, evenIfFull);
        return true;
    }

    /** The greatest entry whose timestamp is at most {@code timestamp}, or (-1, base offset) when there is none. */
    public TimestampOffset lookup(long timestamp) {
        int slot = largestSlotAtMost(e -> e.getLong(0), timestamp);
        return slot < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset) : at(slot);
    }

    /** The last entry, or (-1, base offset) when there is none. */
    public TimestampOffset lastEntry() {
        int n = entries();
        return n == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset) : at(n - 1);
    }

    public TimestampOffset at(int slot) {
        ByteBuffer e = entry(slot);
        return new TimestampOffset(e.getLong(0), baseOffset + e.getInt(8));
    }

    /** Removes the entries for offsets at or above {@code offset}. */
    public void truncateTo(long offset) throws IOException {
        truncateToEntries(largestSlotAtMost(e -> e.getInt(8), offset - baseOffset - 1) + 1);
    }

    /**
     * Checks whole entries and ordered first and last entries.
     *
     * @return null when plausible, otherwise what is wrong
     */
    public String sanityCheck() {
        if (partialEntryAtOpen()) {
            return "length is not a multiple of " + ENTRY_SIZE;
        }
        int n = entries();
        if (n < 2) {
            return null;
        }
        TimestampOffset first = at(0);
        TimestampOffset last = at(n - 1);
        if (last.timestamp() <= first.timestamp() || last.offset() < first.offset()) {
            return "last entry " + last + " does not follow the first " + first;
        }
        return null;
    }
}
