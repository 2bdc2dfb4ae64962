package io.runnel.server.faults;

import static io.runnel.server.faults.FaultTestSupport.createTopic;
import static io.runnel.server.faults.FaultTestSupport.producer;
import static io.runnel.server.faults.FaultTestSupport.readAll;
import static io.runnel.server.faults.FaultTestSupport.startBroker;
import static io.runnel.server.faults.FaultTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.Broker;
import io.runnel.storage.io.Disk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A running broker on a disk that fails under it, driven by the real producer and consumer. */
@Timeout(120)
class BrokerDiskFaultTest {

    private static final String TOPIC = "faults";

    @TempDir
    Path dataDir;

    private final FaultInjectingDisk disk = new FaultInjectingDisk();
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown();
        }
    }

    private static long send(KafkaProducer<String, String> producer, String value) throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(TOPIC, value)).get(30, TimeUnit.SECONDS);
        return m.offset();
    }

    @Test
    void aFailedFsyncInDurableModeIsNotAcknowledgedTakesThePartitionOfflineAndLosesNothingAcknowledged()
            throws Exception {
        broker = startBroker(dataDir, disk, Map.of("runnel.acks.all.durable", "true"));
        createTopic(broker, TOPIC);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int i = 0; i < 10; i++) {
                assertThat(send(producer, "acked-" + i)).isEqualTo(i);
            }
            disk.failForces();
            assertThatThrownBy(() -> send(producer, "not-acked"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(KafkaStorageException.class);
            assertThat(disk.failedForces()).isPositive();
            // The partition is offline: later appends fail too, without touching the disk.
            assertThatThrownBy(() -> send(producer, "after"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(KafkaStorageException.class);
            assertThat(broker.replicaManager().partition(TOPIC, 0).log().isOffline())
                    .isTrue();
        }
        broker.shutdown();

        // A restart on a healthy disk recovers the partition with every acknowledged record.
        broker = startBroker(dataDir, Disk.LOCAL, Map.of("runnel.acks.all.durable", "true"));
        List<String> read = readAll(broker, TOPIC, 10);
        assertThat(read.subList(0, 10)).containsExactlyElementsOf(values("acked-", 0, 10));
        // The batch whose fsync failed was never acknowledged; it may or may not have reached the file.
        assertThat(read.subList(10, read.size())).isSubsetOf("not-acked");
    }

    @Test
    void aFullDiskFailsProduceWithKafkaStorageErrorLosesNothingAndTheBrokerRecoversWhenSpaceReturns() throws Exception {
        broker = startBroker(dataDir, disk, Map.of());
        createTopic(broker, TOPIC);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int i = 0; i < 10; i++) {
                assertThat(send(producer, "before-" + i)).isEqualTo(i);
            }
            disk.fillUp();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> send(producer, "no-space"))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(KafkaStorageException.class);
            }
            assertThat(disk.rejectedWrites()).isGreaterThanOrEqualTo(3);

            disk.freeSpace();
            // Appends resume right after the acknowledged ones: nothing of the failed ones was left behind.
            for (int i = 0; i < 10; i++) {
                assertThat(send(producer, "after-" + i)).isEqualTo(10 + i);
            }
        }
        List<String> expected = values("before-", 0, 10);
        expected.addAll(values("after-", 0, 10));
        assertThat(readAll(broker, TOPIC, 20)).containsExactlyElementsOf(expected);
    }
}
