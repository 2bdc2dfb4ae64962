package io.runnel.common.config;

/** A configuration value is missing, unknown, malformed or out of range. The message always names the key. */
public class ConfigException extends RuntimeException {

    private final String name;

    public ConfigException(String message) {
        super(message);
        this.name = null;
    }

    public ConfigException(String name, Object value, String reason) {
        super("Invalid value " + value + " for configuration " + name + (reason == null ? "" : ": " + reason));
        this.name = name;
    }

    /** The offending key, or null when the error is not about one key. */
    public String name() {
        return name;
    }
}
