package io.runnel.connect.herder;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.plugins.LoaderSwap;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.worker.Converters;
import io.runnel.connect.worker.TransformationChain;
import io.runnel.connect.worker.Worker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;

/**
 * Validates a connector configuration as Apache Connect's {@code PUT /connector-plugins/{p}/config/validate} does:
 * the common definitions (sink ones for sinks) and the connector's own {@code config()}/{@code validate()}, plus the
 * checks a connector cannot make itself (its converters and transforms resolve, a sink names exactly one of
 * {@code topics}/{@code topics.regex}). The result has Apache's shape: {@code name}, {@code error_count},
 * {@code groups}, {@code configs[{definition, value}]}. Values shown are the raw ones, never those a config provider
 * resolved. Stateless; thread-safe.
 */
final class ConfigValidation {

    private ConfigValidation() {}

    /** The validation result, or a 400 when the connector class cannot be found. */
    static Map<String, Object> validate(Worker worker, Map<String, String> raw) {
        String cls = raw.get(ConnectorConfig.CONNECTOR_CLASS);
        if (cls == null || cls.isBlank()) {
            throw HerderException.badRequest("Connector config " + raw.keySet() + " contains no connector type");
        }
        PluginDesc plugin;
        try {
            plugin = worker.connectorPlugin(cls);
        } catch (PluginNotFoundException e) {
            List<String> available = new ArrayList<>();
            worker.plugins().ofType(PluginType.SOURCE).forEach(d -> available.add(d.className()));
            worker.plugins().ofType(PluginType.SINK).forEach(d -> available.add(d.className()));
            throw HerderException.badRequest(e.getMessage() + ", available connectors are: " + available);
        }
        Map<String, String> resolved = worker.resolve(raw);
        boolean sink = plugin.type() == PluginType.SINK;
        ConfigDef base = sink ? ConnectorConfig.sink() : ConnectorConfig.common();
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        Map<String, ConfigDef.ConfigKey> keys = new LinkedHashMap<>(base.configKeys());
        for (ConfigValue v : base.validate(resolved)) {
            values.put(v.name(), v);
        }
        Connector connector = worker.plugins().newInstance(plugin, Connector.class);
        try (LoaderSwap ignored = LoaderSwap.to(plugin.loader())) {
            ConfigDef own = connector.config();
            if (own != null) {
                own.configKeys().forEach(keys::putIfAbsent);
                for (ConfigValue v : connector.validate(resolved).configValues()) {
                    ConfigValue existing = values.get(v.name());
                    if (existing == null) {
                        values.put(v.name(), v);
                    } else {
                        v.errorMessages().forEach(existing::addErrorMessage);
                    }
                }
            }
        } catch (RuntimeException e) {
            addError(values, ConnectorConfig.CONNECTOR_CLASS, "The connector failed to validate: " + e);
        }
        if (sink) {
            boolean topics =
                    !ConnectorConfig.list(resolved.get(ConnectorConfig.TOPICS)).isEmpty();
            boolean regex =
                    !resolved.getOrDefault(ConnectorConfig.TOPICS_REGEX, "").isBlank();
            if (topics == regex) {
                String msg = topics
                        ? "topics and topics.regex are mutually exclusive options, but both are set."
                        : "Must configure one of topics or topics.regex";
                addError(values, ConnectorConfig.TOPICS, msg);
                addError(values, ConnectorConfig.TOPICS_REGEX, msg);
            }
        }
        try {
            Converters.build(resolved, worker.config(), worker.plugins());
        } catch (RuntimeException e) {
            addError(values, ConnectorConfig.VALUE_CONVERTER, e.getMessage());
        }
        try {
            TransformationChain.build(resolved, worker.plugins()).close();
        } catch (RuntimeException e) {
            addError(values, ConnectorConfig.TRANSFORMS, e.getMessage());
        }
        return shape(plugin.className(), keys, values, raw);
    }

    private static void addError(Map<String, ConfigValue> values, String name, String message) {
        values.computeIfAbsent(name, ConfigValue::new).addErrorMessage(message);
    }

    /** Every error, as {@code key: message} lines, for the 400 of a create. */
    static List<String> errors(Map<String, Object> result) {
        List<String> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> configs = (List<Map<String, Object>>) result.get("configs");
        for (Map<String, Object> c : configs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) c.get("value");
            @SuppressWarnings("unchecked")
            List<String> errs = (List<String>) value.get("errors");
            for (String e : errs) {
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, Object> shape(
            String className,
            Map<String, ConfigDef.ConfigKey> keys,
            Map<String, ConfigValue> values,
            Map<String, String> raw) {
        Set<String> groups = new LinkedHashSet<>();
        List<Map<String, Object>> configs = new ArrayList<>();
        int errorCount = 0;
        Set<String> names = new LinkedHashSet<>(keys.keySet());
        names.addAll(values.keySet());
        for (String name : names) {
            ConfigDef.ConfigKey key = keys.get(name);
            ConfigValue v = values.getOrDefault(name, new ConfigValue(name));
            Map<String, Object> entry = new LinkedHashMap<>();
            if (key != null) {
                if (key.group != null) {
                    groups.add(key.group);
                }
                Map<String, Object> def = new LinkedHashMap<>();
                def.put("name", key.name);
                def.put("type", key.type.name());
                def.put("required", !key.hasDefault());
                def.put("default_value", key.hasDefault() ? defaultString(key) : null);
                def.put("importance", key.importance == null ? null : key.importance.name());
                def.put("documentation", key.documentation);
                def.put("group", key.group);
                def.put("width", key.width == null ? "NONE" : key.width.name());
                def.put("display_name", key.displayName);
                def.put("dependents", key.dependents);
                def.put("order", key.orderInGroup);
                entry.put("definition", def);
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("name", name);
            value.put(
                    "value",
                    raw.containsKey(name)
                            ? raw.get(name)
                            : key != null && key.hasDefault() ? defaultString(key) : null);
            List<String> recommended = new ArrayList<>();
            v.recommendedValues().forEach(o -> recommended.add(String.valueOf(o)));
            value.put("recommended_values", recommended);
            value.put("errors", new ArrayList<>(v.errorMessages()));
            value.put("visible", v.visible());
            errorCount += v.errorMessages().size();
            entry.put("value", value);
            configs.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", className);
        out.put("error_count", errorCount);
        out.put("groups", new ArrayList<>(groups));
        out.put("configs", configs);
        return out;
    }

    private static String defaultString(ConfigDef.ConfigKey key) {
        return key.defaultValue == null ? null : ConfigDef.convertToString(key.defaultValue, key.type);
    }

    static Map<String, String> copy(Map<String, String> m) {
        return new HashMap<>(m);
    }
}
