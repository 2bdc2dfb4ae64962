package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/runnel server} as users run it: a clean SIGTERM shutdown, a fast restart, and bad configuration. */
class ServerLifecycleIT {

    @TempDir
    Path tmp;

    @Test
    void sigtermShutsDownCleanlyAndTheRestartNeedsNoRecovery() throws Exception {
        int port = RunnelProcess.freePort();
        Path data = tmp.resolve("data");
        try (RunnelProcess server = new RunnelProcess(data, port, List.of()).start(Duration.ofSeconds(60))) {
            Properties p = new Properties();
            p.put("bootstrap.servers", server.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1)))
                        .all()
                        .get();
            }
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", StringSerializer.class.getName());
            p.put("acks", "1");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 500; i++) {
                    producer.send(new ProducerRecord<>("kept", Integer.toString(i), "v" + i));
                }
            }
            server.stop(Duration.ofSeconds(30));
            assertThat(server.log())
                    .contains("shutting down")
                    .contains("(clean)")
                    .contains("shut down");

            server.start(Duration.ofSeconds(60));
            assertThat(server.log()).contains("after a clean shutdown");
            Properties c = new Properties();
            c.put("bootstrap.servers", server.bootstrapServers());
            c.put("key.deserializer", StringDeserializer.class.getName());
            c.put("value.deserializer", StringDeserializer.class.getName());
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                List<TopicPartition> tps = List.of(new TopicPartition("kept", 0), new TopicPartition("kept", 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                Await.until(Duration.ofSeconds(60), "500 records after the restart", () -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return records.size() >= 500;
                });
            }
            assertThat(records).hasSize(500);
        }
    }

    @Test
    void anUnknownOrInvalidKeyStopsStartupWithOneLineNamingIt() throws Exception {
        Path home = RunnelProcess.runnelHome();
        for (String[] bad :
                new String[][] {{"num.partitons=3", "num.partitons"}, {"num.partitions=zero", "num.partitions"}}) {
            ProcessBuilder pb = new ProcessBuilder(
                    home.resolve("bin/runnel").toString(),
                    "server",
                    "--data-dir",
                    tmp.resolve("d").toString(),
                    "--set",
                    bad[0]);
            pb.environment().put("RUNNEL_NO_BUILD", "1");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isEqualTo(2);
            assertThat(out.strip().lines()).hasSize(1);
            assertThat(out).contains(bad[1]).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void prepareRecordsAStartUpClassArchiveThatTheNextServerMaps() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
                "this JDK ships no default CDS archive, which a dynamic archive builds on");
        Path home = RunnelProcess.runnelHome();
        Path jsa = home.resolve("server/target/runnel.jsa");
        Files.deleteIfExists(jsa);
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/runnel").toString(), "prepare");
        pb.environment().put("RUNNEL_NO_BUILD", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("prepare.log").toFile());
        Process prepare = pb.start();
        assertThat(prepare.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(prepare.exitValue()).isZero();
        assertThat(jsa).as(Files.readString(tmp.resolve("prepare.log"))).isNotEmptyFile();

        // -Xshare:on (after the launcher's -Xshare:auto) makes the JVM refuse to start if it cannot map the archive.
        try (RunnelProcess server = new RunnelProcess(tmp.resolve("cds-data"), RunnelProcess.freePort(), List.of())
                .env("RUNNEL_JVM_OPTS", "-Xshare:on")
                .start(Duration.ofSeconds(60))) {
            Properties p = new Properties();
            p.put("bootstrap.servers", server.bootstrapServers());
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                assertThat(producer.send(new ProducerRecord<>("after-cds", "k", "v"))
                                .get(60, TimeUnit.SECONDS)
                                .offset())
                        .isZero();
            }
        }
    }
}
