package io.runnel.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.broker.Broker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.time.Time;
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
 * A real Runnel broker on port 0 and a standalone Connect worker against it (REST on port 0), with helpers to drive
 * the REST API over real HTTP and read topics with a real consumer. One per test; not thread-safe.
 */
final class ConnectFixture implements AutoCloseable {

    final Path dir;
    final Broker broker;
    final ConnectStandalone worker;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = new ObjectMapper();

    ConnectFixture(Path dir, Map<String, String> workerProps) throws Exception {
        this.dir = dir;
        Map<String, String> b = new HashMap<>();
        b.put("node.id", "1");
        b.put("listeners", "PLAINTEXT://127.0.0.1:0");
        b.put("log.dir", dir.resolve("broker").toString());
        broker = new Broker(new BrokerConfig(b), Time.SYSTEM);
        broker.startup();
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", broker.bootstrapServers());
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
            broker.shutdown();
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
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
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
            broker.shutdown();
        }
    }
}
