package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.cli.Cli;
import io.runnel.testkit.Await;
import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnel consumer-groups} against a broker with real consumer groups, each answer checked against what the
 * Admin client and the group's own consumer say.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=3"})
class ConsumerGroupsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static CliInvocation groups(EmbeddedCluster cluster, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(rest, 0, all, 2, rest.length);
        return CliInvocation.run("consumer-groups", all);
    }

    /** The data rows of a table, split into columns (tables start with an empty line, then the header). */
    private static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.trim().split("\\s+"));
        }
        return rows;
    }

    private static void produce(EmbeddedCluster cluster, String topic, int partition, int count, long timestamp)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(
                                topic, partition, timestamp < 0 ? null : timestamp + i, null, new byte[] {(byte) i}))
                        .get();
            }
        }
    }

    private static Map<TopicPartition, Long> committed(EmbeddedCluster cluster, String group) throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        cluster.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((tp, om) -> {
                    if (om != null) {
                        result.put(tp, om.offset());
                    }
                });
        return result;
    }

    /** An empty group that has committed {@code offsets}, made through the Admin client. */
    private static void commit(EmbeddedCluster cluster, String group, Map<TopicPartition, Long> offsets)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        cluster.admin().alterConsumerGroupOffsets(group, commit).all().get();
    }

    /** A member of {@code group} that has joined, owns every partition of {@code topic} and has read them all. */
    private static KafkaConsumer<byte[], byte[]> member(
            EmbeddedCluster cluster, String group, String topic, int records, String protocol) {
        Properties props = cluster.consumerProps(group);
        props.put("enable.auto.commit", "false");
        props.put("group.protocol", protocol);
        KafkaConsumer<byte[], byte[]> consumer = cluster.track(new KafkaConsumer<>(props));
        consumer.subscribe(List.of(topic));
        int[] seen = {0};
        Await.until(WAIT, "the member to read " + records + " records", () -> {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
            seen[0] += polled.count();
            return seen[0] >= records;
        });
        return consumer;
    }

    @Test
    void describeShowsOffsetsLagAndTheOwningMemberAsAdminSeesThem(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("orders", 2, Map.of());
        produce(cluster, "orders", 0, 5, -1);
        produce(cluster, "orders", 1, 3, -1);
        KafkaConsumer<byte[], byte[]> consumer = member(cluster, "g", "orders", 8, "classic");
        consumer.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(4)));
        String memberId = consumer.groupMetadata().memberId();

        CliInvocation described = groups(cluster, "--describe", "--group", "g");
        assertThat(described.exitCode()).as(described.toString()).isEqualTo(Cli.OK);
        assertThat(described.out()).startsWith("\nGROUP ");
        List<String[]> rows = rows(described.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("g", "orders", "0", "4", "5", "1", memberId, "/127.0.0.1");
        assertThat(rows.get(1)).startsWith("g", "orders", "1", "-", "3", "-", memberId, "/127.0.0.1");

        CliInvocation members = groups(cluster, "--describe", "--group", "g", "--members", "--verbose");
        assertThat(members.exitCode()).as(members.toString()).isEqualTo(Cli.OK);
        assertThat(rows(members.out())).singleElement().satisfies(r -> {
            assertThat(r[1]).isEqualTo(memberId);
            assertThat(r[4]).isEqualTo("2");
            assertThat(r).contains("orders:0,1");
        });

        CliInvocation state = groups(cluster, "--describe", "--group", "g", "--state");
        assertThat(state.exitCode()).as(state.toString()).isEqualTo(Cli.OK);
        assertThat(state.out()).contains("COORDINATOR (ID)");
        String[] stateRow = rows(state.out()).get(0);
        assertThat(stateRow[stateRow.length - 2]).isEqualTo("Stable");
        assertThat(stateRow[stateRow.length - 1]).isEqualTo("1");

        assertThat(groups(cluster, "--list").outLines()).contains("g");
        CliInvocation listed = groups(cluster, "--list", "--state", "--type");
        assertThat(listed.outLines().get(0))
                .startsWith("GROUP")
                .contains("TYPE")
                .contains("STATE");
        assertThat(listed.outLines())
                .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly("g", "Classic", "Stable"));
        assertThat(groups(cluster, "--list", "--state", "empty").outLines()).noneMatch(l -> l.startsWith("g "));

        // Reset is refused while the group has members; so is deleting it.
        CliInvocation refused =
                groups(cluster, "--reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--execute");
        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err())
                .contains("Error: Assignments can only be reset if the group 'g' is inactive, but the"
                        + " current state is Stable.");
        CliInvocation notDeleted = groups(cluster, "--delete", "--group", "g");
        assertThat(notDeleted.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(notDeleted.errLines()).contains("Error: Deletion of some consumer groups failed:");
        assertThat(notDeleted.err()).contains("* Group 'g' could not be deleted due to: ");
        assertThat(committed(cluster, "g")).containsEntry(new TopicPartition("orders", 0), 4L);

        consumer.close();
        CliInvocation empty = groups(cluster, "--describe", "--group", "g");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(Cli.OK);
        assertThat(empty.errLines()).containsExactly("Consumer group 'g' has no active members.");
        assertThat(rows(empty.out())).singleElement().satisfies(r -> assertThat(r)
                .containsExactly("g", "orders", "0", "4", "5", "1", "-", "-", "-"));
    }

    @Test
    void resetOffsetsIsADryRunUnlessExecuted(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("r", 2, Map.of());
        produce(cluster, "r", 0, 6, -1);
        produce(cluster, "r", 1, 4, -1);
        TopicPartition r0 = new TopicPartition("r", 0);
        TopicPartition r1 = new TopicPartition("r", 1);
        commit(cluster, "resetters", Map.of(r0, 5L, r1, 3L));

        CliInvocation dry = groups(cluster, "--reset-offsets", "--group", "resetters", "--all-topics", "--to-earliest");
        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(Cli.OK);
        assertThat(dry.errLines())
                .containsExactly("WARN: No action will be performed as the --execute option is missing.");
        assertThat(rows(dry.out()))
                .containsExactly(new String[] {"resetters", "r", "0", "0"}, new String[] {"resetters", "r", "1", "0"});
        assertThat(committed(cluster, "resetters")).isEqualTo(Map.of(r0, 5L, r1, 3L));

        CliInvocation shifted = groups(
                cluster, "--reset-offsets", "--group", "resetters", "--topic", "r:0", "--shift-by", "-2", "--execute");
        assertThat(shifted.exitCode()).as(shifted.toString()).isEqualTo(Cli.OK);
        assertThat(shifted.err()).isEmpty();
        assertThat(committed(cluster, "resetters")).isEqualTo(Map.of(r0, 3L, r1, 3L));

        CliInvocation beyond = groups(
                cluster, "--reset-offsets", "--group", "resetters", "--topic", "r", "--to-offset", "5", "--execute");
        assertThat(beyond.exitCode()).as(beyond.toString()).isEqualTo(Cli.OK);
        assertThat(beyond.err())
                .contains("WARN: New offset (5) is higher than latest offset for topic partition r-1. Value will be set"
                        + " to 4.");
        assertThat(committed(cluster, "resetters")).isEqualTo(Map.of(r0, 5L, r1, 4L));

        CliInvocation latest =
                groups(cluster, "--reset-offsets", "--group", "resetters", "--all-topics", "--to-latest", "--execute");
        assertThat(latest.exitCode()).isEqualTo(Cli.OK);
        assertThat(committed(cluster, "resetters")).isEqualTo(Map.of(r0, 6L, r1, 4L));

        CliInvocation missing = groups(
                cluster, "--reset-offsets", "--group", "resetters", "--topic", "r:7", "--to-earliest", "--execute");
        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.errLines()).containsExactly("Error: The partitions \"r-7\" do not exist");
    }

    @Test
    void resetByTimeFindsTheFirstRecordAtOrAfterIt(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("timed", 1, Map.of("message.timestamp.type", "CreateTime"));
        produce(cluster, "timed", 0, 4, 1000); // timestamps 1000, 1001, 1002, 1003
        TopicPartition tp = new TopicPartition("timed", 0);
        commit(cluster, "clock", Map.of(tp, 4L));

        CliInvocation datetime = groups(
                cluster,
                "--reset-offsets",
                "--group",
                "clock",
                "--topic",
                "timed",
                "--to-datetime",
                "1970-01-01T00:00:01.002",
                "--execute");
        assertThat(datetime.exitCode()).as(datetime.toString()).isEqualTo(Cli.OK);
        assertThat(committed(cluster, "clock")).isEqualTo(Map.of(tp, 2L));

        CliInvocation future = groups(
                cluster,
                "--reset-offsets",
                "--group",
                "clock",
                "--topic",
                "timed",
                "--to-datetime",
                "2999-01-01T00:00:00Z",
                "--execute");
        assertThat(future.err())
                .contains("Warn: Partition 0 from topic timed is empty. Falling back to latest known" + " offset.");
        assertThat(committed(cluster, "clock")).isEqualTo(Map.of(tp, 4L));

        cluster.createTopic("aged", 1, Map.of());
        long now = System.currentTimeMillis();
        long day = 86_400_000L;
        produce(cluster, "aged", 0, 2, now - 3 * day); // two records three days old
        produce(cluster, "aged", 0, 2, now - 3_600_000L); // two records an hour old
        CliInvocation duration = groups(
                cluster, "--reset-offsets", "--group", "clock", "--topic", "aged", "--by-duration", "P1D", "--execute");
        assertThat(duration.exitCode()).as(duration.toString()).isEqualTo(Cli.OK);
        assertThat(committed(cluster, "clock")).containsEntry(new TopicPartition("aged", 0), 2L);
    }

    @Test
    void anExportedPlanCanBeAppliedFromAFile(EmbeddedCluster cluster, @TempDir Path dir) throws Exception {
        cluster.createTopic("e", 2, Map.of());
        produce(cluster, "e", 0, 3, -1);
        produce(cluster, "e", 1, 3, -1);
        commit(cluster, "exporter", Map.of(new TopicPartition("e", 0), 3L, new TopicPartition("e", 1), 3L));
        CliInvocation exported = groups(
                cluster,
                "--reset-offsets",
                "--group",
                "exporter",
                "--topic",
                "e",
                "--to-offset",
                "1",
                "--export",
                "--dry-run");
        assertThat(exported.exitCode()).as(exported.toString()).isEqualTo(Cli.OK);
        assertThat(exported.out()).isEqualTo("e,0,1\ne,1,1\n");
        Path plan = dir.resolve("plan.csv");
        Files.writeString(plan, exported.out());

        CliInvocation applied =
                groups(cluster, "--reset-offsets", "--group", "exporter", "--from-file", plan.toString(), "--execute");
        assertThat(applied.exitCode()).as(applied.toString()).isEqualTo(Cli.OK);
        assertThat(committed(cluster, "exporter"))
                .isEqualTo(Map.of(new TopicPartition("e", 0), 1L, new TopicPartition("e", 1), 1L));
    }

    @Test
    void deleteOffsetsAndDeleteRemoveWhatAdminSees(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("d1", 2, Map.of());
        cluster.createTopic("d2", 1, Map.of());
        commit(
                cluster,
                "doomed",
                Map.of(
                        new TopicPartition("d1", 0),
                        0L,
                        new TopicPartition("d1", 1),
                        0L,
                        new TopicPartition("d2", 0),
                        0L));

        CliInvocation offsets = groups(cluster, "--delete-offsets", "--group", "doomed", "--topic", "d1");
        assertThat(offsets.exitCode()).as(offsets.toString()).isEqualTo(Cli.OK);
        assertThat(offsets.outLines().get(0)).isEqualTo("Request succeeded for deleting offsets from group doomed.");
        assertThat(rows(offsets.out().substring(offsets.out().indexOf('\n') + 1)))
                .containsExactly(new String[] {"d1", "0", "Successful"}, new String[] {"d1", "1", "Successful"});
        assertThat(committed(cluster, "doomed")).isEqualTo(Map.of(new TopicPartition("d2", 0), 0L));

        CliInvocation deleted = groups(cluster, "--delete", "--group", "doomed");
        assertThat(deleted.exitCode()).as(deleted.toString()).isEqualTo(Cli.OK);
        assertThat(deleted.out()).isEqualTo("Deletion of requested consumer groups ('doomed') was successful.\n");
        assertThat(cluster.admin().listGroups().all().get())
                .noneMatch(g -> g.groupId().equals("doomed"));

        CliInvocation gone = groups(cluster, "--describe", "--group", "doomed");
        assertThat(gone.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(gone.errLines()).containsExactly("Error: Consumer group 'doomed' does not exist.");
    }

    @Test
    void consumerProtocolGroupsShowTheirEpochs(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("kip848", 2, Map.of());
        produce(cluster, "kip848", 0, 2, -1);
        produce(cluster, "kip848", 1, 2, -1);
        KafkaConsumer<byte[], byte[]> consumer = member(cluster, "modern", "kip848", 4, "consumer");
        consumer.commitSync();

        CliInvocation listed = groups(cluster, "--list", "--type");
        assertThat(listed.outLines())
                .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly("modern", "Consumer"));

        CliInvocation members = groups(cluster, "--describe", "--group", "modern", "--members", "--verbose");
        assertThat(members.exitCode()).as(members.toString()).isEqualTo(Cli.OK);
        assertThat(members.out()).contains("CURRENT-EPOCH").contains("TARGET-ASSIGNMENT");
        String[] row = rows(members.out()).get(0);
        assertThat(row[1]).isEqualTo(consumer.groupMetadata().memberId());
        assertThat(row).contains("kip848:0,1");

        CliInvocation described = groups(cluster, "--describe", "--group", "modern");
        assertThat(rows(described.out()))
                .extracting(r -> r[2] + "@" + r[3] + "/" + r[4])
                .containsExactly("0@2/2", "1@2/2");
    }

    @Test
    void aConsoleConsumerInAGroupCommitsWhatItPrinted(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("console", 1, Map.of());
        produce(cluster, "console", 0, 5, -1);
        CliInvocation consumed = CliInvocation.run(
                "console-consumer",
                "--bootstrap-server",
                cluster.bootstrapServers(),
                "--topic",
                "console",
                "--group",
                "printers",
                "--from-beginning",
                "--max-messages",
                "3");
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(Cli.OK);
        assertThat(consumed.outLines()).hasSize(3);
        assertThat(committed(cluster, "printers")).isEqualTo(Map.of(new TopicPartition("console", 0), 3L));

        CliInvocation described = groups(cluster, "--describe", "--group", "printers");
        assertThat(rows(described.out())).singleElement().satisfies(r -> assertThat(r)
                .containsExactly("printers", "console", "0", "3", "5", "2", "-", "-", "-"));

        CliInvocation rest = CliInvocation.run(
                "console-consumer",
                "--bootstrap-server",
                cluster.bootstrapServers(),
                "--topic",
                "console",
                "--group",
                "printers",
                "--max-messages",
                "2");
        assertThat(rest.outLines()).hasSize(2);
        assertThat(committed(cluster, "printers")).isEqualTo(Map.of(new TopicPartition("console", 0), 5L));
    }
}
