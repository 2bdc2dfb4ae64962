package io.runnel.server;

import io.runnel.common.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node's configuration split by part: keys under {@code runnel.connect.} belong to the Connect worker (the
 * prefix removed, so {@code runnel.connect.plugin.path} is the worker's {@code plugin.path}; its own
 * {@code runnel.connect.task.restart.*} keys keep their names), keys under {@code runnel.registry.} to the schema
 * registry, and every other key to the broker, whose definition rejects keys it does not know. The switches
 * {@code runnel.connect.enable} and {@code runnel.registry.enable} are read here.
 *
 * <p>Immutable.
 */
record NodeProperties(
        Map<String, String> broker, boolean connectEnabled, Map<String, String> connect, Map<String, String> registry) {

    static final String CONNECT_PREFIX = "runnel.connect.";
    static final String CONNECT_ENABLE = CONNECT_PREFIX + "enable";
    static final String REGISTRY_PREFIX = "runnel.registry.";

    /** Splits {@code properties}; an invalid {@code runnel.connect.enable} names the key. */
    static NodeProperties split(Map<String, String> properties) {
        Map<String, String> broker = new LinkedHashMap<>();
        Map<String, String> connect = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        String connectEnable = "false";
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.equals(CONNECT_ENABLE)) {
                connectEnable = e.getValue().trim();
            } else if (key.startsWith(CONNECT_PREFIX + "task.restart.")) {
                connect.put(key, e.getValue());
            } else if (key.startsWith(CONNECT_PREFIX)) {
                connect.put(key.substring(CONNECT_PREFIX.length()), e.getValue());
            } else if (key.startsWith(REGISTRY_PREFIX)) {
                registry.put(key, e.getValue());
            } else {
                broker.put(key, e.getValue());
            }
        }
        if (!connectEnable.equalsIgnoreCase("true") && !connectEnable.equalsIgnoreCase("false")) {
            throw new ConfigException(CONNECT_ENABLE, connectEnable, "expected true or false");
        }
        return new NodeProperties(
                Map.copyOf(broker), Boolean.parseBoolean(connectEnable), Map.copyOf(connect), Map.copyOf(registry));
    }
}
