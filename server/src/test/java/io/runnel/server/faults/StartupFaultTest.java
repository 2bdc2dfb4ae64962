package io.runnel.server.faults;

import static io.runnel.server.faults.FaultTestSupport.createTopic;
import static io.runnel.server.faults.FaultTestSupport.producer;
import static io.runnel.server.faults.FaultTestSupport.readAll;
import static io.runnel.server.faults.FaultTestSupport.startBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.Broker;
import io.runnel.server.ComponentStartException;
import io.runnel.storage.io.Disk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a broker does when its data directory is taken or its metadata log is damaged. */
@Timeout(120)
class StartupFaultTest {

    @TempDir
    Path dataDir;

    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown();
        }
    }

    @Test
    void aSecondBrokerOnTheSameDataDirectoryRefusesToStartNamingTheLockAndTheFirstKeepsServing() throws Exception {
        broker = startBroker(dataDir, Disk.LOCAL, Map.of());
        createTopic(broker, "owned");

        assertThatThrownBy(() -> startBroker(dataDir, Disk.LOCAL, Map.of()))
                .isInstanceOf(ComponentStartException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.toAbsolutePath().toString())
                .hasMessageContaining(dataDir.resolve(".lock").toAbsolutePath().toString())
                .hasMessageContaining("in use by another");

        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>("owned", "still-mine")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll(broker, "owned", 1)).containsExactly("still-mine");
    }

    @Test
    void aCorruptRecordInTheMetadataLogStopsStartUpNamingTheFileAndOffsetAndChangesNothing() throws Exception {
        broker = startBroker(dataDir, Disk.LOCAL, Map.of());
        createTopic(broker, "first");
        createTopic(broker, "second");
        broker.shutdown();
        broker = null;

        Path metadata = dataDir.resolve("cluster-metadata.log");
        byte[] bytes = Files.readAllBytes(metadata);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int firstLineEnd = text.indexOf('\n');
        assertThat(firstLineEnd).isPositive();
        int secondLineEnd = text.indexOf('\n', firstLineEnd + 1);
        assertThat(secondLineEnd).as("more than one record").isPositive();
        // Damage one byte of the second record's JSON (its checksum no longer matches).
        int damaged = firstLineEnd + 1 + 12;
        bytes[damaged] = (byte) (bytes[damaged] == 'x' ? 'y' : 'x');
        Files.write(metadata, bytes);

        assertThatThrownBy(() -> startBroker(dataDir, Disk.LOCAL, Map.of()))
                .hasMessageContaining(metadata.toString())
                .hasMessageContaining("offset " + (firstLineEnd + 1));
        assertThat(Files.readAllBytes(metadata))
                .as("the damaged log is left as it was")
                .isEqualTo(bytes);
    }

    @Test
    void aTornLastRecordOfTheMetadataLogIsCutAndEverythingBeforeItIsKept() throws Exception {
        broker = startBroker(dataDir, Disk.LOCAL, Map.of());
        createTopic(broker, "kept");
        broker.shutdown();
        broker = null;

        // A crash in the middle of an append leaves a last line without its end.
        Path metadata = dataDir.resolve("cluster-metadata.log");
        Files.write(metadata, "0badc0de {\"type\":\"Top".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        broker = startBroker(dataDir, Disk.LOCAL, Map.of());
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isEqualTo(Set.of("kept"));
        }
    }
}
