package io.runnel.storage;

/**
 * An offset with where it lies on disk: the base offset of its segment and the position of its batch in that
 * segment's log file (for the log end offset, the segment's size). Reads use the position to stop at an offset
 * without a lookup. Immutable.
 */
public record LogOffsetMetadata(long offset, long segmentBaseOffset, int position) {

    /** Whether both lie in the same segment. */
    public boolean onSameSegment(LogOffsetMetadata other) {
        return segmentBaseOffset == other.segmentBaseOffset;
    }
}
