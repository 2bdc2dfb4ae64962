package io.runnel.storage.segment;

/** Where a batch lies in a segment's log file, with the header fields lookups need. Immutable. */
public record BatchLocation(int position, int size, long baseOffset, long lastOffset, long maxTimestamp) {

    public int endPosition() {
        return position + size;
    }
}
