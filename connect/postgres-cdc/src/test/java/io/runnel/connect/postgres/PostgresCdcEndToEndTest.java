package io.runnel.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.broker.Broker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.time.Time;
import io.runnel.connect.ConnectStandalone;
import io.runnel.connect.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector in our Connect runtime: a standalone worker (REST on port 0, the plugin on its class path) against a
 * real Runnel broker and a real PostgreSQL.
 */
class PostgresCdcEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static PostgresServer pg;
    final ObjectMapper mapper = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Broker broker;
    ConnectStandalone worker;

    @BeforeAll
    static void startPostgres() {
        pg = new PostgresServer("logical");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void startBroker() throws Exception {
        Map<String, String> b = new HashMap<>();
        b.put("node.id", "1");
        b.put("listeners", "PLAINTEXT://127.0.0.1:0");
        b.put("log.dir", dir.resolve("broker").toString());
        broker = new Broker(new BrokerConfig(b), Time.SYSTEM);
        broker.startup();
    }

    @AfterEach
    void stopAll() {
        if (worker != null) {
            worker.close();
        }
        broker.shutdown();
    }

    private void startWorker() {
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", broker.bootstrapServers());
        w.put("listeners", "http://127.0.0.1:0");
        w.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        w.put("offset.flush.interval.ms", "200");
        worker = ConnectStandalone.start(new WorkerConfig(w), Time.SYSTEM);
    }

    @Test
    void anUnreachableDatabaseFailsTheTaskWithAStatusNamingTheSettings() throws Exception {
        startWorker();
        Map<String, String> config = pg.connectorConfig("bad_slot", "");
        config.put("connector.class", "PostgresCdcSourceConnector");
        config.put("database.port", "1"); // nothing listens there
        config.put("database.hostname", "127.0.0.1");
        send("POST", "/connectors", mapper.writeValueAsString(Map.of("name", "unreachable", "config", config)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode status;
        do {
            assertThat(System.nanoTime()).as("the task never failed").isLessThan(deadline);
            status = mapper.readTree(
                    send("GET", "/connectors/unreachable/status", null).body());
        } while (!"FAILED".equals(status.at("/tasks/0/state").asText()));
        assertThat(status.at("/tasks/0/trace").asText())
                .contains("database.hostname")
                .contains("database.port");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.restPort() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
