package io.runnel.connect.worker;

import io.runnel.connect.plugins.LoaderSwap;
import io.runnel.connect.plugins.PluginDesc;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector instance and its reported state. {@code start} and {@code stop} run on the caller's thread with the
 * plugin's class loader; a plugin that throws in {@code start} (or calls {@code raiseError}) leaves this connector
 * FAILED with the trace and touches nothing else. {@code requestTaskReconfiguration} is handed to the herder's
 * callback, which runs it on its own thread. Thread-safe: state is volatile, lifecycle calls are synchronized.
 */
public final class WorkerConnector {

    private static final Logger log = LoggerFactory.getLogger(WorkerConnector.class);

    private final String name;
    private final PluginDesc plugin;
    private final Connector connector;
    private final Runnable onReconfigure;
    private final org.apache.kafka.common.metrics.PluginMetrics pluginMetrics;
    private volatile Status status = Status.UNASSIGNED;
    private volatile java.util.function.UnaryOperator<String> masker = s -> s;
    private boolean started;

    WorkerConnector(
            String name,
            PluginDesc plugin,
            Connector connector,
            OffsetStorageReader offsets,
            Runnable onReconfigure,
            org.apache.kafka.common.metrics.PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
        this.name = name;
        this.plugin = plugin;
        this.connector = connector;
        this.onReconfigure = onReconfigure;
        ConnectorContext context = connector instanceof SinkConnector
                ? new SinkContext()
                : connector instanceof SourceConnector ? new SourceContext(offsets) : new BaseContext();
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            connector.initialize(context);
        }
    }

    public String name() {
        return name;
    }

    public PluginDesc plugin() {
        return plugin;
    }

    /** Sets what replaces this connector's secrets in traces and logs. */
    public void masker(java.util.function.UnaryOperator<String> masker) {
        this.masker = masker;
    }

    public boolean isSink() {
        return connector instanceof SinkConnector;
    }

    public Status status() {
        return status;
    }

    /** Starts the connector with its resolved configuration; false (and FAILED) when the plugin throws. */
    public synchronized boolean start(Map<String, String> config, TargetState target) {
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            connector.start(config);
            started = true;
            status = Status.of(target == TargetState.PAUSED ? State.PAUSED : State.RUNNING);
            return true;
        } catch (Throwable t) {
            String trace = masker.apply(Status.traceOf(t));
            log.error("Connector {} failed to start: {}", name, trace);
            status = new Status(State.FAILED, trace, 0);
            return false;
        }
    }

    public synchronized void transitionTo(TargetState target) {
        if (status.state() == State.FAILED) {
            return;
        }
        status = Status.of(
                switch (target) {
                    case RUNNING -> State.RUNNING;
                    case PAUSED -> State.PAUSED;
                    case STOPPED -> State.STOPPED;
                });
    }

    /** The task configurations for at most {@code maxTasks} tasks. */
    public synchronized List<Map<String, String>> taskConfigs(int maxTasks) {
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            return connector.taskConfigs(maxTasks);
        }
    }

    public Class<?> taskClass() {
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            return connector.taskClass();
        }
    }

    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            connector.stop();
        } catch (Throwable t) {
            log.warn("Connector {} failed to stop cleanly: {}", name, masker.apply(Status.traceOf(t)));
        }
    }

    /** Marks the connector FAILED with the trace of {@code t}. */
    public void fail(Throwable t) {
        status = new Status(State.FAILED, masker.apply(Status.traceOf(t)), 0);
    }

    private class BaseContext implements ConnectorContext {
        @Override
        public void requestTaskReconfiguration() {
            onReconfigure.run();
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return pluginMetrics;
        }

        @Override
        public void raiseError(Exception e) {
            fail(e);
            log.error("Connector {} raised an error: {}", name, status.trace());
        }
    }

    private final class SinkContext extends BaseContext implements SinkConnectorContext {}

    private final class SourceContext extends BaseContext implements SourceConnectorContext {
        private final OffsetStorageReader offsets;

        SourceContext(OffsetStorageReader offsets) {
            this.offsets = offsets;
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsets;
        }
    }
}
