package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three consumers in one group share a six-partition topic two partitions each; one leaves cleanly, one dies
 * without leaving (its JVM is killed), and the survivor ends up owning all six; every record is processed, and no
 * record whose offset was committed is delivered again. A broker restart keeps the committed offsets. For the
 * classic protocol and for the consumer protocol of KIP-848.
 */
@Cluster(
        brokerProperties = {
            "group.initial.rebalance.delay.ms=0",
            "group.consumer.session.timeout.ms=6000",
            "group.consumer.heartbeat.interval.ms=500",
            "offsets.topic.num.partitions=5"
        })
class ConsumerGroupIT {

    private static final String TOPIC = "work";
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Everything the members reported, from any thread or process. */
    private static final class Ledger {
        final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        final Map<String, Map<Integer, Long>> commits = new ConcurrentHashMap<>();
        final Map<String, List<String>> deliveredBy = new ConcurrentHashMap<>();
        final Map<String, Integer> assignmentSize = new ConcurrentHashMap<>();
        /** Records whose commit failed (a rebalance overtook it): the group may legitimately read them again. */
        final Set<String> uncommitted = ConcurrentHashMap.newKeySet();

        final List<Throwable> memberFailures = java.util.Collections.synchronizedList(new ArrayList<>());

        void delivered(String member, int partition, long offset) {
            String key = partition + "@" + offset;
            deliveries.merge(key, 1, Integer::sum);
            deliveredBy
                    .computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(member);
        }

        void committed(String member, int partition, long offset) {
            commits.computeIfAbsent(member, m -> new ConcurrentHashMap<>()).merge(partition, offset, Math::max);
        }

        int distinct() {
            return deliveries.size();
        }
    }

    /** An in-process member on its own thread: poll, record, commit synchronously, repeat. */
    private static final class Member implements AutoCloseable {
        final String name;
        final Thread thread;
        volatile boolean running = true;

        Member(String name, Properties props, Ledger ledger) {
            this.name = name;
            this.thread = new Thread(
                    () -> {
                        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                            consumer.subscribe(List.of(TOPIC));
                            while (running) {
                                pollOnce(consumer, ledger);
                            }
                            ledger.assignmentSize.put(name, 0);
                        } catch (RuntimeException e) {
                            ledger.memberFailures.add(e);
                        }
                    },
                    "member-" + name);
            thread.start();
        }

