package io.runnel.coordinator.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.coordinator.message.GroupMetadataValue;
import io.runnel.protocol.MessageDecodeException;
import io.runnel.protocol.RawTaggedField;
import io.runnel.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a {@link ClassicGroupValue} to Kafka's {@code GroupMetadataValue} and back, with Runnel's tagged fields at
 * {@link RecordSerde#RUNNEL_TAG} for what Kafka's schema has no field for (see {@link RecordSerde}): the group state
 * and each member's full list of protocols. Kafka's {@code protocolType} is not nullable: a group that never had
 * members (null) is written with {@code ""}, as Kafka writes the groups of standalone offset commits.
 *
 * <p>Stateless and thread-safe.
 */
final class ClassicGroupMapping {

    private ClassicGroupMapping() {}

    static GroupMetadataValue toKafka(ClassicGroupValue v) {
        List<GroupMetadataValue.MemberMetadata> members =
                new ArrayList<>(v.members().size());
        for (ClassicGroupValue.Member m : v.members()) {
            GroupMetadataValue.MemberMetadata member = new GroupMetadataValue.MemberMetadata()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setClientId(m.clientId() == null ? "" : m.clientId())
                    .setClientHost(m.clientHost() == null ? "" : m.clientHost())
                    .setRebalanceTimeout(m.rebalanceTimeoutMs())
                    .setSessionTimeout(m.sessionTimeoutMs())
                    .setSubscription(subscription(m, v.protocolName()))
                    .setAssignment(m.assignment());
            member.unknownTaggedFields().add(new RawTaggedField(RecordSerde.RUNNEL_TAG, protocols(m.protocols())));
            members.add(member);
        }
        GroupMetadataValue value = new GroupMetadataValue()
                .setProtocolType(v.protocolType() == null ? "" : v.protocolType())
                .setGeneration(v.generationId())
                .setProtocol(v.protocolName())
                .setLeader(v.leaderId())
                .setCurrentStateTimestamp(v.stateTimestampMs())
                .setMembers(members);
        value.unknownTaggedFields()
                .add(new RawTaggedField(
                        RecordSerde.RUNNEL_TAG, new byte[] {v.state().id()}));
        return value;
    }

    static ClassicGroupValue fromKafka(GroupMetadataValue v) {
        List<ClassicGroupValue.Member> members = new ArrayList<>(v.members().size());
        for (GroupMetadataValue.MemberMetadata m : v.members()) {
            byte[] protocols = runnelField(m.unknownTaggedFields());
            members.add(new ClassicGroupValue.Member(
                    m.memberId(),
                    m.groupInstanceId(),
                    m.clientId(),
                    m.clientHost(),
                    m.rebalanceTimeout(),
                    m.sessionTimeout(),
                    protocols != null
                            ? readProtocols(protocols)
                            : v.protocol() == null
                                    ? List.of()
                                    : List.of(new ClassicGroupValue.Protocol(v.protocol(), m.subscription())),
                    m.assignment()));
        }
        byte[] state = runnelField(v.unknownTaggedFields());
        if (state != null && state.length != 1) {
            throw new RecordFormatException("classic group state field of " + state.length + " bytes");
        }
        return new ClassicGroupValue(
                v.protocolType().isEmpty() ? null : v.protocolType(),
                v.generation(),
                v.protocol(),
                v.leader(),
                state != null
                        ? ClassicGroupState.forId(state[0])
                        : members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE,
                v.currentStateTimestamp(),
                members);
    }

    /** What Kafka's readers expect in {@code subscription}: the metadata of the group's protocol. */
    private static byte[] subscription(ClassicGroupValue.Member m, String protocolName) {
        byte[] chosen = protocolName == null ? null : m.metadata(protocolName);
        if (chosen != null) {
            return chosen;
        }
        return m.protocols().isEmpty() ? new byte[0] : m.protocols().get(0).metadata();
    }

    private static byte[] protocols(List<ClassicGroupValue.Protocol> protocols) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeUnsignedVarint(buf, protocols.size() + 1);
        for (ClassicGroupValue.Protocol p : protocols) {
            Wire.writeString(buf, p.name(), true);
            Wire.writeUnsignedVarint(buf, p.metadata().length + 1);
            buf.writeBytes(p.metadata());
        }
        return toArray(buf);
    }

    private static List<ClassicGroupValue.Protocol> readProtocols(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            int count = Wire.readUnsignedVarint(buf) - 1;
            Wire.checkCount(buf, count, "protocols");
            List<ClassicGroupValue.Protocol> protocols = new ArrayList<>(Math.max(count, 0));
            for (int i = 0; i < count; i++) {
                String name = readCompactString(buf, "protocol name");
                int length = Wire.readUnsignedVarint(buf) - 1;
                protocols.add(new ClassicGroupValue.Protocol(name, Wire.readBytes(buf, length, "protocol metadata")));
            }
            expectEnd(buf, "protocols");
            return protocols;
        } catch (MessageDecodeException | IndexOutOfBoundsException e) {
            throw new RecordFormatException("malformed member protocols: " + e.getMessage());
        }
    }

    /** The data of Runnel's tagged field among {@code fields}, or null. */
    static byte[] runnelField(List<RawTaggedField> fields) {
        for (RawTaggedField f : fields) {
            if (f.tag() == RecordSerde.RUNNEL_TAG) {
                return f.data();
            }
        }
        return null;
    }

    static String readCompactString(ByteBuf buf, String field) {
        int length = Wire.readUnsignedVarint(buf) - 1;
        if (length < 0) {
            throw new MessageDecodeException(field + " is null");
        }
        return Wire.readString(buf, length, field);
    }

    static void expectEnd(ByteBuf buf, String what) {
        if (buf.isReadable()) {
            throw new MessageDecodeException(what + " has " + buf.readableBytes() + " bytes left over");
        }
    }

    static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
