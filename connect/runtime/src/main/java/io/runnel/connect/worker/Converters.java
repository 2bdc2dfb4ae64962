package io.runnel.connect.worker;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.WorkerConfig;
import io.runnel.connect.plugins.LoaderSwap;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.plugins.Plugins;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * The key, value and header converters of a task: the connector's {@code key.converter} … when set (with its
 * {@code key.converter.*} settings), else the worker's (with the worker's settings). Not thread-safe; one per task.
 */
public record Converters(Converter key, Converter value, HeaderConverter header) {

    public static Converters build(Map<String, String> connector, WorkerConfig worker, Plugins plugins) {
        Converter key = converter(connector, worker, plugins, ConnectorConfig.KEY_CONVERTER, true);
        Converter value = converter(connector, worker, plugins, ConnectorConfig.VALUE_CONVERTER, false);
        String hPrefix = ConnectorConfig.HEADER_CONVERTER;
        boolean own = connector.get(hPrefix) != null;
        String cls = own ? connector.get(hPrefix) : worker.getString(WorkerConfig.HEADER_CONVERTER);
        PluginDesc d = resolve(hPrefix, cls, PluginType.HEADER_CONVERTER, plugins);
        HeaderConverter header = plugins.newInstance(d, HeaderConverter.class);
        Map<String, String> settings =
                own ? ConnectorConfig.prefixed(connector, hPrefix + ".") : worker.prefixed(hPrefix + ".");
        settings.put("converter.type", "header");
        try (LoaderSwap ignored = LoaderSwap.to(d.loader())) {
            header.configure(settings);
        }
        return new Converters(key, value, header);
    }

    private static Converter converter(
            Map<String, String> connector, WorkerConfig worker, Plugins plugins, String prefix, boolean isKey) {
        boolean own = connector.get(prefix) != null;
        String cls = own ? connector.get(prefix) : worker.getString(prefix);
        PluginDesc d = resolve(prefix, cls, PluginType.CONVERTER, plugins);
        Converter c = plugins.newInstance(d, Converter.class);
        Map<String, String> settings =
                new HashMap<>(own ? ConnectorConfig.prefixed(connector, prefix + ".") : worker.prefixed(prefix + "."));
        try (LoaderSwap ignored = LoaderSwap.to(d.loader())) {
            c.configure(settings, isKey);
        }
        return c;
    }

    private static PluginDesc resolve(String key, String cls, PluginType type, Plugins plugins) {
        try {
            return plugins.resolve(cls, type);
        } catch (PluginNotFoundException e) {
            throw new ConfigException(key, cls, e.getMessage());
        }
    }
}
