package io.runnel.broker.config;

/** Where an effective configuration value comes from, with the codes DescribeConfigs uses (v1+). */
public enum ConfigSource {
    UNKNOWN(0),
    TOPIC_CONFIG(1),
    DYNAMIC_BROKER_CONFIG(2),
    DYNAMIC_DEFAULT_BROKER_CONFIG(3),
    STATIC_BROKER_CONFIG(4),
    DEFAULT_CONFIG(5),
    DYNAMIC_BROKER_LOGGER_CONFIG(6),
    CLIENT_METRICS_CONFIG(7),
    GROUP_CONFIG(8);

    public final byte code;

    ConfigSource(int code) {
        this.code = (byte) code;
    }
}
