package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own Connect 4.3.0 in distributed mode, two workers (separate JVMs running Kafka's {@code
 * ConnectDistributed}) against Runnel: they form a group with protocol type {@code connect}, create their compacted
 * internal topics, and run Kafka's file source connector; when the worker running its task is killed with
 * SIGKILL, the task moves to the other worker and every line still reaches the topic.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"})
class KafkaConnectDistributedIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    /** A Connect worker JVM. */
    private final class Worker implements AutoCloseable {
        final int port;
        final Process process;

        Worker(String name, String bootstrap) throws IOException {
            port = RunnelProcess.freePort();
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("group.id", "connect-cluster");
            p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("config.storage.topic", "connect-configs");
            p.put("offset.storage.topic", "connect-offsets");
            p.put("status.storage.topic", "connect-status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("listeners", "http://127.0.0.1:" + port);
            p.put("rest.advertised.host.name", "127.0.0.1");
            p.put("offset.flush.interval.ms", "500");
            p.put("scheduled.rebalance.max.delay.ms", "3000");
            p.put("session.timeout.ms", "6000");
            p.put("heartbeat.interval.ms", "1000");
            p.put("plugin.discovery", "only_scan");
            Path file = tmp.resolve(name + ".properties");
            try (var w = Files.newBufferedWriter(file)) {
                p.store(w, null);
            }
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "org.apache.kafka.connect.cli.ConnectDistributed",
                            file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(name + ".log").toFile())
                    .start();
        }

        String id() {
            return "127.0.0.1:" + port;
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }

        int post(String path, String body) throws IOException, InterruptedException {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        }

        boolean ready() {
            try {
                return get("/connectors") != null;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill9();
            }
        }
    }

    /** The worker id running task 0 of the connector, when that task is RUNNING; else null. */
    private static String runningTaskWorker(Worker asked) {
        try {
            JsonNode status = asked.get("/connectors/file-source/status");
            if (status == null || status.path("tasks").isEmpty()) {
                return null;
            }
            JsonNode task = status.path("tasks").get(0);
            return task.path("state").asText().equals("RUNNING")
                    ? task.path("worker_id").asText()
                    : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Test
    void twoWorkersFormAGroupRunTheFileSourceAndMoveItsTaskWhenAWorkerIsKilled(EmbeddedCluster cluster)
            throws Exception {
        Path input = tmp.resolve("input.txt");
        Files.writeString(input, "");
        Set<String> lines = ConcurrentHashMap.newKeySet();
        try (Worker a = new Worker("a", cluster.bootstrapServers());
                Worker b = new Worker("b", cluster.bootstrapServers())) {
            Await.until(WAIT, "both Connect workers to serve REST", () -> a.ready() && b.ready());
            String config = JSON.writeValueAsString(Map.of(
                    "name",
                    "file-source",
                    "config",
                    Map.of(
                            "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                            "tasks.max", "1",
                            "file", input.toString(),
                            "topic", "connect-lines")));
            Await.until(WAIT, "the connector to be created", () -> {
                try {
                    int code = a.post("/connectors", config);
                    return code == 201 || code == 409;
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
            append(input, 0, 100);
            String first = Await.value(WAIT, "the task to run", () -> runningTaskWorker(a));
            assertThat(first).isIn(a.id(), b.id());
            readLines(cluster, lines, 100);

            // Kill the worker running the task; the survivor takes it over.
            Worker victim = first.equals(a.id()) ? a : b;
            Worker survivor = victim == a ? b : a;
            victim.kill9();
            Await.until(WAIT, "the task to run on the surviving worker", () -> survivor.id()
                    .equals(runningTaskWorker(survivor)));
            append(input, 100, 200);
            readLines(cluster, lines, 200);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(lines).contains("line " + i);
        }

        // The internal topics Connect created for itself are compacted; its config topic has one partition.
        for (String topic : List.of("connect-configs", "connect-offsets", "connect-status")) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config c = cluster.admin().describeConfigs(List.of(r)).all().get().get(r);
            assertThat(c.get("cleanup.policy").value()).as(topic).isEqualTo("compact");
        }
        TopicDescription configs = cluster.admin()
                .describeTopics(List.of("connect-configs"))
                .allTopicNames()
                .get()
                .get("connect-configs");
        assertThat(configs.partitions()).hasSize(1);
    }

    private static void append(Path file, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Reads connect-lines from the start until {@code expected} distinct lines have been seen. */
    private static void readLines(EmbeddedCluster cluster, Set<String> lines, int expected) {
        Properties props = cluster.consumerProps(null);
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        try (KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(props)) {
            Await.until(WAIT, expected + " lines in connect-lines", () -> {
                if (consumer.assignment().isEmpty()) {
                    List<TopicPartition> tps = new ArrayList<>();
                    consumer.partitionsFor("connect-lines")
                            .forEach(p -> tps.add(new TopicPartition("connect-lines", p.partition())));
                    consumer.assign(tps);
                    consumer.seekToBeginning(tps);
                }
                for (ConsumerRecord<byte[], String> r : consumer.poll(Duration.ofMillis(200))) {
                    lines.add(r.value());
                }
                return lines.size() >= expected;
            });
        }
    }
}
