package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's file example ("Kafka: The Definitive Guide", ch. 7), by HTTP, with the JSON bodies verbatim: the file
 * source loads a broker configuration into a topic line by line, the file sink dumps the topic into a copy, and the
 * copy is byte-identical. The relative paths of the example resolve against the worker's working directory (the
 * test JVM's, {@code target/connect-work}).
 */
@Tag(ConnectFixture.TAG)
class FileExampleTest {

    static final String LOAD = "{\"name\":\"load-kafka-config\", \"config\":{\"connector.class\":\"FileStreamSource\","
            + "\"file\":\"config/server.properties\",\"topic\":\"kafka-config-topic\"}}";
    static final String DUMP = "{\"name\":\"dump-kafka-config\", \"config\":{\"connector.class\":\"FileStreamSink\","
            + "\"file\":\"copy-of-server-properties\",\"topics\":\"kafka-config-topic\"}}";

    @TempDir
    Path dir;

    private static Path prepareSourceFile() throws Exception {
        Path config = Path.of("config");
        Files.createDirectories(config);
        Path source = config.resolve("server.properties");
        try (InputStream in = FileExampleTest.class.getResourceAsStream("/server.properties")) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(Path.of("copy-of-server-properties"));
        return source;
    }

    @Test
    void theFileSourceAndSinkCopyAFileThroughATopicByteForByte() throws Exception {
        runTheExample(Map.of());
    }

    /** Apache's own connect-file jar in a plugin directory answers to the same aliases and runs unchanged. */
    @Test
    void apachesOwnFileConnectorsFromThePluginPathDoTheSame() throws Exception {
        Path plugins = Path.of(System.getProperty("test.plugins"));
        assertThat(plugins.resolve("apache-connect-file")).isDirectory();
        runTheExample(Map.of("plugin.path", plugins.toString()));
    }

    private void runTheExample(Map<String, String> workerProps) throws Exception {
        Path source = prepareSourceFile();
        byte[] original = Files.readAllBytes(source);
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        try (ConnectFixture connect = new ConnectFixture(dir, workerProps)) {
            JsonNode root = connect.getJson("/");
            assertThat(root.get("version").asText()).isNotEmpty();
            assertThat(root.get("kafka_cluster_id").asText()).isNotEmpty();

            HttpResponse<String> created = connect.send("POST", "/connectors", LOAD);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode info = connect.json(created);
            assertThat(info.get("name").asText()).isEqualTo("load-kafka-config");
            assertThat(info.get("type").asText()).isEqualTo("source");
            assertThat(info.get("config").get("file").asText()).isEqualTo("config/server.properties");

            List<ConsumerRecord<String, String>> records =
                    connect.consume("kafka-config-topic", lines.size(), Duration.ofSeconds(60));
            assertThat(records).hasSize(lines.size());
            // The JsonConverter's envelope, with a schema in each record (as the book says).
            assertThat(records.get(0).value())
                    .isEqualTo("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":"
                            + connect.mapper.writeValueAsString(lines.get(0)) + "}");
            for (int i = 0; i < lines.size(); i++) {
                JsonNode v = connect.mapper.readTree(records.get(i).value());
                assertThat(v.get("payload").asText()).isEqualTo(lines.get(i));
            }

            HttpResponse<String> sink = connect.send("POST", "/connectors", DUMP);
            assertThat(sink.statusCode()).as(sink.body()).isEqualTo(201);
            assertThat(connect.json(sink).get("type").asText()).isEqualTo("sink");
            Path copy = Path.of("copy-of-server-properties");
            ConnectFixture.await(
                    Duration.ofSeconds(60),
                    "the sink to write a copy as long as the original",
                    () -> ConnectFixture.readOrEmpty(copy).length >= original.length);
            assertThat(Files.readAllBytes(copy)).isEqualTo(original);

            JsonNode status = connect.getJson("/connectors/dump-kafka-config/status");
            assertThat(status.get("connector").get("state").asText()).isEqualTo("RUNNING");
            assertThat(status.get("tasks").get(0).get("state").asText()).isEqualTo("RUNNING");
            assertThat(connect.getJson("/connectors").toString())
                    .isEqualTo("[\"dump-kafka-config\",\"load-kafka-config\"]");

            HttpResponse<String> deleted = connect.send("DELETE", "/connectors/dump-kafka-config", null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(connect.getJson("/connectors").toString()).isEqualTo("[\"load-kafka-config\"]");
            assertThat(connect.send("GET", "/connectors/dump-kafka-config", null)
                            .statusCode())
                    .isEqualTo(404);
        }
    }
}
