package io.runnel.metadata;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A change to cluster metadata. The metadata image is the result of replaying these records in order, which is
 * what lets a replicated metadata log (the planned Raft quorum) replace the single-node local log without any
 * change to the code that reads the image. Serialized as JSON with a {@code type} tag. Immutable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MetadataRecord.Topic.class, name = "topic"),
    @JsonSubTypes.Type(value = MetadataRecord.Partition.class, name = "partition"),
    @JsonSubTypes.Type(value = MetadataRecord.Config.class, name = "config"),
    @JsonSubTypes.Type(value = MetadataRecord.RemoveTopic.class, name = "remove-topic"),
    @JsonSubTypes.Type(value = MetadataRecord.ProducerIds.class, name = "producer-ids"),
    @JsonSubTypes.Type(value = MetadataRecord.RegisterBroker.class, name = "register-broker"),
})
public sealed interface MetadataRecord {

    /** A topic exists with this name and id. */
    record Topic(String name, String topicId) implements MetadataRecord {}

    /** A partition of a topic, with its replica assignment and leadership. Replaces an earlier record. */
    record Partition(
            String topicId,
            int partition,
            List<Integer> replicas,
            List<Integer> isr,
            int leader,
            int leaderEpoch,
            int partitionEpoch)
            implements MetadataRecord {}

    /**
     * A configuration override of a resource ({@code topic} or {@code broker}; the empty broker name is the
     * cluster-wide default); a null value removes the override.
     */
    record Config(String resourceType, String resourceName, String name, String value) implements MetadataRecord {}

    /** A topic and all its partitions are gone. */
    record RemoveTopic(String topicId) implements MetadataRecord {}

    /** Producer ids below {@code nextProducerId} have been handed out (idempotent and transactional producers). */
    record ProducerIds(long nextProducerId) implements MetadataRecord {}

    /** A broker registered with these listeners and rack; replaces an earlier registration of the node. */
    record RegisterBroker(int nodeId, String rack, List<BrokerRegistration.Listener> listeners)
            implements MetadataRecord {}
}
