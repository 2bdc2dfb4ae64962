package io.runnel.storage.epoch;

/**
 * The answer to "where does epoch E end?" (OffsetsForLeaderEpoch): the largest epoch at or below the requested one
 * and the offset after its last record, or {@link #UNDEFINED} when the log cannot say.
 */
public record EpochEndOffset(int epoch, long endOffset) {

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
}
