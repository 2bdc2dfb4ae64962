package io.runnel.storage.segment;

/**
 * What {@link LogSegment#recover} found: the bytes of whole, valid batches kept, the bytes cut off after them (a
 * torn or corrupt tail), why the scan stopped early (null if it did not), and the offset after the last valid batch.
 */
public record SegmentRecovery(int validBytes, long truncatedBytes, String stopReason, long nextOffset) {}
