package io.runnel.connect.worker;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.WorkerConfig;
import io.runnel.connect.plugins.LoaderSwap;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.plugins.Plugins;
import io.runnel.connect.storage.OffsetCodec;
import io.runnel.connect.storage.OffsetStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigTransformerResult;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connectors and tasks for a herder: creates connector instances with their plugin's class loader, starts each
 * task on its own thread, resolves config-provider variables ({@code ${file:…}}, {@code ${env:…}},
 * {@code ${directory:…}}, from {@code config.providers}) just before handing a configuration to a plugin, and knows
 * which resolved values are secrets so they can be masked wherever a configuration or trace leaves the worker.
 * Thread-safe.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private volatile String workerId = "unassigned";
    private final WorkerConfig config;
    private final Plugins plugins;
    private final OffsetStore offsets;
    private final OffsetCodec codec = new OffsetCodec();
    private final Time time;
    private final Map<String, ConfigProvider> providers;
    private final ConfigTransformer transformer;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor;
    private final org.apache.kafka.common.metrics.Metrics metrics = new org.apache.kafka.common.metrics.Metrics();

    public Worker(WorkerConfig config, Plugins plugins, OffsetStore offsets, Time time) {
        this.config = config;
        this.plugins = plugins;
        this.offsets = offsets;
        this.time = time;
        this.providers = configProviders(config, plugins);
        this.transformer = new ConfigTransformer(providers);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "connect-task-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static Map<String, ConfigProvider> configProviders(WorkerConfig config, Plugins plugins) {
        Map<String, ConfigProvider> out = new HashMap<>();
        for (String name : config.getList(WorkerConfig.CONFIG_PROVIDERS)) {
            String n = name.trim();
            String cls = config.raw().get("config.providers." + n + ".class");
            if (cls == null) {
                throw new org.apache.kafka.common.config.ConfigException(
                        "config.providers." + n + ".class", null, "missing: every config provider needs a class");
            }
            try {
                PluginDesc d = plugins.resolve(cls, PluginType.CONFIG_PROVIDER);
                ConfigProvider p = plugins.newInstance(d, ConfigProvider.class);
                try (LoaderSwap ignored = LoaderSwap.to(d.loader())) {
                    p.configure(config.prefixed("config.providers." + n + ".param."));
                }
                out.put(n, p);
            } catch (PluginNotFoundException e) {
                throw new org.apache.kafka.common.config.ConfigException(
                        "config.providers." + n + ".class", cls, e.getMessage());
            }
        }
        return out;
    }

    /** Sets the id the status API reports ({@code host:port} of the REST API), once it is bound. */
    public void assignId(String id) {
        this.workerId = id;
    }

    public String workerId() {
        return workerId;
    }

    public WorkerConfig config() {
        return config;
    }

    public Plugins plugins() {
        return plugins;
    }

    public OffsetStore offsets() {
        return offsets;
    }

    public OffsetCodec codec() {
        return codec;
    }

    /** The configuration with every {@code ${provider:path:key}} variable resolved. */
    public Map<String, String> resolve(Map<String, String> raw) {
        if (providers.isEmpty()) {
            return raw;
        }
        ConfigTransformerResult r = transformer.transform(raw);
        return r.data();
    }

    /** The values that config providers put into a configuration: what must never be shown. */
    public List<String> secrets(Map<String, String> raw) {
        List<String> out = new ArrayList<>();
        if (providers.isEmpty()) {
            return out;
        }
        Map<String, String> resolved = resolve(raw);
        raw.forEach((k, v) -> {
            String rv = resolved.get(k);
            if (v != null && rv != null && !v.equals(rv) && !rv.isEmpty()) {
                out.add(rv);
            }
        });
        return out;
    }

    /** What replaces the secrets of a configuration in text: {@code [hidden]}. */
    public java.util.function.UnaryOperator<String> masker(Map<String, String> raw) {
        List<String> secrets = secrets(raw);
        return text -> {
            if (text == null) {
                return null;
            }
            String out = text;
            for (String s : secrets) {
                out = out.replace(s, "[hidden]");
            }
            return out;
        };
    }

    /** The connector plugin a configuration names, by class name or alias. */
    public PluginDesc connectorPlugin(String classOrAlias) throws PluginNotFoundException {
        return plugins.resolve(classOrAlias, EnumSet.of(PluginType.SOURCE, PluginType.SINK));
    }

    /** A new, initialized but not started connector. */
    public WorkerConnector newConnector(String name, PluginDesc plugin, Runnable onReconfigure) {
        Connector c = plugins.newInstance(plugin, Connector.class);
        return new WorkerConnector(
                name,
                plugin,
                c,
                new OffsetReader(name, offsets, codec),
                onReconfigure,
                new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(metrics, Map.of("connector", name)));
    }

    /** Starts a task on its own thread. */
    public WorkerTask startTask(
            ConnectorTaskId id,
            WorkerConnector connector,
            Map<String, String> rawConnectorConfig,
            Map<String, String> taskConfig,
            TargetState target,
            int restarts,
            String lastFailure,
            java.util.function.Consumer<WorkerTask> onFailure) {
        TaskSetup setup = new TaskSetup(
                config,
                plugins,
                connector.plugin(),
                connector.taskClass(),
                resolve(rawConnectorConfig),
                resolve(taskConfig),
                offsets,
                codec,
                workerId,
                metrics);
        WorkerTask task = connector.isSink()
                ? new WorkerSinkTask(id, target, setup, time)
                : new WorkerSourceTask(id, target, setup, time);
        task.restarts(restarts);
        task.lastFailure(lastFailure);
        task.onFailure(onFailure);
        task.masker(masker(rawConnectorConfig));
        executor.execute(task);
        log.info("Started task {}", id);
        return task;
    }

    /** Stops tasks and waits for them up to {@code task.shutdown.graceful.timeout.ms}; returns those that did not. */
    public List<WorkerTask> stopTasks(List<WorkerTask> tasks) {
        tasks.forEach(WorkerTask::stop);
        long deadline = time.hiResClockMs() + config.taskShutdownTimeoutMs();
        List<WorkerTask> zombies = new ArrayList<>();
        for (WorkerTask t : tasks) {
            try {
                long left = Math.max(0, deadline - time.hiResClockMs());
                if (!t.awaitStop(left)) {
                    log.warn("Task {} did not stop within {} ms", t.id(), config.taskShutdownTimeoutMs());
                    zombies.add(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                zombies.add(t);
            }
        }
        return zombies;
    }

    /** The connector's own config with its sink or source definitions, for validation. */
    public static boolean isSinkConfig(PluginDesc d) {
        return d.type() == PluginType.SINK;
    }

    public static int tasksMax(Map<String, String> config) {
        return ConnectorConfig.tasksMax(config);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        metrics.close();
        for (ConfigProvider p : providers.values()) {
            try {
                p.close();
            } catch (Exception e) {
                log.warn("Closing a config provider failed", e);
            }
        }
        plugins.close();
        offsets.close();
    }
}
