package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.Time;
import io.runnel.registry.SchemaRegistryConfig;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryComponentTest {

    @TempDir
    Path dir;

    @Test
    void theRegistryComponentServesOnTheNodesBrokerAndReleasesItsPortWhenStopped() throws Exception {
        Map<String, String> props = Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString());
        HttpClient http = HttpClient.newHttpClient();
        try (RunnelNode node = RunnelNode.builder(props).build().start()) {
            RegistryComponent registry = new RegistryComponent(
                    new SchemaRegistryConfig(
                            Map.of(SchemaRegistryConfig.HOST, "127.0.0.1", SchemaRegistryConfig.PORT, "0"), true),
                    node::bootstrapServers,
                    Time.SYSTEM);
            assertThat(registry.name()).isEqualTo("registry");
            registry.start();
            int port = registry.port();
            HttpRequest register = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/subjects/s/versions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .build();
            HttpResponse<String> r = http.send(register, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"id\":1}");
            registry.stop();
            registry.stop();
            HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subjects"))
                    .build();
            assertThatThrownBy(() -> http.send(list, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void anInvalidRegistryKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.PORT, "70000"), true))
                .hasMessageContaining(SchemaRegistryConfig.PORT);
    }
}
