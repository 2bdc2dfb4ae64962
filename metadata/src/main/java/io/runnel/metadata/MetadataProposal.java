package io.runnel.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One entry of the Raft metadata log: the records of one change and the log index of the change it was validated
 * against ({@code basedOn}, 0 before the first). The state machine applies it only when that is still the latest
 * change, so a proposal validated against an image that has moved on since (another node's change came first, or
 * the proposer lagged behind the leader) is refused the same way on every node and validated again. Serialized as
 * JSON (UTF-8), the records with their {@code type} tag as in the local log. Immutable.
 */
record MetadataProposal(long basedOn, List<MetadataRecord> records) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    MetadataProposal {
        records = List.copyOf(records);
    }

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a proposal */
    static MetadataProposal decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, MetadataProposal.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a metadata proposal: " + e.getMessage(), e);
        }
    }
}
