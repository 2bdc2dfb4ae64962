package io.runnel.metadata;

import io.runnel.common.Uuid;
import io.runnel.common.config.ConfigException;
import io.runnel.common.time.Time;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.Errors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated controller: the cluster metadata as a Raft log kept by the controller quorum on Apache Ratis
 * (Netty transport), one {@link MetadataStateMachine} per voter applying the committed changes to its image and
 * telling its listeners.
 *
 * <p>A change is validated against this node's image by the rules every controller shares ({@link
 * MetadataChanges}) and proposed through a Ratis client, which sends it to the leader wherever it is: <b>writes on a
 * follower are forwarded to the leader</b>, not refused. The proposal carries the index of the change it was
 * validated against; the state machine applies it only when no other change came in between, so two nodes (or a
 * lagging one) can never both create the same topic. A refused proposal is validated again once this node has
 * applied what came first. When no leader can be reached within {@code controller.quorum.request.timeout.ms}, the
 * change fails with {@code NOT_CONTROLLER} (retriable) and nothing is written. On success the change is applied to
 * this node's image before the future completes.
 *
 * <p>Ratis takes a snapshot every {@code runnel.metadata.snapshot.interval.entries} entries and purges the log
 * behind it; a restart loads the latest snapshot and replays the log after it; a follower too far behind is sent the
 * snapshot. Storage lives in {@code <metadata.log.dir>/<group id>/} (Ratis' layout).
 *
 * <p>Thread-safe: changes are serialised on one thread, Ratis applies on its own.
 */
public final class RaftController implements Controller {

    private static final Logger log = LoggerFactory.getLogger(RaftController.class);
    /** The one Raft group of the metadata quorum. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("runnel-cluster-metadata".getBytes(StandardCharsets.UTF_8)));

    private static final int MAX_PROPOSALS = 10;

    private final int nodeId;
    private final QuorumConfig config;
    private final MetadataChanges changes;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final MetadataStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    private final ExecutorService executor;

    /**
     * Starts this node's voter in the quorum and returns once it is running (not necessarily once a leader is
     * elected). {@code logDir} holds the Raft log and snapshots.
     *
     * @throws ConfigException when this node is not a controller of the quorum
     */
    public RaftController(
            QuorumConfig config,
            Path logDir,
            TopicConfigValidator configValidator,
            LocalController.Defaults defaults,
            Time time)
            throws IOException {
        if (!config.isController()) {
            throw new ConfigException(
                    QuorumConfig.PROCESS_ROLES,
                    "broker",
                    "a RaftController runs on a node with"
                            + " the controller role; broker-only nodes following the quorum are not supported yet");
        }
        this.nodeId = config.nodeId();
        this.config = config;
        this.changes = new MetadataChanges(
                configValidator, defaults, image -> List.copyOf(image.brokers().keySet()));
        this.stateMachine = new MetadataStateMachine(listeners, time);
        Files.createDirectories(logDir);
        List<RaftPeer> peers = new ArrayList<>();
        for (Map.Entry<Integer, InetSocketAddress> voter : config.voters().entrySet()) {
            InetSocketAddress a = voter.getValue();
            peers.add(RaftPeer.newBuilder()
                    .setId(peerId(voter.getKey()))
                    .setAddress(a.getHostString() + ":" + a.getPort())
                    .build());
        }
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
        RaftProperties properties = properties(config, logDir);
        this.server = RaftServer.newBuilder()
                .setServerId(peerId(nodeId))
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(properties)
                // The group's directory exists after the first start: recover it (snapshot + log), else format.
                .setOption(
                        Files.isDirectory(logDir.resolve(GROUP_ID.getUuid().toString()))
                                ? RaftStorage.StartupOption.RECOVER
                                : RaftStorage.StartupOption.FORMAT)
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        int requestTimeout = config.requestTimeoutMs();
        this.client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(properties)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        Math.max(1, requestTimeout / 100), TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "runnel-raft-controller-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        log.info(
                "Started metadata quorum voter {} at {} (voters {}), {} topics from the snapshot and log",
                nodeId,
                config.controllerAddress(),
                config.voters(),
                stateMachine.image().topics().size());
    }

    private static RaftProperties properties(QuorumConfig config, Path logDir) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(p, config.controllerAddress().getHostString());
        NettyConfigKeys.Server.setPort(p, config.controllerAddress().getPort());
        RaftServerConfigKeys.setStorageDir(p, List.of(logDir.toFile()));
        int election = config.electionTimeoutMs();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2L * election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(
                p, TimeDuration.valueOf(2L * election, TimeUnit.MILLISECONDS));
        TimeDuration request = TimeDuration.valueOf(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, request);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, request);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotIntervalEntries());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, config.snapshotIntervalEntries()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.segmentBytes()));
        return p;
    }

    private static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("node-" + nodeId);
    }

    /** The default Raft log directory under a node's first data directory. */
    public static Path defaultLogDir(Path dataDir) {
        return dataDir.resolve("cluster-metadata-raft");
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public MetadataImage image() {
        return stateMachine.image();
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    @Override
    public CompletableFuture<Void> publishInitialImage() {
        return submit(() -> {
            stateMachine.publish();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> registerBroker(BrokerRegistration registration) {
        return submit(() -> {
            propose(image -> changes.registerBroker(image, registration));
            return null;
        });
    }

    @Override
    public CompletableFuture<TopicImage> createTopic(NewTopic topic, boolean validateOnly) {
        return submit(() -> {
            if (validateOnly) {
                MetadataImage image = image();
                return image.apply(changes.createTopic(image, topic)).topic(topic.name());
            }
            TopicImage created =
                    propose(image -> changes.createTopic(image, topic)).after().topic(topic.name());
            log.info(
                    "Created topic {} with {} partitions, id {}",
                    topic.name(),
                    created.partitions().size(),
                    created.id());
            return created;
        });
    }

    @Override
    public CompletableFuture<TopicImage> deleteTopic(String name, Uuid id) {
        return submit(() -> {
            Proposed proposed = propose(image -> List.of(new MetadataRecord.RemoveTopic(
                    changes.topicToDelete(image, name, id).id().toString())));
            TopicImage deleted = changes.topicToDelete(proposed.before(), name, id);
            log.info("Deleted topic {} (id {})", deleted.name(), deleted.id());
            return deleted;
        });
    }

    @Override
    public CompletableFuture<TopicImage> createPartitions(
            String name, int totalCount, List<List<Integer>> assignments, boolean validateOnly) {
        return submit(() -> {
            if (validateOnly) {
                MetadataImage image = image();
                return image.apply(changes.createPartitions(image, name, totalCount, assignments))
                        .topic(name);
            }
            return propose(image -> changes.createPartitions(image, name, totalCount, assignments))
                    .after()
                    .topic(name);
        });
    }

    @Override
    public CompletableFuture<Void> alterConfigs(
            String resourceType,
            String resourceName,
            Map<String, String> configChanges,
            boolean replaceAll,
            boolean validateOnly,
            ConfigChangeValidator brokerValidator) {
        return submit(() -> {
            Function<MetadataImage, List<MetadataRecord>> change = image ->
                    changes.alterConfigs(image, resourceType, resourceName, configChanges, replaceAll, brokerValidator);
            if (validateOnly) {
                change.apply(image());
            } else {
                propose(change);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Long> allocateProducerIds(int count) {
        return submit(() -> propose(image -> changes.allocateProducerIds(image, count))
                .before()
                .nextProducerId());
    }

    /** The image a change was validated against, and this node's image once it was applied. */
    private record Proposed(MetadataImage before, MetadataImage after) {}

    /**
     * Validates {@code change} against this node's image and proposes its records until one proposal is applied
     * (or there is nothing to change). Runs on the controller thread.
     */
    private Proposed propose(Function<MetadataImage, List<MetadataRecord>> change) throws InterruptedException {
        for (int attempt = 0; attempt < MAX_PROPOSALS; attempt++) {
            MetadataImage before;
            long basedOn;
            synchronized (stateMachine) {
                before = stateMachine.image();
                basedOn = stateMachine.lastChangeIndex();
            }
            List<MetadataRecord> records = change.apply(before);
            if (records.isEmpty()) {
                return new Proposed(before, before);
            }
            RaftClientReply reply = send(new MetadataProposal(basedOn, records));
            if (!stateMachine.awaitApplied(reply.getLogIndex(), config.requestTimeoutMs())) {
                throw Errors.REQUEST_TIMED_OUT.exception("The metadata change was committed at index "
                        + reply.getLogIndex() + " but node " + nodeId + " has not applied it yet.");
            }
            String outcome = reply.getMessage().getContent().toStringUtf8();
            if (outcome.equals(MetadataStateMachine.APPLIED)) {
                return new Proposed(before, stateMachine.image());
            }
            if (!outcome.equals(MetadataStateMachine.STALE)) {
                throw Errors.UNKNOWN_SERVER_ERROR.exception("The metadata quorum refused the change: " + outcome);
            }
            log.debug("Metadata proposal based on {} was overtaken; validating again", basedOn);
        }
        throw Errors.REQUEST_TIMED_OUT.exception(
                "The metadata changed under this change " + MAX_PROPOSALS + " times in a row; try again.");
    }

    private RaftClientReply send(MetadataProposal proposal) {
        RaftClientReply reply;
        try {
            reply = client.io().send(Message.valueOf(ByteString.copyFrom(proposal.encode())));
        } catch (IOException e) {
            throw Errors.NOT_CONTROLLER.exception("No metadata quorum leader could be reached from node " + nodeId
                    + " within " + config.requestTimeoutMs() + " ms (a majority of "
                    + config.voters().keySet()
                    + " must be up): " + e.getMessage());
        }
        if (!reply.isSuccess()) {
            throw Errors.NOT_CONTROLLER.exception(
                    "The metadata quorum did not commit the change: " + reply.getException());
        }
        return reply;
    }

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (ApiException e) {
                    result.completeExceptionally(e);
                } catch (Throwable t) {
                    log.error("Controller operation failed", t);
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(Errors.BROKER_NOT_AVAILABLE.exception("The controller is shutting down."));
        }
        return result;
    }

    /** Whether this node is the quorum's leader right now. */
    boolean isLeader() {
        try {
            return server.getDivision(GROUP_ID).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** The first index still in this node's Raft log (above 0 once a purge happened). */
    long logStartIndex() throws IOException {
        return server.getDivision(GROUP_ID).getRaftLog().getStartIndex();
    }

    /** The log index of this node's latest snapshot, or -1. */
    long snapshotIndex() {
        SnapshotInfo s = stateMachine.getLatestSnapshot();
        return s == null ? -1 : s.getIndex();
    }

    @Override
    public void close() throws IOException {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
