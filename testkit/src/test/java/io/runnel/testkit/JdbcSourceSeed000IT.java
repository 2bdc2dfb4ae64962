package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.common.time.Time;
import io.runnel.connect.ConnectStandalone;
import io.runnel.connect.WorkerConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000's pipeline end to end: ING's {@code customer} table in a real PostgreSQL, Runnel's JDBC source in
 * Runnel's Connect runtime (REST on port 0) in timestamp mode on {@code lastupdated}, writing to {@code customer-pipe}
 * on a real Runnel broker; a consumer reads the JsonConverter's schema+payload records the seed shows, and an update
 * of a row arrives after the next poll.
 */
@Cluster
class JdbcSourceSeed000IT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theCustomerTableStreamsToCustomerPipeAsSchemaAndPayloadAndAnUpdateFollows(EmbeddedCluster cluster)
            throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customer (cust_id INTEGER NOT NULL PRIMARY KEY, birth_date DATE NOT NULL,"
                        + " first_name VARCHAR(50) NOT NULL, last_name VARCHAR(50) NOT NULL, gender CHAR(1) NOT NULL,"
                        + " current_city INTEGER NOT NULL, marital_status VARCHAR(20) NOT NULL,"
                        + " no_of_children INTEGER NOT NULL, phone VARCHAR(20) NOT NULL, email VARCHAR(100) NOT NULL,"
                        + " lastupdated TIMESTAMP NOT NULL)");
                s.execute("INSERT INTO customer VALUES (10001, '1953-09-02', 'Georgi', 'Facello', 'M', 131, 'Married',"
                        + " 2, '381318470', 'Georgi.Facello10001@gmail.com', '2015-12-30 22:59:59'),"
                        + " (10002, '1964-06-02', 'Bezalel', 'Simmel', 'F', 121, 'Married', 1, '324091160',"
                        + " 'Bezalel.Simmel10002@gmail.com', '2015-12-30 22:59:59')");
            }
            try (ConnectStandalone worker = worker(cluster)) {
                String body = JSON.writeValueAsString(Map.of(
                        "name",
                        "etl-source-customer",
                        "config",
                        Map.ofEntries(
                                Map.entry("connector.class", "JdbcSourceConnector"),
                                Map.entry("tasks.max", "1"),
                                Map.entry("connection.url", pg.getJdbcUrl("postgres", "postgres")),
                                Map.entry("connection.user", "postgres"),
                                Map.entry("mode", "timestamp"),
                                Map.entry("timestamp.column.name", "lastupdated"),
                                Map.entry("table.whitelist", "customer"),
                                Map.entry("poll.interval.ms", "500"),
                                Map.entry("transforms", "pipe"),
                                Map.entry("transforms.pipe.type", "org.apache.kafka.connect.transforms.RegexRouter"),
                                Map.entry("transforms.pipe.regex", "customer"),
                                Map.entry("transforms.pipe.replacement", "customer-pipe"))));
                HttpResponse<String> created = send(worker, "POST", "/connectors", body);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

                try (KafkaConsumer<String, String> consumer = consumer(cluster)) {
                    consumer.subscribe(List.of("customer-pipe"));
                    List<JsonNode> records = read(consumer, 2);
                    assertThat(records).hasSize(2);
                    JsonNode first = records.stream()
                            .filter(r -> r.get("payload").get("cust_id").asInt() == 10001)
                            .findFirst()
                            .orElseThrow();
                    JsonNode schema = first.get("schema");
                    assertThat(schema.get("type").asText()).isEqualTo("struct");
                    assertThat(schema.get("name").asText()).isEqualTo("customer");
                    assertThat(schema.get("optional").asBoolean()).isFalse();
                    List<String> fields = new ArrayList<>();
                    schema.get("fields").forEach(f -> fields.add(f.get("field").asText()));
                    assertThat(fields)
                            .containsExactly(
                                    "cust_id",
                                    "birth_date",
                                    "first_name",
                                    "last_name",
                                    "gender",
                                    "current_city",
                                    "marital_status",
                                    "no_of_children",
                                    "phone",
                                    "email",
                                    "lastupdated");
                    assertThat(schema.get("fields").get(0).toString())
                            .isEqualTo("{\"type\":\"int32\",\"optional\":false,\"field\":\"cust_id\"}");
                    assertThat(schema.get("fields").get(2).toString())
                            .isEqualTo("{\"type\":\"string\",\"optional\":false,\"field\":\"first_name\"}");
                    JsonNode payload = first.get("payload");
                    assertThat(payload.get("first_name").asText()).isEqualTo("Georgi");
                    assertThat(payload.get("last_name").asText()).isEqualTo("Facello");
                    assertThat(payload.get("current_city").asInt()).isEqualTo(131);
                    assertThat(payload.get("no_of_children").asInt()).isEqualTo(2);
                    assertThat(payload.get("email").asText()).isEqualTo("Georgi.Facello10001@gmail.com");
                    assertThat(payload.get("birth_date").asLong())
                            .isEqualTo(LocalDate.of(1953, 9, 2).toEpochDay());
                    assertThat(payload.get("lastupdated").asLong())
                            .isEqualTo(LocalDateTime.of(2015, 12, 30, 22, 59, 59)
                                    .toInstant(ZoneOffset.UTC)
                                    .toEpochMilli());

                    try (Connection c = pg.getPostgresDatabase().getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("UPDATE customer SET current_city = 200, lastupdated = '2016-01-04 09:00:00'"
                                + " WHERE cust_id = 10002");
                    }
                    List<JsonNode> update = read(consumer, 1);
                    assertThat(update).hasSize(1);
                    assertThat(update.get(0).get("payload").get("cust_id").asInt())
                            .isEqualTo(10002);
                    assertThat(update.get(0).get("payload").get("current_city").asInt())
                            .isEqualTo(200);
                }
            }
        }
    }

    private ConnectStandalone worker(EmbeddedCluster cluster) {
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", cluster.bootstrapServers());
        w.put("listeners", "http://127.0.0.1:0");
        w.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        w.put("offset.flush.interval.ms", "200");
        w.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return ConnectStandalone.start(new WorkerConfig(w), Time.SYSTEM);
    }

    private static HttpResponse<String> send(ConnectStandalone worker, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.restPort() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bad input: an unreachable database fails the connector, and its REST status names the URL and the setting. */
    @Test
    void anUnreachableDatabaseFailsTheConnectorWithAStatusNamingTheSetting(EmbeddedCluster cluster) throws Exception {
        try (ConnectStandalone worker = worker(cluster)) {
            String body = JSON.writeValueAsString(Map.of(
                    "name",
                    "nowhere",
                    "config",
                    Map.of(
                            "connector.class", "JdbcSourceConnector",
                            "connection.url", "jdbc:postgresql://127.0.0.1:1/ING_OLTP",
                            "connection.attempts", "1",
                            "mode", "bulk",
                            "topic.prefix", "x-")));
            send(worker, "POST", "/connectors", body);
            Await.until(WAIT, "the connector to fail", () -> {
                try {
                    JsonNode status = JSON.readTree(send(worker, "GET", "/connectors/nowhere/status", null)
                            .body());
                    return status.has("connector")
                            && status.get("connector").get("state").asText().equals("FAILED");
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode status = JSON.readTree(
                    send(worker, "GET", "/connectors/nowhere/status", null).body());
            assertThat(status.get("connector").get("trace").asText())
                    .contains("jdbc:postgresql://127.0.0.1:1/ING_OLTP")
                    .contains("connection.url");
        }
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedCluster cluster) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "seed000-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Reads until {@code count} records came or the wait is over. */
    private static List<JsonNode> read(KafkaConsumer<String, String> consumer, int count) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                out.add(JSON.readTree(record.value()));
            }
        }
        return out;
    }
}
