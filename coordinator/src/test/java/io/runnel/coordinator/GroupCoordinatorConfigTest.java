package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupCoordinatorConfigTest {

    @Test
    void defaultsAreKafkas() {
        GroupCoordinatorConfig config = GroupCoordinatorConfig.defaults();
        assertThat(config.groupMinSessionTimeoutMs()).isEqualTo(6000);
        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(1_800_000);
        assertThat(config.groupInitialRebalanceDelayMs()).isEqualTo(3000);
        assertThat(config.groupMaxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.offsetsRetentionMs()).isEqualTo(7L * 24 * 60 * 60 * 1000);
        assertThat(config.offsetsRetentionCheckIntervalMs()).isEqualTo(600_000L);
        assertThat(config.offsetMetadataMaxBytes()).isEqualTo(4096);
        assertThat(config.consumerGroupSessionTimeoutMs()).isEqualTo(45_000);
        assertThat(config.consumerGroupHeartbeatIntervalMs()).isEqualTo(5000);
        assertThat(config.consumerGroupAssignors()).containsExactly("uniform", "range");
        assertThat(config.consumerProtocolEnabled()).isTrue();
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> GroupCoordinatorConfig.of(Map.of("group.consumer.assignors", "sticky")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.consumer.assignors");
        assertThatThrownBy(() -> GroupCoordinatorConfig.of(Map.of("offsets.topic.num.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("offsets.topic.num.partitions");
        assertThatThrownBy(() -> GroupCoordinatorConfig.of(Map.of("group.coordinator.rebalance.protocols", "consumer")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.coordinator.rebalance.protocols");
        assertThat(GroupCoordinatorConfig.of(
                                Map.of("group.coordinator.rebalance.protocols", "classic,consumer,streams"))
                        .consumerProtocolEnabled())
                .isTrue();
        assertThat(GroupCoordinatorConfig.of(Map.of("group.coordinator.rebalance.protocols", "classic"))
                        .consumerProtocolEnabled())
                .isFalse();
        assertThat(GroupCoordinatorConfig.of(Map.of("group.consumer.assignors", "range,uniform"))
                        .consumerGroupAssignors())
                .isEqualTo(List.of("range", "uniform"));
    }

    @Test
    void groupsArePlacedByKafkasRule() {
        assertThat(OffsetsTopic.partitionFor("my-group", 50)).isEqualTo(Math.abs("my-group".hashCode()) % 50);
        // "polygenelubricants".hashCode() is Integer.MIN_VALUE, whose absolute value Kafka takes as 0.
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(OffsetsTopic.partitionFor("polygenelubricants", 50)).isZero();
        for (String g : new String[] {"a", "connect-cluster", "console-consumer-1234", "Ω"}) {
            assertThat(OffsetsTopic.partitionFor(g, 50)).isBetween(0, 49);
        }
    }
}
