package io.runnel.coordinator.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The whole durable state of a classic group. Every change to the group (a member added, removed or updated, a
 * new generation, the leader's assignment) writes a new one; the last one is the group.
 *
 * @param protocolType the protocol type of the members ({@code consumer}, {@code connect}, ...), or null for a
 *     group that never had members
 * @param generationId the generation, incremented each time a rebalance's join phase completes
 * @param protocolName the protocol chosen for the current generation, or null
 * @param leaderId the member id of the leader, or null
 * @param state the group's state when written
 * @param stateTimestampMs wall clock time at which the group entered {@code state}; for an empty group, the base
 *     of offset expiration
 * @param members the members in join order
 */
public record ClassicGroupValue(
        String protocolType,
        int generationId,
        String protocolName,
        String leaderId,
        ClassicGroupState state,
        long stateTimestampMs,
        List<Member> members)
        implements RecordValue {

    public ClassicGroupValue {
        Objects.requireNonNull(state, "state");
        members = List.copyOf(members);
    }

    /**
     * A member of a classic group.
     *
     * @param groupInstanceId the static member's {@code group.instance.id}, or null for a dynamic member
     * @param protocols the protocols the member supports, most preferred first, with their opaque metadata
     * @param assignment the member's assignment in the current generation (empty until the leader syncs)
     */
    public record Member(
            String memberId,
            String groupInstanceId,
            String clientId,
            String clientHost,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            List<Protocol> protocols,
            byte[] assignment) {

        public Member {
            Objects.requireNonNull(memberId, "memberId");
            protocols = List.copyOf(protocols);
            assignment = assignment == null ? new byte[0] : assignment;
        }

        /** The metadata the member gave for {@code protocolName}, or null if it does not support it. */
        public byte[] metadata(String protocolName) {
            for (Protocol p : protocols) {
                if (p.name().equals(protocolName)) {
                    return p.metadata();
                }
            }
            return null;
        }

        public Member withAssignment(byte[] newAssignment) {
            return new Member(
                    memberId,
                    groupInstanceId,
                    clientId,
                    clientHost,
                    rebalanceTimeoutMs,
                    sessionTimeoutMs,
                    protocols,
                    newAssignment);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Member)) {
                return false;
            }
            Member m = (Member) o;
            return rebalanceTimeoutMs == m.rebalanceTimeoutMs
                    && sessionTimeoutMs == m.sessionTimeoutMs
                    && memberId.equals(m.memberId)
                    && Objects.equals(groupInstanceId, m.groupInstanceId)
                    && Objects.equals(clientId, m.clientId)
                    && Objects.equals(clientHost, m.clientHost)
                    && protocols.equals(m.protocols)
                    && Arrays.equals(assignment, m.assignment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memberId, groupInstanceId, clientId, clientHost, protocols) * 31
                    + Arrays.hashCode(assignment);
        }
    }

    /** A protocol a member supports, with its opaque metadata. */
    public record Protocol(String name, byte[] metadata) {

        public Protocol {
            Objects.requireNonNull(name, "name");
            metadata = metadata == null ? new byte[0] : metadata;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Protocol
                    && name.equals(((Protocol) o).name)
                    && Arrays.equals(metadata, ((Protocol) o).metadata);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(metadata);
        }
    }
}