        private void pollOnce(KafkaConsumer<byte[], byte[]> consumer, Ledger ledger) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                ledger.delivered(name, r.partition(), r.offset());
            }
            if (!records.isEmpty()) {
                try {
                    consumer.commitSync();
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
                        ledger.committed(
                                name, tp.partition(), rs.get(rs.size() - 1).offset() + 1);
                    }
                } catch (org.apache.kafka.clients.consumer.CommitFailedException
                        | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                    // As a real application does: the rebalance won, these records were not committed.
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        ledger.uncommitted.add(r.partition() + "@" + r.offset());
                    }
                }
            }
            ledger.assignmentSize.put(name, consumer.assignment().size());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(60_000);
        }
    }

    /** A member in a separate JVM (see {@link GroupMemberMain}), which can be killed. */
    private static final class ProcessMember implements AutoCloseable {
        final Process process;
        final Thread reader;

        ProcessMember(String name, String bootstrap, String group, String protocol, Ledger ledger) throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(
                            java,
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            GroupMemberMain.class.getName(),
                            bootstrap,
                            group,
                            TOPIC,
                            protocol)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                String[] parts = line.split(" ");
                                switch (parts[0]) {
                                    case "A" -> ledger.assignmentSize.put(name, Integer.parseInt(parts[1]));
                                    case "R" ->
                                        ledger.delivered(name, Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                                    case "C" ->
                                        ledger.committed(name, Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                                    case "U" -> ledger.uncommitted.add(parts[1] + "@" + parts[2]);
                                    default -> {}
                                }
                            }
                        } catch (IOException e) {
                            // The process died.
                        }
                    },
                    "reader-" + name);
            reader.start();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill9();
            }
        }
    }

    private static void produce(EmbeddedCluster cluster, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(
                        TOPIC, i % 6, null, Integer.toString(i).getBytes()));
            }
            producer.flush();
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void threeMembersShareSixPartitionsAndSurvivorsTakeOverWhenOneLeavesAndOneDies(
            String protocol, EmbeddedCluster cluster) throws Exception {
        String group = "workers-" + protocol;
        cluster.createTopic(TOPIC, 6, Map.of());
        Ledger ledger = new Ledger();
        Properties props = cluster.consumerProps(group);
        props.put("group.protocol", protocol);
        props.put("enable.auto.commit", "false");
        if (protocol.equals("classic")) {
            props.put("session.timeout.ms", "6000");
            props.put("heartbeat.interval.ms", "1000");
        }
        produce(cluster, 0, 3000);
        try (Member a = new Member("a", props, ledger);
                Member b = new Member("b", props, ledger);
                ProcessMember c = new ProcessMember("c", cluster.bootstrapServers(), group, protocol, ledger)) {
            Await.until(
                    WAIT,
                    () -> "each of three members to own two partitions; sizes " + ledger.assignmentSize + ", group "
                            + describeQuietly(cluster, group),
                    () -> ledger.assignmentSize.getOrDefault("a", 0) == 2
                            && ledger.assignmentSize.getOrDefault("b", 0) == 2
                            && ledger.assignmentSize.getOrDefault("c", 0) == 2);
            Await.until(WAIT, "the first 3000 records", () -> ledger.distinct() >= 3000);

            b.close();
            Await.until(
                    WAIT,
                    () -> "a and c to take over b's partitions; sizes " + ledger.assignmentSize + ", group "
                            + describeQuietly(cluster, group),
                    () -> ledger.assignmentSize.getOrDefault("a", 0) + ledger.assignmentSize.getOrDefault("c", 0) == 6
                            && ledger.assignmentSize.getOrDefault("a", 0) > 0
                            && ledger.assignmentSize.getOrDefault("c", 0) > 0);
            produce(cluster, 3000, 1500);
            Await.until(WAIT, "4500 records", () -> ledger.distinct() >= 4500);

            c.kill9();
            Await.until(
                    WAIT,
                    () -> "a to own all six partitions after c's session expired; sizes " + ledger.assignmentSize
                            + ", group " + describeQuietly(cluster, group),
                    () -> ledger.assignmentSize.getOrDefault("a", 0) == 6);
            produce(cluster, 4500, 1500);
            Await.until(WAIT, "all 6000 records", () -> ledger.distinct() >= 6000);
        }

        // Exactly the produced records were processed, and only ones the dead member had not committed twice.
        assertThat(ledger.distinct()).isEqualTo(6000);
        List<String> illegalDuplicates = new ArrayList<>();
        ledger.deliveries.forEach((key, n) -> {
            if (n > 1) {
                int partition = Integer.parseInt(key.substring(0, key.indexOf('@')));
                long offset = Long.parseLong(key.substring(key.indexOf('@') + 1));
                long committedByDead =
                        ledger.commits.getOrDefault("c", Map.of()).getOrDefault(partition, -1L);
                boolean deadProcessedIt = ledger.deliveredBy.get(key).contains("c");
                if (ledger.uncommitted.contains(key)) {
                    return;
                }
                if (!deadProcessedIt || offset < committedByDead) {
                    illegalDuplicates.add(key + " by " + ledger.deliveredBy.get(key));
                }
            }
        });
        assertThat(illegalDuplicates).as("committed records delivered again").isEmpty();
        assertThat(ledger.memberFailures).as("members that failed").isEmpty();

        // The committed offsets survive a broker restart.
        cluster.restart(0);
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        assertThat(committed).hasSize(6);
        assertThat(committed.values().stream()
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum())
                .isEqualTo(6000);
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void adminClientListsDescribesAltersAndDeletesGroupsAndOffsets(String protocol, EmbeddedCluster cluster)
            throws Exception {
        String group = "admin-" + protocol;
        cluster.createTopic(TOPIC, 6, Map.of());
        produce(cluster, 0, 600);
        Ledger ledger = new Ledger();
        Properties props = cluster.consumerProps(group);
        props.put("group.protocol", protocol);
        props.put("enable.auto.commit", "false");
        props.put("client.id", "admin-test-client");
        try (Member a = new Member("a", props, ledger)) {
            Await.until(WAIT, "600 records", () -> ledger.distinct() >= 600);
            Await.until(WAIT, "the group to be stable with one member", () -> {
                ConsumerGroupDescription d = describe(cluster, group);
                return d.groupState() == GroupState.STABLE && d.members().size() == 1;
            });
            ConsumerGroupDescription d = describe(cluster, group);
            MemberDescription m = d.members().iterator().next();
            assertThat(m.clientId()).isEqualTo("admin-test-client");
            assertThat(m.host()).isEqualTo("/127.0.0.1");
            assertThat(m.assignment().topicPartitions()).hasSize(6);
            assertThat(d.type().toString().toLowerCase()).isEqualTo(protocol);
            assertThat(cluster.admin().listGroups().all().get())
                    .anySatisfy(l -> assertThat(l.groupId()).isEqualTo(group));
        }
        Await.until(
                WAIT, "the group to be empty", () -> describe(cluster, group).groupState() == GroupState.EMPTY);

        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        assertThat(offsets(cluster, group).get(p0).offset()).isEqualTo(100);
        cluster.admin()
                .alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(42, "reset")))
                .all()
                .get();
        assertThat(offsets(cluster, group).get(p0).offset()).isEqualTo(42);
        assertThat(offsets(cluster, group).get(p0).metadata()).isEqualTo("reset");
        cluster.admin().deleteConsumerGroupOffsets(group, Set.of(p1)).all().get();
        assertThat(offsets(cluster, group)).doesNotContainKey(p1).containsKey(p0);

        cluster.admin().deleteConsumerGroups(List.of(group)).all().get();
        assertThat(cluster.admin().listGroups().all().get())
                .noneSatisfy(l -> assertThat(l.groupId()).isEqualTo(group));
        assertThat(offsets(cluster, group)).isEmpty();
    }

    private static String describeQuietly(EmbeddedCluster cluster, String group) {
        try {
            ConsumerGroupDescription d = describe(cluster, group);
            StringBuilder sb = new StringBuilder(d.groupState() + " epoch " + d.groupEpoch() + " [");
            for (MemberDescription m : d.members()) {
                sb.append(m.clientId())
                        .append('/')
                        .append(m.consumerId())
                        .append(" epoch ")
                        .append(m.memberEpoch())
                        .append(" owns ")
                        .append(m.assignment().topicPartitions().size())
                        .append(" target ")
                        .append(m.targetAssignment()
                                .map(t -> t.topicPartitions().size()))
                        .append("; ");
            }
            return sb.append(']').toString();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    @org.junit.jupiter.api.Test
    void aStaticMemberRestartingWithinItsSessionTimeoutCausesNoRebalance(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic(TOPIC, 6, Map.of());
        java.util.concurrent.atomic.AtomicInteger rebalancesSeenByB = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<String, Properties> props = id -> {
            Properties p = cluster.consumerProps("static");
            p.put("group.instance.id", id);
            p.put("session.timeout.ms", "30000");
            p.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
            return p;
        };
        org.apache.kafka.clients.consumer.ConsumerRebalanceListener counting =
                new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                        rebalancesSeenByB.incrementAndGet();
                    }

                    @Override
                    public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                        rebalancesSeenByB.incrementAndGet();
                    }
                };
        try (KafkaConsumer<byte[], byte[]> b = new KafkaConsumer<>(props.apply("instance-b"))) {
            b.subscribe(List.of(TOPIC), counting);
            KafkaConsumer<byte[], byte[]> a = new KafkaConsumer<>(props.apply("instance-a"));
            a.subscribe(List.of(TOPIC));
            Await.until(WAIT, "a and b to own three partitions each", () -> {
                a.poll(Duration.ofMillis(50));
                b.poll(Duration.ofMillis(50));
                return a.assignment().size() == 3 && b.assignment().size() == 3;
            });
            java.util.Set<TopicPartition> ownedByA = a.assignment();
            java.util.Set<TopicPartition> ownedByB = b.assignment();
            int before = rebalancesSeenByB.get();
            // A static member's close does not leave the group; its successor rejoins under the same instance id.
            a.close();
            try (KafkaConsumer<byte[], byte[]> a2 = new KafkaConsumer<>(props.apply("instance-a"))) {
                a2.subscribe(List.of(TOPIC));
                Await.until(WAIT, "the restarted a to get its partitions back", () -> {
                    a2.poll(Duration.ofMillis(50));
                    b.poll(Duration.ofMillis(50));
                    return a2.assignment().size() == 3;
                });
                assertThat(a2.assignment()).isEqualTo(ownedByA);
                for (int i = 0; i < 20; i++) {
                    b.poll(Duration.ofMillis(50));
                }
                assertThat(b.assignment()).isEqualTo(ownedByB);
                assertThat(rebalancesSeenByB.get())
                        .as("rebalance callbacks on b")
                        .isEqualTo(before);
            }
        }
    }

    private static ConsumerGroupDescription describe(EmbeddedCluster cluster, String group) {
        try {
            return cluster.admin()
                    .describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(EmbeddedCluster cluster, String group)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        cluster.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((tp, o) -> {
                    if (o != null) {
                        result.put(tp, o);
                    }
                });
        return result;
    }
}
