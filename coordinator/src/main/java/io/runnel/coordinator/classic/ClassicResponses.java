package io.runnel.coordinator.classic;

import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.record.ClassicGroupValue.Member;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.SyncGroupResponseData;

/**
 * The JoinGroup and SyncGroup responses of the classic protocol: the current generation (the leader's carries every
 * member's metadata for the chosen protocol), the assignment, and the error-only responses a member gets when its
 * request fails or is superseded. Each is valid at the version it is built for (ProtocolName is null only from v7).
 *
 * <p>Stateless and thread-safe.
 */
final class ClassicResponses {

    private ClassicResponses() {}

    static JoinGroupResponseData currentGenerationResponse(
            ClassicGroup group, String memberId, short version, boolean withMembers) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId() == null ? "" : group.leaderId())
                .setMemberId(memberId);
        if (withMembers) {
            for (Member m : group.members()) {
                byte[] metadata = m.metadata(group.protocolName());
                response.members()
                        .add(new JoinGroupResponseData.JoinGroupResponseMember()
                                .setMemberId(m.memberId())
                                .setGroupInstanceId(m.groupInstanceId())
                                .setMetadata(metadata == null ? new byte[0] : metadata));
            }
        }
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        return response;
    }

    /** The JoinGroup response carrying only an error (and the member id the member should use, if any). */
    static JoinGroupResponseData joinError(short version, String memberId, GroupError error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(version >= 7 ? null : "")
                .setLeader("")
                .setMemberId(memberId == null ? "" : memberId);
    }

    static SyncGroupResponseData syncResponse(ClassicGroup group, byte[] assignment) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(assignment == null ? new byte[0] : assignment);
    }

    static SyncGroupResponseData syncError(GroupError error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }
}
