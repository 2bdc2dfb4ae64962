package io.runnel.metadata;

import io.runnel.common.config.ConfigException;
import java.util.Map;
import java.util.Set;

/** Knows the topic-level configuration keys and checks values for them. Implementations are thread-safe. */
public interface TopicConfigValidator {

    /** Every topic-level key. */
    Set<String> names();

    /**
     * Checks a topic's complete set of overrides.
     *
     * @throws ConfigException naming the first unknown key or invalid value
     */
    void validate(Map<String, String> overrides);
}
