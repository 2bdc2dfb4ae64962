package io.runnel.server;

import io.runnel.broker.Broker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.config.ConfigException;
import io.runnel.common.time.Time;
import io.runnel.registry.SchemaRegistryConfig;
import io.runnel.storage.io.Disk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * The composition root: everything one Runnel process runs, built from one configuration. Today that is the
 * broker; the upper layers (Connect, the schema registry, SQL) join as optional components, each switched by its
 * {@code runnel.<part>.enable} key, added in {@link Builder#build()} after the parts they depend on. They start in
 * that order and stop in reverse ({@link Lifecycle}); a failed start stops what already started and throws a
 * {@link ComponentStartException} naming the component.
 *
 * <p>{@code RunnelServer} (the {@code main()}), {@code StartupTraining} and testkit's {@code EmbeddedCluster} all
 * start nodes here, and nothing else constructs a {@link Broker} (a test in this module checks the sources).
 *
 * <p>Thread-safe lifecycle: start once, stop once (further stops are no-ops).
 */
public final class RunnelNode implements AutoCloseable {

    private final Broker broker;
    private final ConnectComponent connect;
    private final RegistryComponent registry;
    private final Lifecycle lifecycle;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private RunnelNode(
            Broker broker, ConnectComponent connect, RegistryComponent registry, List<Component> components) {
        this.broker = broker;
        this.connect = connect;
        this.registry = registry;
        this.lifecycle = new Lifecycle(components);
    }

    /** A builder over the node's configuration (Kafka's property names). */
    public static Builder builder(Map<String, String> properties) {
        return new Builder(properties);
    }

    /**
     * Starts every component in order; returns this node, serving.
     *
     * @throws ComponentStartException naming the component that failed (the earlier ones are stopped again)
     */
    public RunnelNode start() throws ComponentStartException {
        try {
            lifecycle.start();
        } catch (ComponentStartException | RuntimeException e) {
            stopped.countDown();
            throw e;
        }
        return this;
    }

    /** Stops every started component in reverse order. */
    public void stop() {
        lifecycle.stop();
        stopped.countDown();
    }

    /** Blocks until {@link #stop()} has run (from a shutdown hook, say). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public Broker broker() {
        return broker;
    }

    /** host:port of the broker's first advertised listener, for a client's bootstrap.servers. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The Connect worker's REST port, if this node runs Connect ({@code runnel.connect.enable=true}) and started. */
    public OptionalInt connectRestPort() {
        return connect == null ? OptionalInt.empty() : OptionalInt.of(connect.restPort());
    }

    /** The schema registry's REST port, if this node runs it ({@code runnel.registry.enable=true}) and started. */
    public OptionalInt registryPort() {
        return registry == null ? OptionalInt.empty() : OptionalInt.of(registry.port());
    }

    /** The names of the node's components in start order. */
    public List<String> components() {
        return lifecycle.names();
    }

    @Override
    public void close() {
        stop();
    }

    /** Collects the configuration and the seams tests inject. Not thread-safe. */
    public static final class Builder {

        private final Map<String, String> properties;
        private Time time = Time.SYSTEM;
        private Disk disk = Disk.LOCAL;

        private Builder(Map<String, String> properties) {
            this.properties = Map.copyOf(properties);
        }

        /** The clock every component uses; {@link Time#SYSTEM} unless a test injects another. */
        public Builder time(Time time) {
            this.time = time;
            return this;
        }

        /**
         * The file I/O of the broker's partition logs; {@link Disk#LOCAL} unless a test injects another (a
         * fault-injecting disk). The data directory's lock and the metadata log always use the real file system.
         */
        public Builder disk(Disk disk) {
            this.disk = disk;
            return this;
        }

        /**
         * Builds the node's components from the configuration, without starting any.
         *
         * @throws ConfigException naming the first unknown key or invalid value
         */
        public RunnelNode build() {
            NodeProperties parts = NodeProperties.split(properties);
            BrokerConfig brokerConfig = new BrokerConfig(parts.broker());
            SchemaRegistryConfig registryConfig = new SchemaRegistryConfig(parts.registry(), true);
            Broker broker = new Broker(brokerConfig, time, disk);
            List<Component> components = new ArrayList<>();
            components.add(new BrokerComponent(broker));
            // The optional parts, each behind its runnel.<part>.enable key, after the broker they talk to.
            ConnectComponent connect = null;
            if (parts.connectEnabled()) {
                connect = new ConnectComponent(
                        parts.connect(),
                        broker::bootstrapServers,
                        brokerConfig.logDirs().get(0),
                        time);
                components.add(connect);
            }
            RegistryComponent registry = null;
            if (registryConfig.enabled()) {
                registry = new RegistryComponent(registryConfig, broker::bootstrapServers, time);
                components.add(registry);
            }
            return new RunnelNode(broker, connect, registry, components);
        }
    }
}
