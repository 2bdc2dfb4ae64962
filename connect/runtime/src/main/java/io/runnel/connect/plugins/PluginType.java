package io.runnel.connect.plugins;

import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** The kinds of Connect plugins, with the interface each implements and the name the REST API shows. */
public enum PluginType {
    SOURCE(SourceConnector.class, "source"),
    SINK(SinkConnector.class, "sink"),
    CONVERTER(Converter.class, "converter"),
    HEADER_CONVERTER(HeaderConverter.class, "header_converter"),
    TRANSFORMATION(Transformation.class, "transformation"),
    PREDICATE(Predicate.class, "predicate"),
    CONFIG_PROVIDER(ConfigProvider.class, "config_provider");

    private final Class<?> superType;
    private final String restName;

    PluginType(Class<?> superType, String restName) {
        this.superType = superType;
        this.restName = restName;
    }

    public Class<?> superType() {
        return superType;
    }

    public String restName() {
        return restName;
    }

    public boolean isConnector() {
        return this == SOURCE || this == SINK;
    }
}
