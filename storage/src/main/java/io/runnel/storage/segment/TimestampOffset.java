package io.runnel.storage.segment;

/** A timestamp and an offset, as held by the time index. Immutable. */
public record TimestampOffset(long timestamp, long offset) {}
