package io.runnel.coordinator.record;

/**
 * The group epoch the target assignment was computed for. It is written after the member target records of that
 * computation, so a reader that sees it has seen the whole assignment.
 */
public record ConsumerGroupTargetAssignmentMetadataValue(int assignmentEpoch) implements RecordValue {}
