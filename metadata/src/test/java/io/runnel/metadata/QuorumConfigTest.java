package io.runnel.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import io.runnel.common.time.Time;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumConfigTest {

    private static Map<String, String> controller() {
        Map<String, String> props = new HashMap<>();
        props.put("node.id", "2");
        props.put("process.roles", "broker,controller");
        props.put("controller.quorum.voters", "1@127.0.0.1:9093,2@127.0.0.1:9094,3@127.0.0.1:9095");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9094");
        return props;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> props = controller();
        if (value == null) {
            props.remove(key);
        } else {
            props.put(key, value);
        }
        return props;
    }

    @Test
    void aKafkaStyleControllerConfigurationParsesIntoVotersAndTheControllerListener() {
        QuorumConfig config = new QuorumConfig(controller());

        assertThat(config.isQuorum()).isTrue();
        assertThat(config.isController()).isTrue();
        assertThat(config.isBroker()).isTrue();
        assertThat(config.voters()).containsOnlyKeys(1, 2, 3);
        assertThat(config.voters().get(3).getPort()).isEqualTo(9095);
        assertThat(config.controllerAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(config.controllerAddress().getPort()).isEqualTo(9094);
        assertThat(config.electionTimeoutMs()).isEqualTo(1000);
    }

    @Test
    void noQuorumSettingsMeanTheSingleNodeDefault() {
        QuorumConfig config = new QuorumConfig(Map.of("node.id", "1"));

        assertThat(config.isQuorum()).isFalse();
        assertThat(config.isController()).isFalse();
        assertThat(config.controllerAddress()).isNull();
    }

    @Test
    void aMalformedVoterIsRefusedNamingTheKeyAndTheEntry() {
        assertThatThrownBy(() -> new QuorumConfig(with("controller.quorum.voters", "1@127.0.0.1:9093,two@h:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("controller.quorum.voters")
                .hasMessageContaining("two@h:1");
        assertThatThrownBy(() -> new QuorumConfig(with("controller.quorum.voters", "1@127.0.0.1:9093,1@h:9")))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new QuorumConfig(with("controller.quorum.voters", "1@127.0.0.1")))
                .hasMessageContaining("host:port");
    }

    @Test
    void aControllerThatIsNotAVoterIsRefused() {
        assertThatThrownBy(() -> new QuorumConfig(with("node.id", "7")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("controller.quorum.voters")
                .hasMessageContaining("node.id 7");
    }

    @Test
    void aControllerWithoutItsNamedListenerOrOnAnotherPortIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new QuorumConfig(with("listeners", "PLAINTEXT://127.0.0.1:9092")))
                .hasMessageContaining("listeners")
                .hasMessageContaining("no CONTROLLER listener");
        assertThatThrownBy(() ->
                        new QuorumConfig(with("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9999")))
                .hasMessageContaining("differs from this node's voter entry");
        assertThatThrownBy(() -> new QuorumConfig(with("controller.listener.names", null)))
                .hasMessageContaining("controller.listener.names");
    }

    @Test
    void withoutVotersTheFactoryOpensTheLocalControllerOverTheLocalLog(@TempDir Path dir) throws Exception {
        TopicConfigValidator anyConfig = new TopicConfigValidator() {
            @Override
            public Set<String> names() {
                return Set.of();
            }

            @Override
            public void validate(Map<String, String> overrides) {}
        };
        try (Controller controller = Controller.open(
                new QuorumConfig(Map.of("node.id", "4")),
                dir,
                anyConfig,
                new LocalController.Defaults(1, (short) 1, true),
                Time.SYSTEM)) {
            assertThat(controller).isInstanceOf(LocalController.class);
            assertThat(controller.nodeId()).isEqualTo(4);
        }
        assertThat(dir.resolve("cluster-metadata.log")).exists();
    }

    @Test
    void aBrokerOnlyNodeCannotRunARaftControllerYetAndIsToldSo(@TempDir Path dir) {
        QuorumConfig brokerOnly = new QuorumConfig(with("process.roles", "broker"));

        assertThatThrownBy(() -> new RaftController(
                        brokerOnly, dir, null, new LocalController.Defaults(1, (short) 1, true), Time.SYSTEM))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("process.roles")
                .hasMessageContaining("broker-only nodes");
    }

    @Test
    void rolesWithoutVotersAndVotersWithoutRolesAreRefused() {
        assertThatThrownBy(() -> new QuorumConfig(with("controller.quorum.voters", null)))
                .hasMessageContaining("controller.quorum.voters");
        assertThatThrownBy(() -> new QuorumConfig(with("process.roles", null))).hasMessageContaining("process.roles");
        assertThatThrownBy(() -> new QuorumConfig(with("process.roles", "broker,zookeeper")))
                .hasMessageContaining("process.roles");
    }
}
