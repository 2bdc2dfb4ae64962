package io.runnel.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.Time;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.Errors;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three Raft controllers in one JVM on 127.0.0.1, each with its own temporary directory. */
class RaftControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TopicConfigValidator ANY_CONFIG = new TopicConfigValidator() {
        @Override
        public Set<String> names() {
            return Set.of("retention.ms");
        }

        @Override
        public void validate(Map<String, String> overrides) {}
    };
    private static final LocalController.Defaults DEFAULTS = new LocalController.Defaults(2, (short) 1, true);

    @TempDir
    Path dir;

    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, RaftController> nodes = new TreeMap<>();
    private final Map<Integer, List<MetadataImage>> seen = new HashMap<>();
    private final Map<String, String> overrides = new HashMap<>();

    @BeforeEach
    void pickPorts() throws IOException {
        for (int id = 1; id <= 3; id++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(id, socket.getLocalPort());
            }
        }
    }

    @AfterEach
    void stopAll() throws IOException {
        for (int id : List.copyOf(nodes.keySet())) {
            stop(id);
        }
    }

    private Map<String, String> props(int id) {
        StringBuilder voters = new StringBuilder();
        ports.forEach((voter, port) -> voters.append(voters.isEmpty() ? "" : ",")
                .append(voter)
                .append("@127.0.0.1:")
                .append(port));
        Map<String, String> props = new HashMap<>();
        props.put("node.id", Integer.toString(id));
        props.put("process.roles", "broker,controller");
        props.put("controller.quorum.voters", voters.toString());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + ports.get(id));
        props.put("controller.quorum.election.timeout.ms", "300");
        props.put("controller.quorum.request.timeout.ms", "10000");
        props.putAll(overrides);
        return props;
    }

    private RaftController start(int id) throws IOException {
        RaftController controller = new RaftController(
                new QuorumConfig(props(id)), dir.resolve("node-" + id), ANY_CONFIG, DEFAULTS, Time.SYSTEM);
        List<MetadataImage> images = seen.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        controller.addListener((previous, current) -> images.add(current));
        nodes.put(id, controller);
        return controller;
    }

    private void startAll() throws IOException {
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
    }

    private void stop(int id) throws IOException {
        nodes.remove(id).close();
    }

    private RaftController awaitLeader() {
        Object[] leader = new Object[1];
        awaitUntil("a leader among " + nodes.keySet(), () -> {
            for (RaftController c : nodes.values()) {
                if (c.isLeader()) {
                    leader[0] = c;
                    return true;
                }
            }
            return false;
        });
        return (RaftController) leader[0];
    }

    private RaftController aFollower() {
        RaftController leader = awaitLeader();
        return nodes.values().stream().filter(c -> c != leader).findFirst().orElseThrow();
    }

    private void registerBrokers(Controller via) throws Exception {
        for (int id = 1; id <= 3; id++) {
            get(via.registerBroker(new BrokerRegistration(
                    id, null, List.of(new BrokerRegistration.Listener("PLAINTEXT", "127.0.0.1", 9000 + id)))));
        }
    }

    private static NewTopic topic(String name, int partitions, int rf) {
        return new NewTopic(name, partitions, (short) rf, Map.of(), Map.of());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A bounded wait on a condition, polling (testkit's Await is out of this module's reach). */
    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private void awaitEveryNodeHas(String topicName) {
        for (Map.Entry<Integer, RaftController> node : nodes.entrySet()) {
            awaitUntil(
                    "topic " + topicName + " on node " + node.getKey(),
                    () -> node.getValue().image().topic(topicName) != null);
        }
    }

    @Test
    void aTopicCreatedOnTheLeaderAppearsInEveryNodesImageAndListeners() throws Exception {
        startAll();
        RaftController leader = awaitLeader();
        registerBrokers(leader);

        TopicImage created = get(leader.createTopic(topic("orders", 3, 3), false));

        assertThat(created.partitions()).hasSize(3);
        assertThat(created.partitions().get(0).replicas()).containsExactly(1, 2, 3);
        assertThat(created.partitions().get(1).replicas()).containsExactly(2, 3, 1);
        awaitEveryNodeHas("orders");
        for (Map.Entry<Integer, RaftController> node : nodes.entrySet()) {
            assertThat(node.getValue().image().topic("orders")).isEqualTo(created);
            assertThat(node.getValue().image().brokers()).containsOnlyKeys(1, 2, 3);
            assertThat(seen.get(node.getKey())).anyMatch(image -> created.equals(image.topic("orders")));
        }
    }

    @Test
    void aWriteOnAFollowerIsForwardedToTheLeaderAndVisibleThereWhenItCompletes() throws Exception {
        startAll();
        RaftController follower = aFollower();
        registerBrokers(follower);

        TopicImage created = get(follower.createTopic(topic("payments", 1, 2), false));

        assertThat(follower.image().topic("payments")).isEqualTo(created);
        awaitEveryNodeHas("payments");
        assertThat(awaitLeader().image().topic("payments")).isEqualTo(created);
    }

    @Test
    void twoNodesCreatingTheSameTopicAtOnceMakeOneTopicAndOneTopicAlreadyExists() throws Exception {
        startAll();
        RaftController leader = awaitLeader();
        registerBrokers(leader);
        RaftController follower =
                nodes.values().stream().filter(c -> c != leader).findFirst().orElseThrow();

        List<CompletableFuture<TopicImage>> attempts = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            attempts.add(leader.createTopic(topic("race-" + round, 1, 1), false));
            attempts.add(follower.createTopic(topic("race-" + round, 1, 1), false));
        }
        int created = 0;
        int refused = 0;
        for (CompletableFuture<TopicImage> attempt : attempts) {
            try {
                get(attempt);
                created++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ApiException.class);
                assertThat(((ApiException) e.getCause()).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
                refused++;
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(refused).isEqualTo(5);
        awaitEveryNodeHas("race-4");
        assertThat(leader.image().topics()).hasSize(5);
    }

    @Test
    void stoppingTheLeaderElectsAnotherAndWritesContinue() throws Exception {
        startAll();
        RaftController first = awaitLeader();
        registerBrokers(first);
        get(first.createTopic(topic("before", 1, 3), false));
        awaitEveryNodeHas("before");

        int stopped = first.nodeId();
        stop(stopped);
        RaftController second = awaitLeader();

        assertThat(second.nodeId()).isNotEqualTo(stopped);
        get(second.createTopic(topic("after", 1, 3), false));
        long producerId = get(second.allocateProducerIds(1000));
        awaitEveryNodeHas("after");
        awaitUntil("every node applied the producer-id block", () -> nodes.values().stream()
                .allMatch(node -> node.image().nextProducerId() == producerId + 1000));
        for (RaftController node : nodes.values()) {
            assertThat(node.image().topic("before")).isNotNull();
        }
    }

    @Test
    void aStoppedNodeRestartedCatchesUpOnWhatItMissedEvenBehindASnapshotAndPurge() throws Exception {
        overrides.put("runnel.metadata.snapshot.interval.entries", "5");
        overrides.put("metadata.log.segment.bytes", "1024");
        startAll();
        RaftController leader = awaitLeader();
        registerBrokers(leader);
        int down = leader.nodeId() == 1 ? 2 : 1;
        stop(down);

        for (int i = 0; i < 20; i++) {
            get(leader.createTopic(topic("missed-" + i, 1, 1), false));
        }
        awaitUntil("a purge of the leader's log", () -> logStart(leader) > 1);

        RaftController restarted = start(down);
        awaitUntil(
                "node " + down + " catching up",
                () -> restarted.image().topics().size() == 20);
        assertThat(restarted.image().topics()).isEqualTo(leader.image().topics());
        assertThat(restarted.image().brokers()).isEqualTo(leader.image().brokers());
        assertThat(seen.get(down)).anyMatch(image -> image.topics().size() == 20);
    }

    @Test
    void aSnapshotAndPurgeThenARestartOfEveryNodeKeepsEverything() throws Exception {
        overrides.put("runnel.metadata.snapshot.interval.entries", "5");
        overrides.put("metadata.log.segment.bytes", "1024");
        startAll();
        RaftController leader = awaitLeader();
        registerBrokers(leader);
        get(leader.alterConfigs("broker", "", Map.of("log.retention.ms", "7"), false, false, o -> {}));
        long producerId = get(leader.allocateProducerIds(10));
        int written = 0;
        while (written < 3 || !nodes.values().stream().allMatch(n -> n.snapshotIndex() > 0 && logStart(n) > 1)) {
            assertThat(written)
                    .as("topics written without a purge on every node")
                    .isLessThan(200);
            get(leader.createTopic(
                    new NewTopic("kept-" + written, 2, (short) 3, Map.of(), Map.of("retention.ms", "" + written)),
                    false));
            written++;
        }
        int expected = written - 1;
        get(leader.deleteTopic("kept-0", null));
        Map<Integer, Map<String, TopicImage>> before = new TreeMap<>();
        awaitUntil("every node applied the deletion", () -> nodes.values().stream()
                .allMatch(n -> n.image().topic("kept-0") == null && n.image().nextProducerId() == producerId + 10));
        nodes.forEach((id, n) -> before.put(id, n.image().topics()));

        stopAll();
        startAll();

        for (Map.Entry<Integer, RaftController> node : nodes.entrySet()) {
            MetadataImage image = node.getValue().image();
            assertThat(image.topics()).isEqualTo(before.get(node.getKey()));
            assertThat(image.topics()).hasSize(expected).doesNotContainKey("kept-0");
            assertThat(image.topic("kept-1").configs()).containsEntry("retention.ms", "1");
            assertThat(image.configs("broker", "")).containsEntry("log.retention.ms", "7");
            assertThat(image.nextProducerId()).isEqualTo(producerId + 10);
            assertThat(image.brokers()).containsOnlyKeys(1, 2, 3);
        }
        get(awaitLeader().createTopic(topic("after-restart", 1, 3), false));
        awaitEveryNodeHas("after-restart");
    }

    @Test
    void withoutAMajorityAChangeFailsWithNotControllerAndWritesNothing() throws Exception {
        overrides.put("controller.quorum.request.timeout.ms", "1500");
        startAll();
        RaftController leader = awaitLeader();
        registerBrokers(leader);
        RaftController survivor =
                nodes.values().stream().filter(c -> c != leader).findFirst().orElseThrow();
        for (int id : List.copyOf(nodes.keySet())) {
            if (id != survivor.nodeId()) {
                stop(id);
            }
        }

        assertThatThrownBy(() -> get(survivor.createTopic(topic("lonely", 1, 1), false)))
                .hasCauseInstanceOf(ApiException.class)
                .cause()
                .satisfies(e -> assertThat(((ApiException) e).error()).isEqualTo(Errors.NOT_CONTROLLER))
                .hasMessageContaining("majority");
        assertThat(survivor.image().topic("lonely")).isNull();
    }

    @Test
    void aTopicWithAReplicationFactorAboveTheRegisteredBrokersIsRefusedNamingTheCount() throws Exception {
        startAll();
        RaftController leader = awaitLeader();
        get(leader.registerBroker(new BrokerRegistration(1, null, List.of())));

        assertThatThrownBy(() -> get(leader.createTopic(topic("wide", 1, 3), false)))
                .cause()
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("only 1 broker(s) are registered");
        assertThat(leader.image().topic("wide")).isNull();
    }

    @Test
    void aSingleVoterRestartedOnACorruptSnapshotRefusesToStartNamingTheFile() throws Exception {
        ports.keySet().retainAll(Set.of(1));
        RaftController alone = start(1);
        awaitLeader();
        get(alone.registerBroker(new BrokerRegistration(1, null, List.of())));
        get(alone.createTopic(topic("precious", 1, 1), false));
        stop(1); // Ratis takes a snapshot on stop
        Path snapshot;
        try (var files = java.nio.file.Files.walk(dir.resolve("node-1"))) {
            snapshot = files.filter(f -> f.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                    .findFirst()
                    .orElseThrow();
        }
        String text = java.nio.file.Files.readString(snapshot);
        java.nio.file.Files.writeString(snapshot, text.replace("precious", "precioua"));

        assertThatThrownBy(() -> start(1))
                .hasStackTraceContaining("Corrupt metadata snapshot")
                .hasStackTraceContaining(snapshot.getFileName().toString());
    }

    private static long logStart(RaftController node) {
        try {
            return node.logStartIndex();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
