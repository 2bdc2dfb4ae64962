package io.runnel.connect.herder;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.worker.ConnectorTaskId;
import io.runnel.connect.worker.State;
import io.runnel.connect.worker.Status;
import io.runnel.connect.worker.TargetState;
import io.runnel.connect.worker.Worker;
import io.runnel.connect.worker.WorkerConnector;
import io.runnel.connect.worker.WorkerTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The herder of a standalone worker: it owns the connector configurations (in memory; standalone mode takes them
 * from files or REST at each start), their target states, and runs everything on the one {@link Worker}. Every
 * operation validates before it changes anything, so a refused request leaves nothing half-created. A connector's
 * {@code requestTaskReconfiguration} is queued to the herder's own thread. Secrets resolved by config providers are
 * masked in every trace it reports; configurations are reported raw (variables unresolved).
 *
 * <p>Thread-safe: every operation is synchronized on the herder.
 */
public final class StandaloneHerder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneHerder.class);
    static final String HIDDEN = "[hidden]";

    private final Worker worker;
    private final Map<String, Entry> connectors = new TreeMap<>();
    private final ScheduledExecutorService callbacks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connect-herder");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;

    /** One connector: its raw configuration, target state, running instance and tasks. */
    private static final class Entry {
        final String name;
        Map<String, String> raw;
        TargetState target;
        PluginDesc plugin;
        WorkerConnector connector;
        List<Map<String, String>> taskConfigs = List.of();
        final Map<Integer, WorkerTask> tasks = new TreeMap<>();

        Entry(String name) {
            this.name = name;
        }
    }

    private final ConnectorOffsets offsets;

    public StandaloneHerder(Worker worker) {
        this.worker = worker;
        this.offsets = new ConnectorOffsets(worker);
    }

    public Worker worker() {
        return worker;
    }

    /** The outcome of a create-or-update: whether it was new, and the connector's info. */
    public record Created(boolean created, Map<String, Object> info) {}

    public synchronized List<String> connectorNames() {
        return new ArrayList<>(connectors.keySet());
    }

    /**
     * Creates a connector, or replaces the configuration of an existing one when {@code allowReplace}. The
     * configuration is validated first; nothing changes when it is invalid.
     */
    public synchronized Created putConnector(
            String name, Map<String, String> config, TargetState initial, boolean allowReplace) {
        checkName(name);
        Map<String, String> raw = new LinkedHashMap<>(config);
        String inConfig = raw.get(ConnectorConfig.NAME);
        if (inConfig != null && !inConfig.equals(name)) {
            throw HerderException.badRequest("Connector name configuration (" + inConfig
                    + ") doesn't match connector name in the URL (" + name + ")");
        }
        raw.put(ConnectorConfig.NAME, name);
        Entry existing = connectors.get(name);
        if (existing != null && !allowReplace) {
            throw new HerderException(HerderException.Kind.ALREADY_EXISTS, "Connector " + name + " already exists");
        }
        Map<String, Object> validation = ConfigValidation.validate(worker, raw);
        List<String> errors = ConfigValidation.errors(validation);
        if (!errors.isEmpty()) {
            throw HerderException.badRequest(mask(
                    "Connector configuration is invalid and contains the following " + errors.size()
                            + " error(s):\n" + String.join("\n", errors) + "\n"
                            + "You can also find the above list of errors at the endpoint "
                            + "`/connector-plugins/{connectorType}/config/validate`",
                    worker.secrets(raw)));
        }
        PluginDesc plugin;
        try {
            plugin = worker.connectorPlugin(raw.get(ConnectorConfig.CONNECTOR_CLASS));
        } catch (PluginNotFoundException e) {
            throw HerderException.badRequest(e.getMessage());
        }
        Entry e;
        if (existing != null) {
            stopAll(existing);
            e = existing;
        } else {
            e = new Entry(name);
            e.target = initial == null ? TargetState.RUNNING : initial;
            connectors.put(name, e);
        }
        e.raw = raw;
        e.plugin = plugin;
        startConnector(e);
        log.info("Connector {} {}", name, existing == null ? "created" : "reconfigured");
        return new Created(existing == null, info(e));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw HerderException.badRequest("Connector name is required");
        }
        if (name.contains("/")) {
            throw HerderException.badRequest("connector name should not contain '/'");
        }
        for (char c : name.toCharArray()) {
            if (Character.isISOControl(c)) {
                throw HerderException.badRequest("Connector name must not contain control characters");
            }
        }
    }

    private void startConnector(Entry e) {
        e.connector = worker.newConnector(e.name, e.plugin, () -> requestReconfiguration(e.name));
        e.connector.masker(worker.masker(e.raw));
        if (e.target == TargetState.STOPPED) {
            e.connector.transitionTo(TargetState.STOPPED);
            e.taskConfigs = List.of();
            return;
        }
        if (e.connector.start(worker.resolve(e.raw), e.target)) {
            reconfigureTasks(e);
        }
    }

    private void reconfigureTasks(Entry e) {
        if (e.connector == null || e.connector.status().state() == State.FAILED || e.target == TargetState.STOPPED) {
            return;
        }
        List<Map<String, String>> configs;
        try {
            int max = ConnectorConfig.tasksMax(e.raw);
            configs = e.connector.taskConfigs(max);
            if (configs.size() > max) {
                configs = configs.subList(0, max);
            }
            Map<String, String> resolved = worker.resolve(e.raw);
            configs = configs.stream().map(m -> unresolve(m, e.raw, resolved)).toList();
        } catch (RuntimeException ex) {
            log.error("Connector {} failed to produce task configurations", e.name);
            failConnector(e, ex);
            return;
        }
        if (configs.equals(e.taskConfigs) && e.tasks.size() == configs.size()) {
            return;
        }
        worker.stopTasks(new ArrayList<>(e.tasks.values()));
        e.tasks.clear();
        e.taskConfigs = configs;
        for (int i = 0; i < configs.size(); i++) {
            startTask(e, i, 0, null);
        }
    }

    /**
     * A task configuration with the values a config provider resolved put back as their variables, so secrets are
     * never stored or shown (Apache's herder does the same); the worker resolves them again when it starts the task.
     */
    private static Map<String, String> unresolve(
            Map<String, String> task, Map<String, String> raw, Map<String, String> resolved) {
        Map<String, String> out = new LinkedHashMap<>(task);
        raw.forEach((k, v) -> {
            String r = resolved.get(k);
            if (v != null && r != null && !v.equals(r) && r.equals(out.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void failConnector(Entry e, Throwable t) {
        e.connector.stop();
        e.connector.fail(t);
    }

    private void startTask(Entry e, int index, int restarts, String lastFailure) {
        ConnectorTaskId id = new ConnectorTaskId(e.name, index);
        WorkerTask t = worker.startTask(
                id,
                e.connector,
                e.raw,
                e.taskConfigs.get(index),
                e.target,
                restarts,
                lastFailure,
                failed -> scheduleRestart(e.name, index, failed));
        e.tasks.put(index, t);
    }

    /**
     * Restarts a failed task after {@code runnel.connect.task.restart.backoff.*} (doubling with each restart), unless
     * automatic restarts are off, or the task was replaced, restarted by hand, stopped or deleted meanwhile.
     */
    private void scheduleRestart(String name, int index, WorkerTask failed) {
        long delay = worker.config().restartBackoffMs(failed.status().restarts());
        if (delay < 0 || closed) {
            return;
        }
        log.info("Task {}-{} failed; restarting it in {} ms", name, index, delay);
        try {
            callbacks.schedule(
                    () -> {
                        synchronized (StandaloneHerder.this) {
                            Entry e = connectors.get(name);
                            if (closed
                                    || e == null
                                    || e.tasks.get(index) != failed
                                    || e.target == TargetState.STOPPED) {
                                return;
                            }
                            restartTask(e, index);
                        }
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void requestReconfiguration(String name) {
        callbacks.execute(() -> {
            synchronized (StandaloneHerder.this) {
                Entry e = connectors.get(name);
                if (e != null && !closed) {
                    reconfigureTasks(e);
                }
            }
        });
    }

    private void stopAll(Entry e) {
        worker.stopTasks(new ArrayList<>(e.tasks.values()));
        e.tasks.clear();
        if (e.connector != null) {
            e.connector.stop();
        }
    }

    private Entry entry(String name) {
        Entry e = connectors.get(name);
        if (e == null) {
            throw HerderException.notFound(name);
        }
        return e;
    }

    public synchronized void deleteConnector(String name) {
        Entry e = entry(name);
        stopAll(e);
        connectors.remove(name);
        log.info("Connector {} deleted", name);
    }

    public synchronized Map<String, Object> connectorInfo(String name) {
        return info(entry(name));
    }

    public synchronized Map<String, String> connectorConfig(String name) {
        return new LinkedHashMap<>(entry(name).raw);
    }

    public synchronized List<Map<String, Object>> taskConfigs(String name) {
        Entry e = entry(name);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", taskId(name, i));
            t.put("config", e.taskConfigs.get(i));
            out.add(t);
        }
        return out;
    }

    public synchronized void pause(String name) {
        Entry e = entry(name);
        if (e.target == TargetState.STOPPED) {
            e.target = TargetState.PAUSED;
            startConnector(e);
            return;
        }
        e.target = TargetState.PAUSED;
        e.connector.transitionTo(TargetState.PAUSED);
        e.tasks.values().forEach(t -> t.transitionTo(TargetState.PAUSED));
    }

    public synchronized void resume(String name) {
        Entry e = entry(name);
        TargetState was = e.target;
        e.target = TargetState.RUNNING;
        if (was == TargetState.STOPPED) {
            startConnector(e);
            return;
        }
        e.connector.transitionTo(TargetState.RUNNING);
        e.tasks.values().forEach(t -> t.transitionTo(TargetState.RUNNING));
    }

    /** Stops the connector and frees its tasks (the only state in which offsets may be changed). */
    public synchronized void stop(String name) {
        Entry e = entry(name);
        stopAll(e);
        e.target = TargetState.STOPPED;
        e.taskConfigs = List.of();
        e.connector.transitionTo(TargetState.STOPPED);
    }

    /** Restarts the connector and, when asked, its tasks (all, or only the failed ones); returns the status. */
    public synchronized Map<String, Object> restart(String name, boolean includeTasks, boolean onlyFailed) {
        Entry e = entry(name);
        if (e.target == TargetState.STOPPED) {
            return status(name);
        }
        boolean connectorFailed = e.connector.status().state() == State.FAILED;
        if (!onlyFailed || connectorFailed) {
            stopAll(e);
            e.taskConfigs = List.of();
            startConnector(e);
            return status(name);
        }
        if (includeTasks) {
            for (Map.Entry<Integer, WorkerTask> t : new ArrayList<>(e.tasks.entrySet())) {
                if (t.getValue().status().state() == State.FAILED) {
                    restartTask(e, t.getKey());
                }
            }
        }
        return status(name);
    }

    public synchronized void restartTask(String name, int task) {
        Entry e = entry(name);
        if (!e.tasks.containsKey(task)) {
            throw new HerderException(HerderException.Kind.NOT_FOUND, "Task " + name + "-" + task + " not found");
        }
        restartTask(e, task);
    }

    private void restartTask(Entry e, int index) {
        WorkerTask old = e.tasks.get(index);
        int restarts = old.status().restarts() + 1;
        String lastFailure = old.status().trace() != null ? old.status().trace() : old.lastFailure();
        worker.stopTasks(List.of(old));
        startTask(e, index, restarts, lastFailure);
    }

    public synchronized Map<String, Object> status(String name) {
        Entry e = entry(name);
        List<String> secrets = worker.secrets(e.raw);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("connector", stateMap(null, e.connector.status(), null, secrets));
        List<Map<String, Object>> tasks = new ArrayList<>();
        e.tasks.forEach((i, t) -> tasks.add(stateMap(i, t.status(), t.lastFailure(), secrets)));
        out.put("tasks", tasks);
        out.put("type", type(e));
        return out;
    }

    public synchronized Map<String, Object> taskStatus(String name, int task) {
        Entry e = entry(name);
        WorkerTask t = e.tasks.get(task);
        if (t == null) {
            throw new HerderException(HerderException.Kind.NOT_FOUND, "Task " + name + "-" + task + " not found");
        }
        return stateMap(task, t.status(), t.lastFailure(), worker.secrets(e.raw));
    }

    private Map<String, Object> stateMap(Integer id, Status s, String lastFailure, List<String> secrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        State state = s.state() == State.UNASSIGNED && id == null ? State.UNASSIGNED : s.state();
        m.put("state", state.name());
        m.put("worker_id", worker.workerId());
        if (s.trace() != null) {
            m.put("trace", mask(s.trace(), secrets));
        }
        // Runnel's additions: how often the task was restarted, and why it last failed.
        if (id != null && s.restarts() > 0) {
            m.put("restarts", s.restarts());
        }
        if (id != null && lastFailure != null && s.trace() == null) {
            m.put("last_trace", mask(lastFailure, secrets));
        }
        return m;
    }

    static String mask(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, HIDDEN);
        }
        return out;
    }

    private static String type(Entry e) {
        return e.plugin.type() == PluginType.SINK ? "sink" : "source";
    }

    public synchronized boolean isSink(String name) {
        return entry(name).plugin.type() == PluginType.SINK;
    }

    /** Requires the connector to be STOPPED, as Apache's offset endpoints do. */
    public synchronized void requireStopped(String name) {
        Entry e = entry(name);
        if (e.target != TargetState.STOPPED) {
            throw HerderException.badRequest(
                    "Connectors must be in the STOPPED state before their offsets can be modified. This can be done "
                            + "for the specified connector by issuing a 'PUT' request to the '/connectors/" + name
                            + "/stop' endpoint");
        }
    }

    public synchronized Map<String, Object> offsets(String name) {
        Entry e = entry(name);
        return offsets.get(name, e.plugin.type() == PluginType.SINK);
    }

    public synchronized void alterOffsets(String name, List<Map<String, Object>> changes) {
        requireStopped(name);
        offsets.alter(name, isSink(name), changes);
    }

    public synchronized void resetOffsets(String name) {
        requireStopped(name);
        offsets.reset(name, isSink(name));
    }

    public Map<String, Object> validate(Map<String, String> config) {
        return ConfigValidation.validate(worker, config);
    }

    private Map<String, Object> info(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name);
        m.put("config", new LinkedHashMap<>(e.raw));
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            tasks.add(taskId(e.name, i));
        }
        m.put("tasks", tasks);
        m.put("type", type(e));
        return m;
    }

    private static Map<String, Object> taskId(String connector, int task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connector", connector);
        m.put("task", task);
        return m;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        callbacks.shutdownNow();
        for (Entry e : connectors.values()) {
            stopAll(e);
        }
        connectors.clear();
    }

    @Override
    public String toString() {
        return "StandaloneHerder" + Objects.toString(connectors.keySet());
    }
}
