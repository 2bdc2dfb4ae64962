package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.cli.Cli;
import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * {@code runnel console-producer} into {@code runnel console-consumer}, both in-process against a broker, with the
 * records cross-checked through plain kafka-clients.
 */
@Cluster
class ConsoleRoundTripIT {

    private static CliInvocation produce(EmbeddedCluster cluster, String input, String topic, String... rest) {
        List<String> args =
                new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers(), "--topic", topic));
        args.addAll(List.of(rest));
        CliInvocation r = CliInvocation.withInput(input, "console-producer", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Cli.OK);
        return r;
    }

    private static CliInvocation consume(EmbeddedCluster cluster, String topic, String... rest) {
        List<String> args =
                new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers(), "--topic", topic));
        args.addAll(List.of(rest));
        return CliInvocation.run("console-consumer", args.toArray(String[]::new));
    }

    /** Every record of a partition, read with a plain consumer. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedCluster cluster, String topic, int partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void keysAndHeadersSurviveTheRoundTrip(EmbeddedCluster cluster) {
        cluster.createTopic("kh", 1, Map.of());
        produce(
                cluster,
                "h1:v1,h2:v2\tuser-1\t{\"n\":1}\n-\tuser-2\tsecond\ntrace:abc\t\tthird value\n",
                "kh",
                "--property",
                "parse.key=true",
                "--property",
                "parse.headers=true",
                "--property",
                "null.marker=-");

        List<ConsumerRecord<byte[], byte[]>> stored = readAll(cluster, "kh", 0);
        assertThat(stored).hasSize(3);
        assertThat(text(stored.get(0).key())).isEqualTo("user-1");
        assertThat(text(stored.get(0).value())).isEqualTo("{\"n\":1}");
        assertThat(stored.get(0).headers().toArray()).extracting(Header::key).containsExactly("h1", "h2");
        assertThat(text(stored.get(0).headers().lastHeader("h2").value())).isEqualTo("v2");
        assertThat(stored.get(1).headers().toArray()).isEmpty();
        assertThat(stored.get(2).key()).isEmpty();

        CliInvocation consumed = consume(
                cluster,
                "kh",
                "--from-beginning",
                "--max-messages",
                "3",
                "--property",
                "print.key=true",
                "--property",
                "print.headers=true",
                "--property",
                "print.offset=true");
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(Cli.OK);
        assertThat(consumed.outLines())
                .containsExactly(
                        "Offset:0\th1:v1,h2:v2\tuser-1\t{\"n\":1}",
                        "Offset:1\tNO_HEADERS\tuser-2\tsecond",
                        "Offset:2\ttrace:abc\t\tthird value");
        assertThat(consumed.errLines()).containsExactly("Processed a total of 3 messages");
    }

    @Test
    void keysWithTheSameValueLandOnTheSamePartition(EmbeddedCluster cluster) {
        cluster.createTopic("keyed", 4, Map.of());
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            input.append("k").append(i % 5).append(':').append(i).append('\n');
        }
        produce(cluster, input.toString(), "keyed", "--property", "parse.key=true", "--property", "key.separator=:");
        CliInvocation consumed = consume(
                cluster,
                "keyed",
                "--from-beginning",
                "--max-messages",
                "40",
                "--property",
                "print.key=true",
                "--property",
                "print.partition=true");
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(Cli.OK);
        assertThat(consumed.outLines()).hasSize(40);
        Map<String, List<String>> partitionsByKey = new java.util.HashMap<>();
        Map<String, List<Integer>> valuesByKey = new java.util.HashMap<>();
        for (String line : consumed.outLines()) {
            String[] f = line.split("\t");
            partitionsByKey.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
            valuesByKey.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Integer.parseInt(f[2]));
        }
        assertThat(partitionsByKey).hasSize(5);
        partitionsByKey.values().forEach(ps -> assertThat(ps).containsOnly(ps.get(0)));
        // Order per key (hence per partition) is the order of the input lines.
        valuesByKey.values().forEach(vs -> assertThat(vs).isSorted());
    }

    @Test
    void withoutFromBeginningOnlyNewRecordsAreRead(EmbeddedCluster cluster) {
        cluster.createTopic("latest", 1, Map.of());
        produce(cluster, "old-1\nold-2\n", "latest");
        CliInvocation consumed = consume(cluster, "latest", "--timeout-ms", "1500");
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(Cli.OK);
        assertThat(consumed.out()).isEmpty();
        assertThat(consumed.errLines()).containsExactly("Processed a total of 0 messages");

        CliInvocation fromBeginning = consume(cluster, "latest", "--from-beginning", "--max-messages", "2");
        assertThat(fromBeginning.outLines()).containsExactly("old-1", "old-2");
        assertThat(fromBeginning.errLines()).containsExactly("Processed a total of 2 messages");
    }

    @Test
    void partitionAndOffsetSelectWhereToStart(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("two", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("two", 1, null, ("p1-" + i).getBytes(StandardCharsets.UTF_8)))
                        .get();
                producer.send(new ProducerRecord<>("two", 0, null, ("p0-" + i).getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        CliInvocation fromOffset = consume(
                cluster,
                "two",
                "--partition",
                "1",
                "--offset",
                "2",
                "--max-messages",
                "2",
                "--property",
                "print.partition=true",
                "--property",
                "print.offset=true");
        assertThat(fromOffset.exitCode()).as(fromOffset.toString()).isEqualTo(Cli.OK);
        assertThat(fromOffset.outLines()).containsExactly("Partition:1\tOffset:2\tp1-2", "Partition:1\tOffset:3\tp1-3");

        CliInvocation earliest =
                consume(cluster, "two", "--partition", "0", "--offset", "earliest", "--max-messages", "5");
        assertThat(earliest.outLines()).containsExactly("p0-0", "p0-1", "p0-2", "p0-3", "p0-4");

        CliInvocation latest = consume(cluster, "two", "--partition", "0", "--timeout-ms", "1000");
        assertThat(latest.out()).isEmpty();
    }

    @Test
    void maxMessagesStopsAfterThatMany(EmbeddedCluster cluster) {
        cluster.createTopic("many", 1, Map.of());
        produce(cluster, "a\nb\nc\nd\ne\n", "many", "--sync");
        CliInvocation consumed = consume(cluster, "many", "--from-beginning", "--max-messages", "3");
        assertThat(consumed.exitCode()).isEqualTo(Cli.OK);
        assertThat(consumed.outLines()).containsExactly("a", "b", "c");
        assertThat(consumed.errLines()).containsExactly("Processed a total of 3 messages");
    }

    @Test
    void nullMarkerAndNullLiteralMeetInTheMiddle(EmbeddedCluster cluster) {
        cluster.createTopic("nulls", 1, Map.of());
        produce(
                cluster,
                "NULL|v1\nk2|NULL\n",
                "nulls",
                "--property",
                "parse.key=true",
                "--property",
                "key.separator=|",
                "--property",
                "null.marker=NULL");
        List<ConsumerRecord<byte[], byte[]>> stored = readAll(cluster, "nulls", 0);
        assertThat(stored.get(0).key()).isNull();
        assertThat(stored.get(1).value()).isNull();
        CliInvocation consumed = consume(
                cluster,
                "nulls",
                "--from-beginning",
                "--max-messages",
                "2",
                "--property",
                "print.key=true",
                "--property",
                "null.literal=<none>",
                "--property",
                "key.separator= => ");
        assertThat(consumed.outLines()).containsExactly("<none> => v1", "k2 => <none>");
    }

    @Test
    void compressedRecordsAndTimestampsRoundTrip(EmbeddedCluster cluster) {
        cluster.createTopic("zipped", 1, Map.of());
        produce(cluster, "one\ntwo\nthree\n", "zipped", "--compression-codec", "zstd", "--request-required-acks", "1");
        CliInvocation consumed = consume(
                cluster, "zipped", "--from-beginning", "--max-messages", "3", "--property", "print.timestamp=true");
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(Cli.OK);
        assertThat(consumed.outLines()).hasSize(3);
        assertThat(consumed.outLines().get(0)).matches("CreateTime:\\d{13}\tone");
        assertThat(consumed.outLines().get(2)).matches("CreateTime:\\d{13}\tthree");
    }

    @Test
    void aRecordThatCannotBePrintedStopsTheConsumerUnlessSkipped(EmbeddedCluster cluster) {
        cluster.createTopic("ints", 1, Map.of());
        produce(cluster, "abcd\nxyz\nefgh\n", "ints");
        String deserializer = "org.apache.kafka.common.serialization.IntegerDeserializer";

        CliInvocation stopped = consume(
                cluster, "ints", "--from-beginning", "--max-messages", "3", "--value-deserializer", deserializer);
        assertThat(stopped.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(stopped.outLines()).containsExactly(Integer.toString(0x61626364));
        assertThat(stopped.errLines()).hasSize(2);
        assertThat(stopped.errLines().get(0)).startsWith("Error processing message, terminating consumer process: ");
        assertThat(stopped.errLines().get(1)).isEqualTo("Processed a total of 2 messages");

        CliInvocation skipped = consume(
                cluster,
                "ints",
                "--from-beginning",
                "--max-messages",
                "3",
                "--value-deserializer",
                deserializer,
                "--skip-message-on-error");
        assertThat(skipped.exitCode()).as(skipped.toString()).isEqualTo(Cli.OK);
        assertThat(skipped.outLines()).containsExactly(Integer.toString(0x61626364), Integer.toString(0x65666768));
        assertThat(skipped.errLines().get(0)).startsWith("Error processing message, skipping this message: ");
        assertThat(skipped.errLines()).endsWith("Processed a total of 3 messages");
    }

    @Test
    void aMalformedLineStopsTheProducerNamingTheLine(EmbeddedCluster cluster) {
        cluster.createTopic("strict", 1, Map.of());
        CliInvocation r = CliInvocation.withInput(
                "k1\tv1\nno-separator\nk3\tv3\n",
                "console-producer",
                "--bootstrap-server",
                cluster.bootstrapServers(),
                "--topic",
                "strict",
                "--property",
                "parse.key=true");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines()).containsExactly("Error: No key separator found on line number 2: 'no-separator'");
        // The line before the bad one was sent.
        assertThat(readAll(cluster, "strict", 0))
                .extracting(rec -> text(rec.value()))
                .containsExactly("v1");
    }

    @Test
    void aRecordTooLargeForTheTopicIsReportedAndFailsTheRun(EmbeddedCluster cluster) {
        cluster.createTopic("small", 1, Map.of("max.message.bytes", "2000"));
        String big = "x".repeat(5000);
        CliInvocation r = CliInvocation.withInput(
                "fits\n" + big + "\n",
                "console-producer",
                "--bootstrap-server",
                cluster.bootstrapServers(),
                "--topic",
                "small",
                "--sync");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err())
                .startsWith("Error when sending message to topic small with key: null, value: 5000 bytes with error: ");
        assertThat(readAll(cluster, "small", 0))
                .extracting(rec -> text(rec.value()))
                .containsExactly("fits");
    }
}
