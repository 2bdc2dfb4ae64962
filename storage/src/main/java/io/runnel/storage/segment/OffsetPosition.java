package io.runnel.storage.segment;

/** An offset and the file position of the batch that starts at it. Immutable. */
public record OffsetPosition(long offset, int position) {}
