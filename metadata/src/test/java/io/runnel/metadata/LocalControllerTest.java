package io.runnel.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.Errors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalControllerTest {

    private static final TopicConfigValidator VALIDATOR = new TopicConfigValidator() {
        @Override
        public Set<String> names() {
            return Set.of("retention.ms");
        }

        @Override
        public void validate(Map<String, String> overrides) {
            for (String key : overrides.keySet()) {
                if (!names().contains(key)) {
                    throw new ConfigException("Unknown topic config name: " + key);
                }
            }
        }
    };

    private static final LocalController.Defaults DEFAULTS = new LocalController.Defaults(3, (short) 1, true);

    @TempDir
    Path dir;

    private Controller open() throws Exception {
        return new LocalController(1, dir.resolve("cluster-metadata.log"), VALIDATOR, DEFAULTS);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReopenedControllerReplaysTopicsConfigsAndBrokersFromItsLog() throws Exception {
        TopicImage created;
        try (Controller controller = open()) {
            created = await(controller.createTopic(
                    new NewTopic("orders", -1, (short) -1, Map.of(), Map.of("retention.ms", "1000")), false));
            await(controller.alterConfigs(
                    "broker", "1", Map.of("log.retention.ms", "5"), false, false, overrides -> {}));
            await(controller.registerBroker(new BrokerRegistration(
                    1, "rack-a", List.of(new BrokerRegistration.Listener("PLAINTEXT", "localhost", 9092)))));
        }
        try (Controller reopened = open()) {
            MetadataImage image = reopened.image();
            assertThat(image.topic("orders")).isEqualTo(created);
            assertThat(image.topic("orders").partitions()).hasSize(3);
            assertThat(image.topic("orders").configs()).containsEntry("retention.ms", "1000");
            assertThat(image.configs("broker", "1")).containsEntry("log.retention.ms", "5");
            assertThat(image.brokers().get(1).rack()).isEqualTo("rack-a");
            assertThat(image.brokers().get(1).listeners())
                    .containsExactly(new BrokerRegistration.Listener("PLAINTEXT", "localhost", 9092));
        }
    }

    @Test
    void registeringAnUnchangedBrokerAppendsNothingButAChangedOneReplacesIt() throws Exception {
        try (Controller controller = open()) {
            BrokerRegistration first =
                    new BrokerRegistration(1, null, List.of(new BrokerRegistration.Listener("PLAINTEXT", "h", 1)));
            await(controller.registerBroker(first));
            long offset = controller.image().offset();
            await(controller.registerBroker(first));
            assertThat(controller.image().offset()).isEqualTo(offset);

            BrokerRegistration moved =
                    new BrokerRegistration(1, null, List.of(new BrokerRegistration.Listener("PLAINTEXT", "h", 2)));
            await(controller.registerBroker(moved));
            assertThat(controller.image().brokers()).containsExactly(Map.entry(1, moved));
        }
    }

    @Test
    void creatingATopicThatExistsFailsWithTopicAlreadyExistsAndChangesNothing() throws Exception {
        try (Controller controller = open()) {
            await(controller.createTopic(new NewTopic("t", 1, (short) -1, Map.of(), Map.of()), false));
            long offset = controller.image().offset();
            assertThatThrownBy(() ->
                            await(controller.createTopic(new NewTopic("t", 2, (short) -1, Map.of(), Map.of()), false)))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS));
            assertThat(controller.image().offset()).isEqualTo(offset);
            assertThat(controller.image().topic("t").partitions()).hasSize(1);
        }
    }

    @Test
    void anUnknownTopicConfigIsRefusedWithInvalidConfigNamingTheKey() throws Exception {
        try (Controller controller = open()) {
            assertThatThrownBy(() -> await(controller.createTopic(
                            new NewTopic("t", 1, (short) -1, Map.of(), Map.of("no.such.key", "1")), false)))
                    .cause()
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.error()).isEqualTo(Errors.INVALID_CONFIG);
                        assertThat(e.getMessage()).contains("no.such.key");
                    });
            assertThat(controller.image().topic("t")).isNull();
        }
    }
}
