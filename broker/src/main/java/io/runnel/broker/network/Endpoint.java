package io.runnel.broker.network;

import io.runnel.common.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One listener: {@code NAME://host:port}, as Kafka's {@code listeners} and {@code advertised.listeners} write it.
 * An empty host binds every interface. Immutable.
 */
public record Endpoint(String listenerName, String host, int port) {

    /** Parses a comma-separated listener list; names must be unique. */
    public static List<Endpoint> parseList(String configName, String value) {
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return endpoints;
        }
        for (String part : value.split(",")) {
            Endpoint e = parse(configName, part.trim());
            if (!names.add(e.listenerName())) {
                throw new ConfigException(configName, value, "listener name " + e.listenerName() + " is repeated");
            }
            endpoints.add(e);
        }
        return endpoints;
    }

    static Endpoint parse(String configName, String text) {
        int sep = text.indexOf("://");
        int colon = text.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new ConfigException(configName, text, "expected NAME://host:port");
        }
        String name = text.substring(0, sep).toUpperCase(Locale.ROOT);
        String host = text.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(configName, text, "port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(configName, text, "port out of range");
        }
        return new Endpoint(name, host, port);
    }

    @Override
    public String toString() {
        return listenerName + "://" + host + ":" + port;
    }
}
