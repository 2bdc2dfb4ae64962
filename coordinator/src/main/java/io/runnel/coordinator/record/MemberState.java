package io.runnel.coordinator.record;

/**
 * Where a consumer group member is in reconciling towards its target assignment (KIP-848).
 *
 * <ul>
 *   <li>{@code STABLE}: it owns exactly its target partitions at the target epoch.
 *   <li>{@code UNREVOKED_PARTITIONS}: it must give up some partitions first; its epoch stays until its heartbeat
 *       shows they are released.
 *   <li>{@code UNRELEASED_PARTITIONS}: it has the target epoch but waits for partitions other members still own.
 * </ul>
 */
public enum MemberState {
    STABLE((byte) 0),
    UNREVOKED_PARTITIONS((byte) 1),
    UNRELEASED_PARTITIONS((byte) 2);

    private final byte id;

    MemberState(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    public static MemberState forId(byte id) {
        for (MemberState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new RecordFormatException("unknown member state id " + id);
    }
}
