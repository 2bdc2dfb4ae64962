package io.runnel.testkit.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.common.time.Time;
import io.runnel.connect.ConnectStandalone;
import io.runnel.connect.WorkerConfig;
import io.runnel.testkit.Await;
import io.runnel.testkit.EmbeddedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Runnel node on port 0 (an {@link EmbeddedCluster}, so built by {@code RunnelNode}, its data under the test's
 * directory) and a standalone Connect worker against it (REST on port 0), with helpers to drive the REST API over real
 * HTTP and read topics with a real consumer. One per test; not thread-safe.
 */
final class ConnectFixture implements AutoCloseable {

    /**
     * The JUnit tag of the tests that run a Connect worker: testkit's pom runs them in their own surefire execution
     * (working directory {@code target/connect-work}, Apache's {@code connect-runtime} and {@code connect-file} off
     * the class path so that Runnel's plugin discovery sees what the distribution bundles).
     */
    static final String TAG = "connect-worker";

    final Path dir;
    final EmbeddedCluster cluster;
    final ConnectStandalone worker;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = new ObjectMapper();

    ConnectFixture(Path dir, Map<String, String> workerProps) throws Exception {
        this.dir = dir;
        cluster = EmbeddedCluster.single(Map.of("log.dir", dir.resolve("broker").toString()))
                .start();
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", cluster.bootstrapServers());
        w.put("listeners", "http://127.0.0.1:0");
        w.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        w.put("offset.flush.interval.ms", "200");
        w.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.putAll(workerProps);
        ConnectStandalone started;
        try {
            started = ConnectStandalone.start(new WorkerConfig(w), Time.SYSTEM);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        worker = started;
    }

    String url(String path) {
        return "http://127.0.0.1:" + worker.restPort() + path;
    }

    /** Sends a request; {@code body} is sent as JSON when not null. */
    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path)))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(HttpResponse<String> r) {
        try {
            return mapper.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }

    JsonNode getJson(String path) {
        return json(send("GET", path, null));
    }

    /** Reads a topic from the beginning until {@code count} records arrived (or the timeout passes). */
    List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Waits for a condition, polling it; fails with {@code what} when it does not hold within the timeout. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, what, condition);
    }

    static byte[] readOrEmpty(Path p) {
        try {
            return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            worker.close();
        } finally {
            cluster.close();
        }
    }
}
