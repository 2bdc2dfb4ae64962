package io.runnel.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runnel topics}: Kafka's {@code kafka-topics.sh} with the same flags, checks, messages and output. Exactly
 * one action of {@code --create}, {@code --list}, {@code --describe}, {@code --alter} (partition count only, as in
 * Kafka 4; configs are altered with {@code runnel configs}) and {@code --delete}. {@code --topic} is a regular
 * expression except with {@code --create} (see {@link TopicFilter}).
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "runnel topics", sortOptions = false, description = "Create, delete, describe, or change a topic.")
final class TopicsCommand extends Verb {

    @Mixin
    BootstrapServerOption bootstrap;

    @Mixin
    CommandConfigOption commandConfig;

    @Option(names = "--create", description = "Create a new topic.")
    boolean create;

    @Option(names = "--list", description = "List all available topics.")
    boolean list;

    @Option(names = "--describe", description = "List details for the given topics.")
    boolean describe;

    @Option(
            names = "--alter",
            description = "Alter the number of partitions and replica assignment. (To alter topic configurations, use"
                    + " 'runnel configs'.)")
    boolean alter;

    @Option(names = "--delete", description = "Delete a topic.")
    boolean delete;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "The topic to create, alter, describe or delete. Also accepts a regular expression, except"
                    + " with --create (escape dots: \"test\\.topic\").")
    String topic;

    @Option(names = "--topic-id", paramLabel = "ID", description = "The topic id to describe.")
    String topicId;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "The number of partitions for the topic being created or altered (default: the broker's"
                    + " num.partitions).")
    Integer partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            description = "The replication factor of the topic being created (default: the broker's).")
    Integer replicationFactor;

    @Option(
            names = "--replica-assignment",
            paramLabel = "B1:B2,B3:B4,...",
            description = "Manual partition-to-broker assignments for the topic being created or altered.")
    String replicaAssignment;

    @Option(
            names = "--config",
            paramLabel = "NAME=VALUE",
            description = "A topic configuration override for the topic being created; repeatable.")
    List<String> configs = new ArrayList<>();

    @Option(names = "--delete-config", paramLabel = "NAME", hidden = true)
    List<String> deleteConfigs = new ArrayList<>();

    @Option(names = "--if-exists", description = "With --alter, --delete or --describe: only act if the topic exists.")
    boolean ifExists;

    @Option(names = "--if-not-exists", description = "With --create: only create the topic if it does not exist.")
    boolean ifNotExists;

    @Option(
            names = "--exclude-internal",
            description = "Exclude internal topics when listing or describing topics (included by default).")
    boolean excludeInternal;

    @Option(
            names = "--topics-with-overrides",
            description = "With --describe: only show topics that have overridden configs.")
    boolean topicsWithOverrides;

    @Option(
            names = "--under-replicated-partitions",
            description = "With --describe: only show under-replicated partitions.")
    boolean underReplicated;

    @Option(
            names = "--under-min-isr-partitions",
            description = "With --describe: only show partitions whose ISR is smaller than min.insync.replicas.")
    boolean underMinIsr;

    @Option(
            names = "--at-min-isr-partitions",
            description = "With --describe: only show partitions whose ISR equals min.insync.replicas.")
    boolean atMinIsr;

    @Option(
            names = "--unavailable-partitions",
            description = "With --describe: only show partitions whose leader is not available.")
    boolean unavailable;

    @Option(
            names = "--partition-size-limit-per-response",
            paramLabel = "N",
            description = "The maximum number of partitions in one DescribeTopicPartitions response.")
    Integer partitionSizeLimit;

    @Mixin
    ZookeeperOption zookeeper;

    @Mixin
    HelpOption help;

    TopicsCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    String errorPrefix() {
        return "Error while executing topic command : ";
    }

    @Override
    public Integer call() {
        checkArgs();
        try (AdminConnection connection = AdminConnection.open(bootstrap.value(), commandConfig.load())) {
            if (create) {
                create(connection);
            } else if (list) {
                for (String name : topics(connection)) {
                    terminal.out().println(name);
                }
            } else if (describe) {
                describe(connection);
            } else if (alter) {
                alter(connection);
            } else {
                delete(connection);
            }
        }
        return Cli.OK;
    }

    void checkArgs() {
        zookeeper.refuse();
        long actions = List.of(create, list, describe, alter, delete).stream()
                .filter(b -> b)
                .count();
        require(
                actions == 1,
                "Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        bootstrap.required("--bootstrap-server must be specified");
        require(
                deleteConfigs.isEmpty(),
                "--delete-config is not supported by topics; use 'runnel configs --alter --delete-config'");
        if (!list && !describe) {
            require(topic != null, "Missing required argument --topic");
        }
        if (describe && ifExists) {
            require(topic != null || topicId != null, "--topic or --topic-id is required to describe a topic");
        }
        if (alter) {
            require(
                    configs.isEmpty(),
                    "Option --config can't be used with --alter. To alter topic configurations, use: runnel configs"
                            + " --bootstrap-server ... --alter --entity-type topics --entity-name TOPIC --add-config"
                            + " k=v");
            require(partitions != null, "Missing required argument --partitions");
        }
        onlyWith(!configs.isEmpty(), "--config", create, "--create");
        onlyWith(partitions != null, "--partitions", create || alter, "--create or --alter");
        onlyWith(replicationFactor != null, "--replication-factor", create, "--create");
        onlyWith(replicaAssignment != null, "--replica-assignment", create || alter, "--create or --alter");
        if (create && replicaAssignment != null) {
            require(
                    partitions == null && replicationFactor == null,
                    "Option --replica-assignment can't be used with --partitions or --replication-factor");
        }
        boolean report = underReplicated || underMinIsr || atMinIsr || unavailable;
        onlyWith(report, "--under-replicated-partitions/--under-min-isr-partitions/…", describe, "--describe");
        onlyWith(topicsWithOverrides, "--topics-with-overrides", describe, "--describe");
        require(
                !(topicsWithOverrides && report),
                "Option --topics-with-overrides can't be used with partition reports");
        onlyWith(ifExists, "--if-exists", alter || delete || describe, "--alter, --delete or --describe");
        onlyWith(ifNotExists, "--if-not-exists", create, "--create");
        onlyWith(excludeInternal, "--exclude-internal", list || describe, "--list or --describe");
        onlyWith(topicId != null, "--topic-id", describe, "--describe");
        onlyWith(partitionSizeLimit != null, "--partition-size-limit-per-response", describe, "--describe");
    }

    private void create(AdminConnection connection) {
        if (topic.contains(".") || topic.contains("_")) {
            terminal.out()
                    .println("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore"
                            + " ('_') could collide. To avoid issues it is best to use either, but not both.");
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new UsageException("The replication factor must be between 1 and " + Short.MAX_VALUE + " inclusive");
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("The partitions must be greater than 0");
        }
        Map<String, String> topicConfigs = ClientProperties.parse(configs, "--config");
        NewTopic newTopic = replicaAssignment != null
                ? new NewTopic(topic, ReplicaAssignment.parse(replicaAssignment).partitions())
                : new NewTopic(
                        topic,
                        Optional.ofNullable(partitions),
                        Optional.ofNullable(replicationFactor).map(Integer::shortValue));
        newTopic.configs(topicConfigs);
        try {
            connection.await(connection
                    .admin()
                    .createTopics(List.of(newTopic), new CreateTopicsOptions().retryOnQuotaViolation(false))
                    .all());
            terminal.out().println("Created topic " + topic + ".");
        } catch (TopicExistsException e) {
            if (!ifNotExists) {
                throw e;
            }
        }
    }

    /** The topics named by --topic (all when absent), sorted, internal ones unless --exclude-internal. */
    private List<String> topics(AdminConnection connection) {
        return listings(connection).stream().map(TopicListing::name).sorted().collect(Collectors.toList());
    }

    private List<TopicListing> listings(AdminConnection connection) {
        TopicFilter filter = topic == null ? null : TopicFilter.of(topic);
        return connection
                .await(connection
                        .admin()
                        .listTopics(new ListTopicsOptions().listInternal(true))
                        .listings())
                .stream()
                .filter(l -> !(excludeInternal && l.isInternal()))
                .filter(l -> filter == null || filter.matches(l.name()))
                .collect(Collectors.toList());
    }

    private void ensureFound(List<?> found) {
        if (found.isEmpty() && !ifExists) {
            if (topicId != null) {
                throw new CommandFailedException("TopicId '" + topicId + "' does not exist as expected");
            }
            if (topic != null) {
                throw new CommandFailedException("Topic '" + topic + "' does not exist as expected");
            }
        }
    }

    private void describe(AdminConnection connection) {
        Admin admin = connection.admin();
        List<String> names;
        if (topicId != null && !parseTopicId(topicId).equals(Uuid.ZERO_UUID)) {
            Uuid id = parseTopicId(topicId);
            names = listings(connection).stream()
                    .filter(l -> id.equals(l.topicId()))
                    .map(TopicListing::name)
                    .collect(Collectors.toList());
        } else {
            names = topics(connection);
        }
        ensureFound(names);
        if (names.isEmpty()) {
            return;
        }
        DescribeTopicsOptions options = new DescribeTopicsOptions();
        if (partitionSizeLimit != null) {
            options.partitionSizeLimitPerResponse(partitionSizeLimit);
        }
        Map<String, TopicDescription> descriptions =
                connection.await(admin.describeTopics(TopicCollection.ofTopicNames(names), options)
                        .allTopicNames());
        Map<ConfigResource, KafkaFuture<Config>> configFutures = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList())
                .values();
        Set<Integer> liveBrokers = connection.await(admin.describeCluster().nodes()).stream()
                .map(Node::id)
                .collect(Collectors.toSet());
        boolean report = underReplicated || underMinIsr || atMinIsr || unavailable;
        for (String name : names) {
            TopicDescription td = descriptions.get(name);
            if (td == null) {
                continue;
            }
            Config config = connection.await(configFutures.get(new ConfigResource(ConfigResource.Type.TOPIC, name)));
            List<TopicPartitionInfo> sorted = new ArrayList<>(td.partitions());
            sorted.sort(Comparator.comparingInt(TopicPartitionInfo::partition));
            if (!report && (!topicsWithOverrides || TopicReport.hasOverrides(config))) {
                terminal.out().println(TopicReport.topicLine(td, config));
            }
            if (topicsWithOverrides) {
                continue;
            }
            for (TopicPartitionInfo p : sorted) {
                boolean show = !report
                        || (underReplicated && TopicReport.underReplicated(p))
                        || (underMinIsr && TopicReport.underMinIsr(p, config))
                        || (atMinIsr && TopicReport.atMinIsr(p, config))
                        || (unavailable && TopicReport.unavailable(p, liveBrokers));
                if (show) {
                    terminal.out().println(TopicReport.partitionLine(name, p));
                }
            }
        }
    }

    private static Uuid parseTopicId(String id) {
        try {
            return Uuid.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid --topic-id '" + id + "': " + e.getMessage());
        }
    }

    private void alter(AdminConnection connection) {
        List<String> names = topics(connection);
        ensureFound(names);
        if (names.isEmpty()) {
            return;
        }
        ReplicaAssignment assignment = replicaAssignment == null ? null : ReplicaAssignment.parse(replicaAssignment);
        Map<String, NewPartitions> changes = new LinkedHashMap<>();
        Map<String, TopicDescription> current = assignment == null
                ? Map.of()
                : connection.await(connection.admin().describeTopics(names).allTopicNames());
        for (String name : names) {
            changes.put(
                    name,
                    assignment == null
                            ? NewPartitions.increaseTo(partitions)
                            : NewPartitions.increaseTo(
                                    partitions,
                                    assignment.from(
                                            current.get(name).partitions().size())));
        }
        connection.await(connection
                .admin()
                .createPartitions(changes, new CreatePartitionsOptions().retryOnQuotaViolation(false))
                .all());
    }

    private void delete(AdminConnection connection) {
        List<String> names = topics(connection);
        ensureFound(names);
        if (names.isEmpty()) {
            return;
        }
        connection.await(connection
                .admin()
                .deleteTopics(names, new DeleteTopicsOptions().retryOnQuotaViolation(false))
                .all());
    }
}
