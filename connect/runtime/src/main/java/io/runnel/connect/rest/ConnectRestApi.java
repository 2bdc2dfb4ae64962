package io.runnel.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.connect.herder.HerderException;
import io.runnel.connect.herder.StandaloneHerder;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.worker.TargetState;
import io.runnel.rest.RestException;
import io.runnel.rest.RestHandler;
import io.runnel.rest.RestResponse;
import io.runnel.rest.RestServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect's REST API with Apache Connect's paths, status codes and JSON shapes: {@code /}, {@code /health},
 * {@code /connectors} (with {@code ?expand=status|info}), per connector {@code config}, {@code status},
 * {@code tasks}, {@code restart}, {@code pause}, {@code resume}, {@code stop}, {@code offsets}, {@code topics},
 * {@code /connector-plugins} and its {@code config}/{@code config/validate}, and {@code /admin/loggers}. A
 * {@link HerderException} becomes its status in {@link #status}, the one place kinds map to HTTP codes. Stateless
 * apart from the herder; thread-safe.
 */
public final class ConnectRestApi {

    public static final String VERSION = ConnectRestApi.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT"
            : ConnectRestApi.class.getPackage().getImplementationVersion();

    private final StandaloneHerder herder;
    private final String clusterId;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Loggers loggers = new Loggers();

    public ConnectRestApi(StandaloneHerder herder, String clusterId) {
        this.herder = herder;
        this.clusterId = clusterId;
    }

    /** The HTTP status of each kind of refusal. */
    static int status(HerderException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, CONFLICT -> 409;
            case BAD_REQUEST -> 400;
        };
    }

    private RestHandler h(RestHandler inner) {
        return req -> {
            try {
                return inner.handle(req);
            } catch (HerderException e) {
                throw new RestException(status(e.kind()), e.getMessage());
            } catch (org.apache.kafka.common.config.ConfigException e) {
                throw RestException.badRequest(e.getMessage());
            }
        };
    }

    public RestServer.Builder routes(RestServer.Builder b) {
        b.get("/", h(req -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", VERSION);
            m.put("commit", "runnel");
            m.put("kafka_cluster_id", clusterId);
            return RestResponse.ok(m);
        }));
        b.get(
                "/health",
                h(req -> RestResponse.ok(Map.of(
                        "status",
                        "healthy",
                        "message",
                        "Worker has completed startup and is ready to handle requests."))));
        b.get("/connectors", h(req -> {
            List<String> expand = req.queryParams("expand");
            List<String> names = herder.connectorNames();
            if (expand.isEmpty()) {
                return RestResponse.ok(names);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String n : names) {
                Map<String, Object> one = new LinkedHashMap<>();
                try {
                    if (expand.contains("status")) {
                        one.put("status", herder.status(n));
                    }
                    if (expand.contains("info")) {
                        one.put("info", herder.connectorInfo(n));
                    }
                } catch (HerderException e) {
                    continue; // deleted meanwhile
                }
                out.put(n, one);
            }
            return RestResponse.ok(out);
        }));
        b.post("/connectors", h(req -> {
            JsonNode body = req.json();
            if (!body.isObject()) {
                throw RestException.badRequest("Request body must be a JSON object with name and config");
            }
            JsonNode name = body.get("name");
            if (name == null || name.isNull() || !name.isTextual()) {
                throw RestException.badRequest("Connector name is required");
            }
            Map<String, String> config = configOf(body.get("config"));
            TargetState initial = initialState(body.get("initial_state"));
            StandaloneHerder.Created c = herder.putConnector(name.asText().trim(), config, initial, false);
            return RestResponse.created(c.info());
        }));
        b.get("/connectors/{name}", h(req -> RestResponse.ok(herder.connectorInfo(req.pathParam("name")))));
        b.delete("/connectors/{name}", h(req -> {
            herder.deleteConnector(req.pathParam("name"));
            return RestResponse.noContent();
        }));
        b.get("/connectors/{name}/config", h(req -> RestResponse.ok(herder.connectorConfig(req.pathParam("name")))));
        b.put("/connectors/{name}/config", h(req -> {
            Map<String, String> config = configOf(req.json());
            StandaloneHerder.Created c = herder.putConnector(req.pathParam("name"), config, TargetState.RUNNING, true);
            return new RestResponse(c.created() ? 201 : 200, c.info());
        }));
        b.patch("/connectors/{name}/config", h(req -> {
            String name = req.pathParam("name");
            Map<String, String> merged = herder.connectorConfig(name);
            JsonNode patch = req.json();
            if (!patch.isObject()) {
                throw RestException.badRequest("Request body must be a JSON object");
            }
            Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNull()) {
                    merged.remove(f.getKey());
                } else {
                    merged.put(
                            f.getKey(),
                            f.getValue().isTextual()
                                    ? f.getValue().asText()
                                    : f.getValue().toString());
                }
            }
            return RestResponse.ok(
                    herder.putConnector(name, merged, TargetState.RUNNING, true).info());
        }));
        b.get("/connectors/{name}/status", h(req -> RestResponse.ok(herder.status(req.pathParam("name")))));
        b.get("/connectors/{name}/tasks", h(req -> RestResponse.ok(herder.taskConfigs(req.pathParam("name")))));
        b.get(
                "/connectors/{name}/tasks/{task}/status",
                h(req -> RestResponse.ok(herder.taskStatus(req.pathParam("name"), taskNumber(req.pathParam("task"))))));
        b.post("/connectors/{name}/tasks/{task}/restart", h(req -> {
            herder.restartTask(req.pathParam("name"), taskNumber(req.pathParam("task")));
            return RestResponse.noContent();
        }));
        b.post("/connectors/{name}/restart", h(req -> {
            boolean includeTasks = req.booleanQueryParam("includeTasks", false);
            boolean onlyFailed = req.booleanQueryParam("onlyFailed", false);
            Map<String, Object> status = herder.restart(req.pathParam("name"), includeTasks, onlyFailed);
            if (!includeTasks && !onlyFailed) {
                return RestResponse.noContent();
            }
            return RestResponse.accepted(status);
        }));
        b.put("/connectors/{name}/pause", h(req -> {
            herder.pause(req.pathParam("name"));
            return RestResponse.accepted(null);
        }));
        b.put("/connectors/{name}/resume", h(req -> {
            herder.resume(req.pathParam("name"));
            return RestResponse.accepted(null);
        }));
        b.put("/connectors/{name}/stop", h(req -> {
            herder.stop(req.pathParam("name"));
            return RestResponse.noContent();
        }));
        b.get("/connectors/{name}/offsets", h(req -> RestResponse.ok(herder.offsets(req.pathParam("name")))));
        b.patch("/connectors/{name}/offsets", h(req -> {
            JsonNode body = req.json();
            JsonNode offsets = body.get("offsets");
            if (offsets == null || !offsets.isArray()) {
                throw RestException.badRequest("Request body must contain an 'offsets' array");
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (JsonNode o : offsets) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = mapper.convertValue(o, Map.class);
                list.add(m);
            }
            herder.alterOffsets(req.pathParam("name"), list);
            return RestResponse.ok(Map.of("message", "The offsets for this connector have been altered successfully"));
        }));
        b.delete("/connectors/{name}/offsets", h(req -> {
            herder.resetOffsets(req.pathParam("name"));
            return RestResponse.ok(Map.of("message", "The offsets for this connector have been reset successfully"));
        }));
        b.get("/connectors/{name}/topics", h(req -> {
            String name = req.pathParam("name");
            Map<String, String> config = herder.connectorConfig(name);
            List<String> topics = new ArrayList<>();
            for (String key : List.of("topic", "topics")) {
                String v = config.get(key);
                if (v != null) {
                    for (String t : v.split(",")) {
                        if (!t.isBlank()) {
                            topics.add(t.trim());
                        }
                    }
                }
            }
            return RestResponse.ok(Map.of(name, Map.of("topics", topics)));
        }));
        b.get("/connector-plugins", h(req -> {
            boolean connectorsOnly = req.booleanQueryParam("connectorsOnly", true);
            List<Map<String, Object>> out = new ArrayList<>();
            for (PluginDesc d : herder.worker().plugins().all()) {
                if (connectorsOnly && !d.type().isConnector()) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("class", d.className());
                m.put("type", d.type().restName());
                m.put("version", d.version());
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
            return RestResponse.ok(out);
        }));
        b.get("/connector-plugins/{plugin}/config", h(req -> {
            PluginDesc d = plugin(req.pathParam("plugin"));
            Map<String, String> probe = new LinkedHashMap<>();
            probe.put("connector.class", d.className());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> configs =
                    (List<Map<String, Object>>) herder.validate(probe).get("configs");
            List<Object> defs = new ArrayList<>();
            for (Map<String, Object> c : configs) {
                if (c.get("definition") != null) {
                    defs.add(c.get("definition"));
                }
            }
            return RestResponse.ok(defs);
        }));
        b.put("/connector-plugins/{plugin}/config/validate", h(req -> {
            String plugin = req.pathParam("plugin");
            Map<String, String> config = configOf(req.json());
            String cls = config.get("connector.class");
            if (cls == null) {
                throw RestException.badRequest("Connector config " + config.keySet() + " contains no connector type");
            }
            PluginDesc byPath = plugin(plugin);
            PluginDesc byConfig = plugin(cls);
            if (!byPath.className().equals(byConfig.className())) {
                throw RestException.badRequest(
                        "Included connector type " + cls + " does not match request type " + plugin);
            }
            return RestResponse.ok(herder.validate(config));
        }));
        loggers.routes(b);
        return b;
    }

    private PluginDesc plugin(String name) {
        try {
            return herder.worker().plugins().resolve(name, EnumSet.of(PluginType.SOURCE, PluginType.SINK));
        } catch (PluginNotFoundException e) {
            throw RestException.notFound(e.getMessage());
        }
    }

    private static int taskNumber(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw RestException.notFound("Task " + s + " not found");
        }
    }

    private static TargetState initialState(JsonNode n) {
        if (n == null || n.isNull()) {
            return TargetState.RUNNING;
        }
        try {
            return TargetState.valueOf(n.asText().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("initial_state must be one of RUNNING, PAUSED, STOPPED, not " + n);
        }
    }

    private static Map<String, String> configOf(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw RestException.badRequest("Connector config must be a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = config.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                out.put(f.getKey(), null);
            } else {
                out.put(f.getKey(), v.isTextual() ? v.asText() : v.toString());
            }
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }
}
