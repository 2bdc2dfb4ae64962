package io.runnel.server;

import io.runnel.common.time.Time;
import io.runnel.registry.SchemaRegistry;
import io.runnel.registry.SchemaRegistryConfig;
import java.util.function.Supplier;

/**
 * The schema registry as a node component, started after the broker it stores its schemas on. It reaches that
 * broker over the wire, through the bootstrap address the broker has once it has started (so port 0 works).
 * Added by {@link RunnelNode.Builder#build()} when {@code runnel.registry.enable=true}.
 */
final class RegistryComponent implements Component {

    private final SchemaRegistryConfig config;
    private final Supplier<String> bootstrapServers;
    private final Time time;
    private volatile SchemaRegistry registry;

    RegistryComponent(SchemaRegistryConfig config, Supplier<String> bootstrapServers, Time time) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.time = time;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public void start() {
        registry = SchemaRegistry.builder(bootstrapServers.get())
                .config(config)
                .time(time)
                .start();
    }

    /** The bound REST port; only after {@link #start()}. */
    int port() {
        return registry.port();
    }

    @Override
    public void stop() {
        SchemaRegistry r = registry;
        registry = null;
        if (r != null) {
            r.close();
        }
    }
}
