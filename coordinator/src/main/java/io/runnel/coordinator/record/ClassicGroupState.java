package io.runnel.coordinator.record;

/**
 * The states of a classic group, with the names Kafka reports in DescribeGroups and ListGroups and the ids stored
 * in {@link ClassicGroupValue}.
 *
 * <ul>
 *   <li>{@code Empty}: no members; offsets may remain.
 *   <li>{@code PreparingRebalance}: waiting for members to (re)join.
 *   <li>{@code CompletingRebalance}: joined; waiting for the leader's assignment in SyncGroup.
 *   <li>{@code Stable}: assignment distributed; members heartbeat.
 *   <li>{@code Dead}: never stored; what a missing group is described as.
 * </ul>
 */
public enum ClassicGroupState {
    EMPTY((byte) 0, "Empty"),
    PREPARING_REBALANCE((byte) 1, "PreparingRebalance"),
    COMPLETING_REBALANCE((byte) 2, "CompletingRebalance"),
    STABLE((byte) 3, "Stable"),
    DEAD((byte) 4, "Dead");

    private final byte id;
    private final String displayName;

    ClassicGroupState(byte id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public byte id() {
        return id;
    }

    /** The name on the wire. */
    public String displayName() {
        return displayName;
    }

    public static ClassicGroupState forId(byte id) {
        for (ClassicGroupState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new RecordFormatException("unknown classic group state id " + id);
    }
}
