package io.runnel.storage.segment;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of a segment ({@code .index}): maps the base offset of some batches to their position
 * in the {@code .log} file. Physical format: 8-byte entries, a 4-byte offset relative to the segment's base offset
 * and a 4-byte position, both big-endian. An entry is added for a batch when more than {@code index.interval.bytes}
 * were appended since the previous entry, so the first batch (position 0) never has one.
 *
 * <p>Invariants: relative offsets and positions both strictly increase; every position is the start of a batch
 * whose base offset is the entry's offset. A lookup gives the greatest entry at or below the target, from which a
 * scan of at most about {@code index.interval.bytes} reaches the target.
 *
 * <p>Thread-safety as {@link IndexFile}.
 */
public final class OffsetIndex extends IndexFile {

    public static final int ENTRY_SIZE = 8;
    public static final String SUFFIX = ".index";

    private final ByteBuffer scratch = ByteBuffer.allocate(ENTRY_SIZE);

    public OffsetIndex(Disk disk, Path path, long baseOffset, int maxIndexBytes, boolean mutable) throws IOException {
        super(disk, path, baseOffset, ENTRY_SIZE, maxIndexBytes, mutable);
    }

    /** Adds an entry; the offset and position must exceed the last entry's. */
    public void append(long offset, int position) {
        OffsetPosition last = lastEntry();
        if (entries() > 0 && (offset <= last.offset() || position <= last.position())) {
            throw new IllegalStateException("Index entry (" + offset + ", " + position + ") does not follow the last ("
                    + last.offset() + ", " + last.position() + ") in " + path());
        }
        scratch.clear();
        scratch.putInt(0, relativeOffset(offset)).putInt(4, position);
        appendEntry(scratch, false);
    }

    /** The greatest entry whose offset is at most {@code offset}, or (base offset, 0) when there is none. */
    public OffsetPosition lookup(long offset) {
        int slot = largestSlotAtMost(e -> e.getInt(0), offset - baseOffset);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : at(slot);
    }

    /** The greatest entry whose position is at most {@code position}, or (base offset, 0) when there is none. */
    public OffsetPosition lookupByPosition(int position) {
        int slot = largestSlotAtMost(e -> e.getInt(4), position);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : at(slot);
    }

    /** The last entry, or (base offset, 0) when there is none. */
    public OffsetPosition lastEntry() {
        int n = entries();
        return n == 0 ? new OffsetPosition(baseOffset, 0) : at(n - 1);
    }

    public OffsetPosition at(int slot) {
        ByteBuffer e = entry(slot);
        return new OffsetPosition(baseOffset + e.getInt(0), e.getInt(4));
    }

    /** Removes the entries for offsets at or above {@code offset}. */
    public void truncateTo(long offset) throws IOException {
        int slot = largestSlotAtMost(e -> e.getInt(0), offset - baseOffset - 1);
        truncateToEntries(slot + 1);
    }

    /**
     * Checks what can be checked cheaply after an open: whole entries, and first and last entries that are
     * ordered and point inside a log file of {@code logSize} bytes.
     *
     * @return null when plausible, otherwise what is wrong
     */
    public String sanityCheck(int logSize) {
        if (partialEntryAtOpen()) {
            return "length is not a multiple of " + ENTRY_SIZE;
        }
        int n = entries();
        if (n == 0) {
            return null;
        }
        OffsetPosition first = at(0);
        OffsetPosition last = at(n - 1);
        if (first.offset() <= baseOffset || first.position() <= 0) {
            return "first entry " + first + " is not after the segment start";
        }
        if (last.offset() < first.offset() || last.position() < first.position() || (n > 1 && last.equals(first))) {
            return "last entry " + last + " does not follow the first " + first;
        }
        if (last.position() >= logSize) {
            return "last entry " + last + " points past the log's " + logSize + " bytes";
        }
        return null;
    }
}
