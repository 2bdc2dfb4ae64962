package io.runnel.storage.producer;

/**
 * What producer state remembers of one appended batch of an idempotent producer: its sequence range, its offset
 * range, and its largest timestamp. A retried batch with the same sequence range is answered with these offsets.
 * Immutable.
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {}
