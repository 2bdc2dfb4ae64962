package io.runnel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runnel configs}: Kafka's {@code kafka-configs.sh} for the entity types Runnel has, {@code topics} and
 * {@code brokers} (a broker id, or {@code --entity-default} for the cluster-wide dynamic default), with Kafka's
 * flags, shorthands ({@code --topic}, {@code --broker}, {@code --broker-defaults}), checks and output:
 *
 * <pre>
 * Dynamic configs for topic t are:
 *   retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, DEFAULT_CONFIG:…}
 * </pre>
 *
 * {@code --describe} lists the dynamic entries of the entity (all of them with {@code --all}); {@code --alter}
 * applies {@code --add-config} (see {@link ConfigAssignments}) and {@code --delete-config} in one
 * IncrementalAlterConfigs request, refusing to delete a key that has no dynamic value.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(
        name = "runnel configs",
        sortOptions = false,
        description = "Describe or alter the dynamic configuration of topics and brokers.")
final class ConfigsCommand extends Verb {

    private static final List<String> SUPPORTED_TYPES = List.of("topics", "brokers");
    private static final List<String> KAFKA_TYPES =
            List.of("topics", "clients", "users", "brokers", "broker-loggers", "ips", "client-metrics", "groups");

    @Mixin
    BootstrapServerOption bootstrap;

    @Mixin
    CommandConfigOption commandConfig;

    @Option(names = "--describe", description = "List configs for the given entity.")
    boolean describe;

    @Option(names = "--alter", description = "Alter the configuration for the entity.")
    boolean alter;

    @Option(names = "--all", description = "With --describe: list all configs, not only the dynamic ones.")
    boolean all;

    @Option(names = "--entity-type", paramLabel = "TYPE", description = "Type of entity: topics or brokers.")
    List<String> entityTypes = new ArrayList<>();

    @Option(names = "--entity-name", paramLabel = "NAME", description = "Name of the entity: topic name or broker id.")
    List<String> entityNames = new ArrayList<>();

