package io.runnel.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings every connector takes besides its own, with Apache Connect's names: {@code name},
 * {@code connector.class}, {@code tasks.max}, per-connector converters, {@code transforms}, {@code predicates},
 * {@code errors.*}, and for sinks {@code topics}/{@code topics.regex} and the dead-letter queue. Also reads the
 * prefixed sub-configs of transforms, predicates and converters. Stateless; thread-safe.
 */
public final class ConnectorConfig {

    public static final String NAME = "name";
    public static final String CONNECTOR_CLASS = "connector.class";
    public static final String TASKS_MAX = "tasks.max";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String TRANSFORMS = "transforms";
    public static final String PREDICATES = "predicates";
    public static final String TOPICS = "topics";
    public static final String TOPICS_REGEX = "topics.regex";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String ERRORS_LOG_ENABLE = "errors.log.enable";
    public static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";
    public static final String DLQ_REPLICATION_FACTOR = "errors.deadletterqueue.topic.replication.factor";
    public static final String DLQ_CONTEXT_HEADERS = "errors.deadletterqueue.context.headers.enable";

    private ConnectorConfig() {}

    /** The common definitions, in the "Common" group (as {@code /config/validate} shows them). */
    public static ConfigDef common() {
        return new ConfigDef()
                .define(
                        NAME,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(),
                        Importance.HIGH,
                        "Globally unique name to use for this connector.",
                        "Common",
                        1,
                        ConfigDef.Width.MEDIUM,
                        "Connector name")
                .define(
                        CONNECTOR_CLASS,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        Importance.HIGH,
                        "Name or alias of the class for this connector.",
                        "Common",
                        2,
                        ConfigDef.Width.LONG,
                        "Connector class")
                .define(
                        TASKS_MAX,
                        Type.INT,
                        1,
                        ConfigDef.Range.atLeast(1),
                        Importance.HIGH,
                        "Maximum number of tasks to use for this connector.",
                        "Common",
                        3,
                        ConfigDef.Width.SHORT,
                        "Tasks max")
                .define(
                        KEY_CONVERTER,
                        Type.STRING,
                        null,
                        Importance.LOW,
                        "Converter of keys; the worker's when not set.",
                        "Common",
                        4,
                        ConfigDef.Width.SHORT,
                        "Key converter class")
                .define(
                        VALUE_CONVERTER,
                        Type.STRING,
                        null,
                        Importance.LOW,
                        "Converter of values; the worker's when not set.",
                        "Common",
                        5,
                        ConfigDef.Width.SHORT,
                        "Value converter class")
                .define(
                        HEADER_CONVERTER,
                        Type.STRING,
                        null,
                        Importance.LOW,
                        "Converter of header values; the worker's when not set.",
                        "Common",
                        6,
                        ConfigDef.Width.SHORT,
                        "Header converter class")
                .define(
                        TRANSFORMS,
                        Type.LIST,
                        "",
                        Importance.LOW,
                        "Aliases of the transformations to apply, in order.",
                        "Transforms",
                        1,
                        ConfigDef.Width.LONG,
                        "Transforms")
                .define(
                        PREDICATES,
                        Type.LIST,
                        "",
                        Importance.LOW,
                        "Aliases of the predicates used by the transformations.",
                        "Predicates",
                        1,
                        ConfigDef.Width.LONG,
                        "Predicates")
                .define(
                        ERRORS_TOLERANCE,
                        Type.STRING,
                        "none",
                        ConfigDef.ValidString.in("none", "all"),
                        Importance.MEDIUM,
                        "none: an error fails the task; all: records that fail are skipped.",
                        "Error Handling",
                        1,
                        ConfigDef.Width.SHORT,
                        "Error tolerance")
                .define(
                        ERRORS_LOG_ENABLE,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "Log each tolerated error.",
                        "Error Handling",
                        2,
                        ConfigDef.Width.SHORT,
                        "Log errors")
                .define(
                        DLQ_TOPIC,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Topic that records failing conversion, transforms (or, for sinks, put) go to; none when empty.",
                        "Error Handling",
                        3,
                        ConfigDef.Width.MEDIUM,
                        "Dead letter queue topic")
                .define(
                        DLQ_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) 3,
                        Importance.LOW,
                        "Replication factor of the dead-letter topic when it is created.",
                        "Error Handling",
                        4,
                        ConfigDef.Width.SHORT,
                        "Dead letter queue replication factor")
                .define(
                        DLQ_CONTEXT_HEADERS,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "Add headers describing the error to dead-letter records.",
                        "Error Handling",
                        5,
                        ConfigDef.Width.SHORT,
                        "Context headers");
    }

    /** The common definitions of a sink connector. */
    public static ConfigDef sink() {
        return common().define(
                        TOPICS,
                        Type.LIST,
                        "",
                        Importance.HIGH,
                        "Topics to consume.",
                        "Common",
                        7,
                        ConfigDef.Width.LONG,
                        "Topics")
                .define(
                        TOPICS_REGEX,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "A regular expression of the topics to consume.",
                        "Common",
                        8,
                        ConfigDef.Width.LONG,
                        "Topics regex");
    }

    /** Settings under {@code prefix}, the prefix stripped. */
    public static Map<String, String> prefixed(Map<String, String> config, String prefix) {
        Map<String, String> out = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** A comma list, trimmed, empties dropped. */
    public static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    public static int tasksMax(Map<String, String> config) {
        String v = config.get(TASKS_MAX);
        return v == null ? 1 : Integer.parseInt(v.trim());
    }

    public static boolean toleratesAll(Map<String, String> config) {
        return "all"
                .equalsIgnoreCase(config.getOrDefault(ERRORS_TOLERANCE, "none").trim());
    }
}
