package io.runnel.broker;

import io.runnel.broker.api.AlterConfigsHandler;
import io.runnel.broker.api.ApiVersionsHandler;
import io.runnel.broker.api.CreatePartitionsHandler;
import io.runnel.broker.api.CreateTopicsHandler;
import io.runnel.broker.api.DeleteRecordsHandler;
import io.runnel.broker.api.DeleteTopicsHandler;
import io.runnel.broker.api.DescribeClusterHandler;
import io.runnel.broker.api.DescribeConfigsHandler;
import io.runnel.broker.api.DescribeLogDirsHandler;
import io.runnel.broker.api.IncrementalAlterConfigsHandler;
import io.runnel.broker.api.InitProducerIdHandler;
import io.runnel.broker.api.ListOffsetsHandler;
import io.runnel.broker.api.MetadataHandler;
import io.runnel.broker.api.OffsetForLeaderEpochHandler;
import io.runnel.broker.api.ProduceHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.BrokerConfigCatalog;
import io.runnel.broker.config.TopicConfigCatalog;
import io.runnel.broker.delayed.DelayedOperation;
import io.runnel.broker.delayed.DelayedOperationPurgatory;
import io.runnel.broker.delayed.ExecutorScheduler;
import io.runnel.broker.fetch.FetchHandler;
import io.runnel.broker.fetch.FetchSessionCache;
import io.runnel.broker.group.GroupCoordinatorHost;
import io.runnel.broker.group.GroupHandlers;
import io.runnel.broker.network.ApiHandlers;
import io.runnel.broker.network.Endpoint;
import io.runnel.broker.network.SocketServer;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.producer.ProducerIdManager;
import io.runnel.common.time.Time;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.metadata.BrokerRegistration;
import io.runnel.metadata.Controller;
import io.runnel.metadata.LocalController;
import io.runnel.metadata.TopicImage;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.LogManagerConfig;
import io.runnel.storage.io.Disk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Runnel broker: its data directory, the metadata controller, the partition logs, the handlers of every API,
 * and the network server. {@link #startup()} recovers state and starts serving; {@link #shutdown()} stops
 * accepting, lets in-flight requests finish, flushes and checkpoints the logs, and releases the data directory.
 *
 * <p>Thread-safe lifecycle: start once, shut down once (further calls are no-ops).
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final Time time;
    private final Disk disk;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private DataDirectory dataDirectory;
    private Controller controller;
    private LogManager logManager;
    private ExecutorScheduler scheduler;
    private DelayedOperationPurgatory<DelayedOperation> fetchPurgatory;
    private ReplicaManager replicaManager;
    private GroupCoordinatorHost groupCoordinator;
    private SocketServer socketServer;
    private BrokerIdentity identity;
    private volatile boolean started;
    private boolean shutDown;

    public Broker(BrokerConfig config, Time time) {
        this(config, time, Disk.LOCAL);
    }

    /**
     * A broker whose partition logs live on {@code disk}: {@link Disk#LOCAL} in production, a fault-injecting disk
     * in tests. The data directory's lock and identity and the metadata log always use the real file system.
     */
    public Broker(BrokerConfig config, Time time, Disk disk) {
        this.config = config;
        this.time = time;
        this.disk = disk;
    }

    public synchronized void startup() throws Exception {
        if (started) {
            return;
        }
        long begin = time.nanoseconds();
        try {
            List<Path> dirs = config.logDirs();
            if (dirs.size() != 1) {
                throw new IllegalArgumentException("log.dirs: exactly one data directory is supported, got " + dirs);
            }
            ApiHandlers handlers = new ApiHandlers();
            socketServer = new SocketServer(
                    new SocketServer.Settings(
                            config.listeners(),
                            config.getInt(BrokerConfig.SOCKET_REQUEST_MAX_BYTES),
                            config.getInt(BrokerConfig.MAX_CONNECTIONS),
                            config.getLong(BrokerConfig.CONNECTIONS_MAX_IDLE_MS),
                            config.getInt(BrokerConfig.NUM_NETWORK_THREADS),
                            config.getInt(BrokerConfig.QUEUED_MAX_REQUESTS),
                            config.getInt(BrokerConfig.SOCKET_SEND_BUFFER_BYTES),
                            config.getInt(BrokerConfig.SOCKET_RECEIVE_BUFFER_BYTES)),
                    handlers,
                    time);
            CompletableFuture<Void> binding = CompletableFuture.runAsync(
                    () -> {
                        try {
                            socketServer.bind();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    },
                    r -> {
                        Thread t = new Thread(r, "runnel-bind");
                        t.setDaemon(true);
                        t.start();
                    });
            dataDirectory = DataDirectory.open(dirs.get(0), config.nodeId(), null);
            BrokerConfigCatalog brokerConfigs = new BrokerConfigCatalog(config, () -> controller.image());
            TopicConfigCatalog topicConfigs = new TopicConfigCatalog(brokerConfigs);
            controller = new LocalController(
                    config.nodeId(),
                    dataDirectory.path().resolve("cluster-metadata.log"),
                    topicConfigs,
                    new LocalController.Defaults(
                            config.getInt(BrokerConfig.NUM_PARTITIONS),
                            config.getShort(BrokerConfig.DEFAULT_REPLICATION_FACTOR),
                            config.getBoolean(BrokerConfig.DELETE_TOPIC_ENABLE)));

            logManager = new LogManager(
                    dataDirectory.path(),
                    LogManagerConfig.of(config.values()),
                    tp -> {
                        TopicImage topic = controller.image().topic(tp.topic());
                        return LogConfig.of(topicConfigs.effective(topic == null ? Map.of() : topic.configs()));
                    },
                    time,
                    disk,
                    tp -> log.error("Partition {} is offline after a disk error; restart the broker to recover", tp));
            logManager.startup();
            scheduler = new ExecutorScheduler("runnel-delayed");
            fetchPurgatory = new DelayedOperationPurgatory<>(scheduler);
            boolean durable = config.getBoolean(BrokerConfig.ACKS_ALL_DURABLE);
            replicaManager = new ReplicaManager(config.nodeId(), logManager, topicConfigs, durable, fetchPurgatory);
            controller.addListener(replicaManager);
            groupCoordinator = new GroupCoordinatorHost(
                    GroupCoordinatorConfig.of(config.values()),
                    controller,
                    replicaManager,
                    scheduler,
                    time,
                    config.getInt(BrokerConfig.OFFSETS_TOPIC_SEGMENT_BYTES));
            controller.addListener(groupCoordinator);
            FetchSessionCache fetchSessions = new FetchSessionCache(
                    config.getInt(BrokerConfig.MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS), 120_000L, time);

            // Binding (Netty's native transport and event loops) is independent of the state loaded above and
            // ran concurrently with it; the listeners stay paused until the handlers are registered.
            binding.get();
            identity = new BrokerIdentity(
                    config.nodeId(),
                    dataDirectory.clusterId(),
                    config.getString(BrokerConfig.RACK),
                    resolveAdvertised());

            handlers.register(new ApiVersionsHandler(handlers))
                    .register(new MetadataHandler(
                            identity, controller, () -> config.getBoolean(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE)))
                    .register(new DescribeClusterHandler(identity))
                    .register(new CreateTopicsHandler(controller, topicConfigs))
                    .register(new DeleteTopicsHandler(controller))
                    .register(new CreatePartitionsHandler(controller))
                    .register(new DescribeConfigsHandler(controller, topicConfigs, brokerConfigs))
                    .register(new AlterConfigsHandler(controller, brokerConfigs))
                    .register(new IncrementalAlterConfigsHandler(controller, topicConfigs, brokerConfigs))
                    .register(new InitProducerIdHandler(new ProducerIdManager(controller)))
                    .register(new ProduceHandler(replicaManager, scheduler))
                    .register(new FetchHandler(
                            replicaManager, fetchSessions, fetchPurgatory, config.getInt(BrokerConfig.FETCH_MAX_BYTES)))
                    .register(new ListOffsetsHandler(replicaManager))
                    .register(new OffsetForLeaderEpochHandler(replicaManager))
                    .register(new DeleteRecordsHandler(replicaManager))
                    .register(new DescribeLogDirsHandler(replicaManager, dataDirectory.path()));
            GroupHandlers.register(handlers, groupCoordinator, identity);

            controller.registerBroker(registration(identity)).get(30, TimeUnit.SECONDS);
            controller.publishInitialImage().get(30, TimeUnit.SECONDS);
            replicaManager.reportStrayLogs();
            socketServer.startAccepting();
            started = true;
            log.info(
                    "Runnel broker {} started in {} ms (cluster {}, data in {})",
                    config.nodeId(),
                    TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - begin),
                    identity.clusterId(),
                    dataDirectory.path().toAbsolutePath());
        } catch (Exception e) {
            log.error("Broker start-up failed: {}", e.toString());
            shutdown();
            throw e;
        }
    }

    private static BrokerRegistration registration(BrokerIdentity identity) {
        List<BrokerRegistration.Listener> listeners = new ArrayList<>();
        for (Endpoint e : identity.advertised()) {
            listeners.add(new BrokerRegistration.Listener(e.listenerName(), e.host(), e.port()));
        }
        return new BrokerRegistration(identity.nodeId(), identity.rack(), listeners);
    }

    /** Advertised listeners, with port 0 replaced by the port actually bound. */
    private List<Endpoint> resolveAdvertised() {
        List<Endpoint> result = new ArrayList<>();
        for (Endpoint e : config.advertisedListeners()) {
            int port = e.port() == 0 ? socketServer.boundPort(e.listenerName()) : e.port();
            String host = e.host().isEmpty() || e.host().equals("0.0.0.0") ? "localhost" : e.host();
            result.add(new Endpoint(e.listenerName(), host, port));
        }
        return result;
    }

    public BrokerIdentity identity() {
        return identity;
    }

    public BrokerConfig config() {
        return config;
    }

    public Controller controller() {
        return controller;
    }

    /** The port the first listener bound. */
    public int boundPort() {
        return socketServer.boundPort(config.listeners().get(0).listenerName());
    }

    /** host:port of the first advertised listener, for a client's bootstrap.servers. */
    public String bootstrapServers() {
        Endpoint e = identity.advertised().get(0);
        return e.host() + ":" + e.port();
    }

    public ReplicaManager replicaManager() {
        return replicaManager;
    }

    public SocketServer socketServer() {
        return socketServer;
    }

    public synchronized void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        log.info("Runnel broker {} shutting down", config.nodeId());
        if (socketServer != null) {
            socketServer.stopAccepting();
        }
        if (fetchPurgatory != null) {
            // Waiting fetches are answered with what they have, before connections close.
            fetchPurgatory.shutdown();
        }
        if (socketServer != null) {
            socketServer.shutdown(config.getLong(BrokerConfig.SHUTDOWN_GRACE_MS));
        }
        closeQuietly(groupCoordinator);
        closeQuietly(scheduler);
        // Flushes every log, writes checkpoints and the clean-shutdown marker.
        closeQuietly(logManager);
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        closeQuietly(controller);
        closeQuietly(dataDirectory);
        started = false;
        stopped.countDown();
        log.info("Runnel broker {} shut down", config.nodeId());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Error while closing {}: {}", c, e.toString());
        }
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        shutdown();
    }
}