    @Option(names = "--entity-default", description = "The cluster-wide default of brokers.")
    boolean entityDefault;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "Shorthand for --entity-type topics --entity-name TOPIC.")
    String topic;

    @Option(
            names = "--broker",
            paramLabel = "ID",
            description = "Shorthand for --entity-type brokers --entity-name ID.")
    String broker;

    @Option(names = "--broker-defaults", description = "Shorthand for --entity-type brokers --entity-default.")
    boolean brokerDefaults;

    @Option(
            names = "--add-config",
            paramLabel = "K=V,...",
            description = "Configs to set: 'k1=v1,k2=[v1,v2,v3],k3=v3' (brackets group values containing commas).")
    String addConfig;

    @Option(names = "--add-config-file", paramLabel = "FILE", description = "A properties file of configs to set.")
    Path addConfigFile;

    @Option(names = "--delete-config", paramLabel = "K1,K2", description = "Config keys to remove: 'k1,k2'.")
    List<String> deleteConfig = new ArrayList<>();

    @Option(names = "--force", hidden = true)
    boolean force;

    @Mixin
    ZookeeperOption zookeeper;

    @Option(names = "--bootstrap-controller", hidden = true)
    String bootstrapController;

    @Mixin
    HelpOption help;

    /** The entity type and name (empty for the default entity) after shorthands are resolved. */
    private String type;

    private String name;

    ConfigsCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        checkArgs();
        try (AdminConnection connection = AdminConnection.open(bootstrap.value(), commandConfig.load())) {
            if (alter) {
                alter(connection);
            } else {
                describe(connection);
            }
        }
        return Cli.OK;
    }

    void checkArgs() {
        zookeeper.refuse();
        require(bootstrapController == null, "--bootstrap-controller is not supported; use --bootstrap-server");
        require(describe ^ alter, "Command must include exactly one action: --describe, --alter");
        bootstrap.required("--bootstrap-server must be specified");
        onlyWith(addConfig != null, "--add-config", alter, "--alter");
        onlyWith(addConfigFile != null, "--add-config-file", alter, "--alter");
        onlyWith(!deleteConfig.isEmpty(), "--delete-config", alter, "--alter");
        onlyWith(all, "--all", describe, "--describe");

        boolean generic = !entityTypes.isEmpty() || !entityNames.isEmpty() || entityDefault;
        boolean shorthand = topic != null || broker != null || brokerDefaults;
        require(
                !(generic && shorthand),
                "--entity-{type,name,default} should not be used in conjunction with specific entity flags");
        List<String> types = new ArrayList<>(entityTypes);
        List<String> names = new ArrayList<>();
        if (shorthand) {
            if (topic != null) {
                types.add("topics");
                names.add(topic);
            }
            if (broker != null) {
                types.add("brokers");
                names.add(broker);
            }
            if (brokerDefaults) {
                types.add("brokers");
                names.add("");
            }
        } else {
            names.addAll(entityNames);
            if (entityDefault) {
                names.add("");
            }
        }
        require(!types.isEmpty(), "At least one entity type must be specified");
        require(
                types.stream().distinct().count() == types.size(),
                "Duplicate entity type(s) specified: " + String.join(",", types));
        for (String t : types) {
            require(
                    KAFKA_TYPES.contains(t),
                    "Invalid entity type " + t + ", the entity type must be one of "
                            + String.join(", ", SUPPORTED_TYPES));
            if (!SUPPORTED_TYPES.contains(t)) {
                throw new CommandFailedException(
                        "Entity type " + t + " is not supported by Runnel yet (supported: topics, brokers)");
            }
        }
        require(types.size() == 1, "Only one entity type may be specified");
        require(names.size() <= 1, "Only one entity name or --entity-default may be specified");
        type = types.get(0);
        name = names.isEmpty() ? null : names.get(0);
        if (type.equals("brokers") && name != null && !name.isEmpty()) {
            try {
                Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new UsageException(
                        "The entity name for brokers must be a valid integer broker id, but it is: " + name);
            }
        }
        if (describe) {
            require(
                    !(type.equals("topics") && "".equals(name)),
                    "--entity-default must not be specified with --describe of topics");
        }
        if (alter) {
            if (type.equals("brokers")) {
                require(name != null, "An entity-name or default entity must be specified with --alter of brokers");
            } else {
                require(name != null && !name.isEmpty(), "An entity name must be specified with --alter of topics");
            }
            require(
                    addConfig == null || addConfigFile == null,
                    "Only one of --add-config or --add-config-file must be specified");
            require(
                    addConfig != null || addConfigFile != null || !deleteConfig.isEmpty(),
                    "At least one of --add-config, --add-config-file, or --delete-config must be specified with"
                            + " --alter");
        }
    }

    private void describe(AdminConnection connection) {
        List<String> entities = new ArrayList<>();
        if (name != null) {
            entities.add(name);
        } else if (type.equals("topics")) {
            entities.addAll(
                    connection
                            .await(connection
                                    .admin()
                                    .listTopics(new ListTopicsOptions().listInternal(true))
                                    .names())
                            .stream()
                            .sorted()
                            .toList());
        } else {
            connection.await(connection.admin().describeCluster().nodes()).stream()
                    .map(Node::id)
                    .sorted()
                    .forEach(id -> entities.add(Integer.toString(id)));
            entities.add("");
        }
        for (String entity : entities) {
            if (entity.isEmpty()) {
                terminal.out().println("Default configs for " + type + " in the cluster are:");
            } else {
                terminal.out()
                        .println((all ? "All" : "Dynamic") + " configs for " + singular() + " " + entity + " are:");
            }
            for (ConfigEntry e : entries(connection, entity, true, all)) {
                terminal.out().println(ConfigReport.entryLine(e));
            }
        }
    }

    private void alter(AdminConnection connection) {
        Map<String, String> toSet = addConfigFile != null
                ? new LinkedHashMap<>(ClientProperties.load(addConfigFile))
                : addConfig != null ? ConfigAssignments.parse(addConfig) : Map.of();
        List<String> toDelete = ConfigAssignments.names(deleteConfig);
        if (!toDelete.isEmpty()) {
            List<String> dynamic = entries(connection, name, false, false).stream()
                    .map(ConfigEntry::name)
                    .toList();
            List<String> invalid =
                    toDelete.stream().filter(k -> !dynamic.contains(k)).toList();
            if (!invalid.isEmpty()) {
                throw new CommandFailedException("Invalid config(s): " + String.join(",", invalid));
            }
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        toSet.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        toDelete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
        Map<ConfigResource, Collection<AlterConfigOp>> request = Map.of(resource(name), ops);
        connection.await(connection
                .admin()
                .incrementalAlterConfigs(request, new AlterConfigsOptions().validateOnly(false))
                .all());
        if (name.isEmpty()) {
            terminal.out().println("Completed updating default config for " + type + " in the cluster.");
        } else {
            terminal.out().println("Completed updating config for " + singular() + " " + name + ".");
        }
    }

    /** The entity's config entries, sorted by name: all of them, or only those set dynamically on it. */
    private List<ConfigEntry> entries(AdminConnection connection, String entity, boolean synonyms, boolean everything) {
        ConfigResource resource = resource(entity);
        Config config = connection
                .await(connection
                        .admin()
                        .describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(synonyms))
                        .all())
                .get(resource);
        ConfigEntry.ConfigSource dynamic = dynamicSource(entity);
        return config.entries().stream()
                .filter(e -> everything || e.source() == dynamic)
                .sorted(Comparator.comparing(ConfigEntry::name))
                .collect(Collectors.toList());
    }

    private ConfigResource resource(String entity) {
        return new ConfigResource(
                type.equals("topics") ? ConfigResource.Type.TOPIC : ConfigResource.Type.BROKER, entity);
    }

    private ConfigEntry.ConfigSource dynamicSource(String entity) {
        if (type.equals("topics")) {
            return ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
        }
        return entity.isEmpty()
                ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
    }

    private String singular() {
        return type.substring(0, type.length() - 1);
    }
}
