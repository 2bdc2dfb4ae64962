package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional parts of a node: Connect and the schema registry, each behind its switch, over real HTTP. */
class NodePartsTest {

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aNodeWithConnectAndTheRegistryServesBothRestApisAfterTheBroker() throws Exception {
        Map<String, String> props = Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dir", dir.toString(),
                "runnel.connect.enable", "true",
                "runnel.connect.listeners", "http://127.0.0.1:0",
                "runnel.registry.enable", "true",
                "runnel.registry.host", "127.0.0.1",
                "runnel.registry.port", "0",
                "runnel.registry.kafkastore.topic.replication.factor", "1");
        try (RunnelNode node = RunnelNode.builder(props).build().start()) {
            assertThat(node.components()).containsExactly("broker", "connect", "registry");

            HttpResponse<String> root =
                    get("http://127.0.0.1:" + node.connectRestPort().orElseThrow() + "/");
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body())
                    .contains(
                            "\"kafka_cluster_id\":\"" + node.broker().identity().clusterId() + "\"");
            HttpResponse<String> plugins =
                    get("http://127.0.0.1:" + node.connectRestPort().orElseThrow() + "/connector-plugins");
            assertThat(plugins.body())
                    .contains(
                            "FileStreamSourceConnector",
                            "JdbcSourceConnector",
                            "JdbcSinkConnector",
                            "PostgresCdcSourceConnector");

            String registry = "http://127.0.0.1:" + node.registryPort().orElseThrow();
            HttpResponse<String> registered = http.send(
                    HttpRequest.newBuilder(URI.create(registry + "/subjects/orders-value/versions"))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            assertThat(get(registry + "/subjects").body()).isEqualTo("[\"orders-value\"]");
        }
    }

    @Test
    void withoutTheSwitchesANodeRunsOnlyTheBroker() throws Exception {
        try (RunnelNode node = RunnelNode.builder(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()))
                .build()
                .start()) {
            assertThat(node.components()).containsExactly("broker");
            assertThat(node.connectRestPort()).isEmpty();
            assertThat(node.registryPort()).isEmpty();
        }
    }

    @Test
    void aConnectWorkerThatCannotBindStopsTheBrokerAgainAndNamesConnect() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RunnelNode node = RunnelNode.builder(Map.of(
                            "listeners",
                            "PLAINTEXT://127.0.0.1:0",
                            "log.dir",
                            dir.toString(),
                            "runnel.connect.enable",
                            "true",
                            "runnel.connect.listeners",
                            "http://127.0.0.1:" + taken.getLocalPort()))
                    .build();
            assertThatThrownBy(node::start)
                    .isInstanceOf(ComponentStartException.class)
                    .hasMessageStartingWith("connect failed to start: ");
        }
        // The broker was stopped again: its data directory is free for another node.
        try (RunnelNode again = RunnelNode.builder(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()))
                .build()
                .start()) {
            assertThat(again.components()).containsExactly("broker");
        }
    }

    @Test
    void anInvalidSwitchOrRegistryKeyFailsTheBuildNamingTheKey() {
        assertThatThrownBy(() -> RunnelNode.builder(Map.of("log.dir", dir.toString(), "runnel.connect.enable", "yes"))
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("runnel.connect.enable");
        assertThatThrownBy(() -> RunnelNode.builder(Map.of("log.dir", dir.toString(), "runnel.registry.prot", "1"))
                        .build())
                .hasMessageContaining("runnel.registry.prot");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
