package io.runnel.registry;

import io.runnel.common.time.Time;
import io.runnel.rest.RestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry: the ecosystem's REST API (on 8081 by default) over the compacted topic {@code _schemas}, which
 * it reaches only through kafka-clients. {@link Builder#start()} prepares and replays the topic, then serves;
 * {@link #port()} is the bound port; {@link #close()} stops serving and closes the clients. One registry node is the
 * single writer of its topic (several nodes electing one writer is not built yet).
 *
 * <p>Thread-safe. No global state: several registries (and brokers) can share a JVM.
 */
public final class SchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);

    /** The ecosystem's default port. */
    public static final int DEFAULT_PORT = 8081;

    /** The ecosystem's default topic. */
    public static final String DEFAULT_TOPIC = "_schemas";

    /** Default limit on a request body: schemas can be large, but not this large. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    private final SchemasTopic topic;
    private final RestServer rest;

    private SchemaRegistry(SchemasTopic topic, RestServer rest) {
        this.topic = topic;
        this.rest = rest;
    }

    /** A builder for a registry whose topic lives on the cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** The port the REST API is bound to. */
    public int port() {
        return rest.port();
    }

    @Override
    public void close() {
        try {
            rest.close();
        } finally {
            topic.close();
        }
    }

    /** The registry's settings. Not thread-safe. */
    public static final class Builder {
        private final String bootstrapServers;
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String topicName = DEFAULT_TOPIC;
        private int replicationFactor = 0;
        private Duration timeout = Duration.ofSeconds(30);
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private Time time = Time.SYSTEM;
        private final Map<String, Object> clientProperties = new HashMap<>();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
        }

        /** Takes host, port, topic, replication factor, timeout and body limit from a node's configuration. */
        public Builder config(SchemaRegistryConfig config) {
            host(config.getString(SchemaRegistryConfig.HOST));
            port(config.getInt(SchemaRegistryConfig.PORT));
            topic(config.getString(SchemaRegistryConfig.TOPIC));
            replicationFactor(config.getInt(SchemaRegistryConfig.TOPIC_REPLICATION_FACTOR));
            timeout(Duration.ofMillis(config.getLong(SchemaRegistryConfig.TIMEOUT_MS)));
            return maxRequestBytes(config.getLong(SchemaRegistryConfig.MAX_REQUEST_BYTES));
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The REST port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The topic holding the schemas ({@code kafkastore.topic}, default {@code _schemas}). */
        public Builder topic(String topic) {
            this.topicName = Objects.requireNonNull(topic);
            return this;
        }

        /** Replicas of the topic when the registry creates it; 0 (default) means min(3, brokers). */
        public Builder replicationFactor(int replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        /** How long a write (or the start-up replay) may take before it fails with 50002. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        public Builder time(Time time) {
            this.time = Objects.requireNonNull(time);
            return this;
        }

        /** Extra kafka-clients settings (security, client.id ...) for the registry's producer and consumer. */
        public Builder clientProperty(String name, Object value) {
            clientProperties.put(name, value);
            return this;
        }

        /** Replays the topic (creating it if needed), then binds the REST API; returns a serving registry. */
        public SchemaRegistry start() {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            RegistryState state = new RegistryState();
            SchemasTopic topic = new SchemasTopic(props, topicName, replicationFactor, timeout, time, state::replay);
            try {
                topic.start();
                RegistryService service =
                        new RegistryService(state, topic, List.of(new AvroFormat(), new JsonSchemaFormat()));
                RestServer rest = new RegistryRoutes(service)
                        .addTo(RestServer.builder("registry")
                                .host(host)
                                .port(port)
                                .maxRequestBytes(maxRequestBytes))
                        .start();
                log.info("Schema registry serving on {}:{} from topic {}", host, rest.port(), topicName);
                return new SchemaRegistry(topic, rest);
            } catch (RuntimeException e) {
                topic.close();
                throw e;
            }
        }
    }
}
