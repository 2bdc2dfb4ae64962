package io.runnel.cli;

import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * One line of {@code configs --describe}, as Kafka's {@code kafka-configs.sh} prints it: two spaces, then
 * {@code name=value sensitive=false synonyms={SOURCE:name=value, …}} with the synonyms in the broker's order
 * (the value in effect first). A sensitive value the broker withholds prints as {@code null}.
 *
 * <p>Stateless.
 */
final class ConfigReport {

    private ConfigReport() {}

    static String entryLine(ConfigEntry e) {
        String synonyms = e.synonyms().stream()
                .map(s -> s.source() + ":" + s.name() + "=" + s.value())
                .collect(Collectors.joining(", "));
        return "  " + e.name() + "=" + e.value() + " sensitive=" + e.isSensitive() + " synonyms={" + synonyms + "}";
    }
}
