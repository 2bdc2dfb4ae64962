package io.runnel.broker.api;

/** The resource types of the config APIs, with their codes on the wire. */
enum ConfigResourceType {
    UNKNOWN(0),
    TOPIC(2),
    BROKER(4),
    BROKER_LOGGER(8),
    CLIENT_METRICS(16),
    GROUP(32);

    final byte code;

    ConfigResourceType(int code) {
        this.code = (byte) code;
    }

    static ConfigResourceType forCode(byte code) {
        for (ConfigResourceType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
