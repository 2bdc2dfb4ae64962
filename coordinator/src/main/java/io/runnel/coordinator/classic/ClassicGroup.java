package io.runnel.coordinator.classic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.coordinator.record.ClassicGroupState;
import io.runnel.coordinator.record.ClassicGroupValue;
import io.runnel.coordinator.record.ClassicGroupValue.Member;
import io.runnel.protocol.message.ConsumerProtocolSubscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A classic group's durable state: an immutable view of its last {@link ClassicGroupValue} with lookups. Every
 * {@code with...} method returns a new group (or this one when nothing changes); the manager writes the result as a
 * record and the shard installs it by replay.
 *
 * <p>Invariants: member ids are unique; a static member's instance id maps to exactly one member; the leader, when
 * set, is a member; an empty group is in state Empty (or PreparingRebalance while its first rebalance waits).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClassicGroup {

    /** The protocol type of Kafka's consumer, whose subscription metadata the coordinator can read. */
    public static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private final ClassicGroupValue value;
    private final Map<String, Member> members;
    private final Map<String, String> staticMembers;

    public ClassicGroup(String groupId, ClassicGroupValue value) {
        this.groupId = groupId;
        this.value = value;
        Map<String, Member> byId = new LinkedHashMap<>();
        Map<String, String> byInstance = new HashMap<>();
        for (Member m : value.members()) {
            byId.put(m.memberId(), m);
            if (m.groupInstanceId() != null) {
                byInstance.put(m.groupInstanceId(), m.memberId());
            }
        }
        this.members = Collections.unmodifiableMap(byId);
        this.staticMembers = Collections.unmodifiableMap(byInstance);
    }

    /** A group that has never had a member. */
    public static ClassicGroup empty(String groupId, long nowMs) {
        return new ClassicGroup(
                groupId, new ClassicGroupValue(null, 0, null, null, ClassicGroupState.EMPTY, nowMs, List.of()));
    }

    public String groupId() {
        return groupId;
    }

    public ClassicGroupValue value() {
        return value;
    }

    public ClassicGroupState state() {
        return value.state();
    }

    public boolean isInState(ClassicGroupState state) {
        return value.state() == state;
    }

    public int generationId() {
        return value.generationId();
    }

    public String protocolType() {
        return value.protocolType();
    }

    public String protocolName() {
        return value.protocolName();
    }

    public String leaderId() {
        return value.leaderId();
    }

    public long stateTimestampMs() {
        return value.stateTimestampMs();
    }

    public boolean isLeader(String memberId) {
        return memberId.equals(value.leaderId());
    }

    public List<Member> members() {
        return value.members();
    }

    public Set<String> memberIds() {
        return members.keySet();
    }

    public Member member(String memberId) {
        return members.get(memberId);
    }

    public boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The member id of the static member with this instance id, or null. */
    public String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    /** The longest rebalance timeout of the members: how long a rebalance waits for them to rejoin. */
    public int rebalanceTimeoutMs() {
        int max = 0;
        for (Member m : value.members()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    /** The protocols every member supports, in the first member's order of preference. */
    public List<String> supportedProtocols() {
        if (members.isEmpty()) {
            return List.of();
        }
        Set<String> common = null;
        for (Member m : value.members()) {
            Set<String> names = new LinkedHashSet<>();
            m.protocols().forEach(p -> names.add(p.name()));
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        return List.copyOf(common);
    }

    /**
     * Whether a member with this protocol type and these protocols may join: any non-empty type and protocol list
     * for a group without members, otherwise the group's type and at least one protocol all members support.
     */
    public boolean supportsProtocols(String memberProtocolType, Set<String> memberProtocols) {
        if (members.isEmpty()) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        if (!memberProtocolType.equals(value.protocolType())) {
            return false;
        }
        for (String p : supportedProtocols()) {
            if (memberProtocols.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The protocol for the next generation: among the protocols every member supports, each member votes for the
     * one it prefers most; the most votes win, ties going to the protocol the earliest member prefers.
     */
    public String selectProtocol() {
        List<String> candidates = supportedProtocols();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no protocol supported by every member of " + groupId);
        }
        Map<String, Integer> votes = new HashMap<>();
        for (Member m : value.members()) {
            for (ClassicGroupValue.Protocol p : m.protocols()) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (String candidate : candidates) {
            int v = votes.getOrDefault(candidate, 0);
            if (v > bestVotes) {
                best = candidate;
                bestVotes = v;
            }
        }
        return best;
    }

    /**
     * The topics the members subscribe to, read from their {@code consumer} protocol metadata for the current
     * protocol; null when unknown (another protocol type, no generation, or unreadable metadata).
     */
    public Set<String> subscribedTopics() {
        if (!CONSUMER_PROTOCOL_TYPE.equals(value.protocolType())) {
            return null;
        }
        if (members.isEmpty()) {
            return Set.of();
        }
        if (value.protocolName() == null) {
            return null;
        }
        Set<String> topics = new TreeSet<>();
        for (Member m : value.members()) {
            byte[] metadata = m.metadata(value.protocolName());
            if (metadata == null) {
                return null;
            }
            try {
                ByteBuf buf = Unpooled.wrappedBuffer(metadata);
                short version = buf.readShort();
                if (version < 0) {
                    return null;
                }
                ConsumerProtocolSubscription subscription = new ConsumerProtocolSubscription(
                        buf, (short) Math.min(version, ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION));
                topics.addAll(subscription.topics());
            } catch (RuntimeException e) {
                return null;
            }
        }
        return topics;
    }

    public ClassicGroup with(ClassicGroupValue newValue) {
        return newValue.equals(value) ? this : new ClassicGroup(groupId, newValue);
    }

    /** Adds or replaces a member (by member id, keeping its place); the first member becomes leader. */
    public ClassicGroup withMember(Member member, String memberProtocolType) {
        List<Member> newMembers = new ArrayList<>(value.members().size() + 1);
        boolean replaced = false;
        for (Member m : value.members()) {
            if (m.memberId().equals(member.memberId())) {
                newMembers.add(member);
                replaced = true;
            } else {
                newMembers.add(m);
            }
        }
        if (!replaced) {
            newMembers.add(member);
        }
        String protocolType = value.members().isEmpty() ? memberProtocolType : value.protocolType();
        String leader = value.leaderId() == null ? member.memberId() : value.leaderId();
        return with(new ClassicGroupValue(
                protocolType,
                value.generationId(),
                value.protocolName(),
                leader,
                value.state(),
                value.stateTimestampMs(),
                newMembers));
    }

    /** Removes a member; if it led, the next member in join order leads. */
    public ClassicGroup withoutMember(String memberId) {
        if (!members.containsKey(memberId)) {
            return this;
        }
        List<Member> newMembers = new ArrayList<>(value.members());
        newMembers.removeIf(m -> m.memberId().equals(memberId));
        String leader = value.leaderId();
        if (memberId.equals(leader)) {
            leader = newMembers.isEmpty() ? null : newMembers.get(0).memberId();
        }
        return with(new ClassicGroupValue(
                value.protocolType(),
                value.generationId(),
                value.protocolName(),
                leader,
                value.state(),
                value.stateTimestampMs(),
                newMembers));
    }

    /** Gives a static member's place, leadership and assignment to {@code newMember} (a new member id). */
    public ClassicGroup withReplacedMember(String oldMemberId, Member newMember) {
        List<Member> newMembers = new ArrayList<>(value.members().size());
        for (Member m : value.members()) {
            newMembers.add(m.memberId().equals(oldMemberId) ? newMember : m);
        }
        String leader = oldMemberId.equals(value.leaderId()) ? newMember.memberId() : value.leaderId();
        return with(new ClassicGroupValue(
                value.protocolType(),
                value.generationId(),
                value.protocolName(),
                leader,
                value.state(),
                value.stateTimestampMs(),
                newMembers));
    }

    public ClassicGroup withLeader(String leaderId) {
        return with(new ClassicGroupValue(
                value.protocolType(),
                value.generationId(),
                value.protocolName(),
                leaderId,
                value.state(),
                value.stateTimestampMs(),
                value.members()));
    }

    public ClassicGroup withState(ClassicGroupState state, long nowMs) {
        if (state == value.state()) {
            return this;
        }
        return with(new ClassicGroupValue(
                value.protocolType(),
                value.generationId(),
                value.protocolName(),
                value.leaderId(),
                state,
                nowMs,
                value.members()));
    }

    /** Every member's assignment replaced ({@code assignments} missing a member means an empty assignment). */
    public ClassicGroup withAssignments(Map<String, byte[]> assignments) {
        List<Member> newMembers = new ArrayList<>(value.members().size());
        for (Member m : value.members()) {
            newMembers.add(m.withAssignment(assignments.getOrDefault(m.memberId(), new byte[0])));
        }
        return with(new ClassicGroupValue(
                value.protocolType(),
                value.generationId(),
                value.protocolName(),
                value.leaderId(),
                value.state(),
                value.stateTimestampMs(),
                newMembers));
    }

    /**
     * The next generation: with members, the selected protocol and CompletingRebalance; without, no protocol and
     * Empty. The generation id goes up either way.
     */
    public ClassicGroup nextGeneration(long nowMs) {
        boolean hasMembers = !members.isEmpty();
        return new ClassicGroup(
                groupId,
                new ClassicGroupValue(
                        value.protocolType(),
                        value.generationId() + 1,
                        hasMembers ? selectProtocol() : null,
                        hasMembers ? value.leaderId() : null,
                        hasMembers ? ClassicGroupState.COMPLETING_REBALANCE : ClassicGroupState.EMPTY,
                        nowMs,
                        value.members()));
    }

    @Override
    public String toString() {
        return "ClassicGroup(" + groupId + ", " + value.state().displayName() + ", generation " + value.generationId()
                + ", members " + members.keySet() + ")";
    }
}
