package io.runnel.storage;

import java.util.OptionalInt;

/**
 * An answer to ListOffsets: a record's timestamp (-1 when the query was not by time), its offset, and the leader
 * epoch in which that offset was written when the log knows it. Immutable.
 */
public record TimestampAndOffset(long timestamp, long offset, OptionalInt leaderEpoch) {}
