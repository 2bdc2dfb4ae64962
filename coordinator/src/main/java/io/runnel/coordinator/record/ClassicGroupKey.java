package io.runnel.coordinator.record;

/** The key of a classic group's state. */
public record ClassicGroupKey(String groupId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CLASSIC_GROUP;
    }
}
