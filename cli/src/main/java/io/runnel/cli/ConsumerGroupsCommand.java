package io.runnel.cli;

import io.runnel.common.time.Time;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runnel consumer-groups}: Kafka's {@code kafka-consumer-groups.sh} with the same flags, checks and tables
 * (see {@link GroupReport}). Exactly one action: {@code --list} (optionally {@code --state}/{@code --type}),
 * {@code --describe} (offsets and lag by default, or {@code --members}/{@code --state}, with {@code --verbose}),
 * {@code --reset-offsets} (a dry run unless {@code --execute}; see {@link OffsetResetPlanner}), {@code --delete}
 * and {@code --delete-offsets}. Unlike Kafka's tool, which prints some errors and exits 0, any group that could not
 * be described, reset or deleted makes the exit code {@value Cli#FAILED}, with one line per problem on standard
 * error.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(
        name = "runnel consumer-groups",
        sortOptions = false,
        description = "List, describe, delete consumer groups, or reset and delete their offsets.")
final class ConsumerGroupsCommand extends Verb {

    @Mixin
    BootstrapServerOption bootstrap;

    @Mixin
    CommandConfigOption commandConfig;

    @Option(names = "--list", description = "List all consumer groups.")
    boolean list;

    @Option(names = "--describe", description = "Describe consumer groups: offsets and lag, members or state.")
    boolean describe;

    @Option(names = "--delete", description = "Delete consumer groups (they must have no active members).")
    boolean delete;

    @Option(names = "--reset-offsets", description = "Reset the committed offsets of inactive groups.")
    boolean resetOffsets;

    @Option(names = "--delete-offsets", description = "Delete committed offsets of a group for some topics.")
    boolean deleteOffsets;

    @Option(names = "--group", paramLabel = "GROUP", description = "The consumer group; repeatable.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--all-groups", description = "Apply to all consumer groups.")
    boolean allGroups;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC[:P,...]",
            description = "With --reset-offsets or --delete-offsets: a topic, or some of its partitions as"
                    + " 'topic:0,1'; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--all-topics", description = "With --reset-offsets: every topic the group has offsets for.")
    boolean allTopics;

    @Option(names = "--members", description = "With --describe: the members of the group.")
    boolean members;

    @Option(names = "--offsets", description = "With --describe: offsets and lag per partition (the default).")
    boolean offsets;

    @Option(
            names = "--state",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "STATES",
            description = "With --describe: the state of the group. With --list: show states, or only groups in"
                    + " these states (e.g. stable,empty).")
    String state;

    @Option(
            names = "--type",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "TYPES",
            description = "With --list: show group types, or only groups of these types (classic,consumer).")
    String type;

    @Option(names = "--verbose", description = "With --describe: more columns.")
    boolean verbose;

    @Option(names = "--dry-run", description = "With --reset-offsets: only show the new offsets (the default).")
    boolean dryRun;

    @Option(names = "--execute", description = "With --reset-offsets: commit the new offsets.")
    boolean execute;

    @Option(names = "--export", description = "With --reset-offsets: print the plan as CSV (for --from-file).")
    boolean export;

    @Option(names = "--to-earliest", description = "Reset to the earliest offset.")
    boolean toEarliest;

    @Option(names = "--to-latest", description = "Reset to the latest offset.")
    boolean toLatest;

    @Option(names = "--to-current", description = "Reset to the current offset.")
    boolean toCurrent;

    @Option(names = "--to-offset", paramLabel = "OFFSET", description = "Reset to this offset.")
    Long toOffset;

    @Option(names = "--shift-by", paramLabel = "N", description = "Shift the current offset by N (may be negative).")
    Long shiftBy;

    @Option(
            names = "--to-datetime",
            paramLabel = "DATETIME",
            description = "Reset to the first record at or after this time: 'YYYY-MM-DDTHH:mm:SS.sss' (UTC unless a"
                    + " zone is given).")
    String toDatetime;

    @Option(
            names = "--by-duration",
            paramLabel = "DURATION",
            description = "Reset to the first record at or after now minus this ISO-8601 duration: 'PnDTnHnMnS'.")
    String byDuration;

    @Option(names = "--from-file", paramLabel = "CSV", description = "Reset to the offsets of a CSV file (--export).")
    Path fromFile;

    @Option(
            names = "--timeout",
            paramLabel = "MS",
            description = "How long to wait for the broker (default: 15000, or default.api.timeout.ms).")
    Long timeoutMs;

    @Mixin
    HelpOption help;

    private final Time time;
    private boolean failed;

    ConsumerGroupsCommand(Terminal terminal, Time time) {
        super(terminal);
        this.time = time;
    }

    @Override
    public Integer call() {
        ResetScenario scenario = checkArgs();
        Map<String, String> props = commandConfig.load();
        if (timeoutMs != null) {
            props.put("default.api.timeout.ms", Long.toString(timeoutMs));
        }
        try (AdminConnection connection = AdminConnection.open(bootstrap.value(), props)) {
            if (list) {
                list(connection);
            } else if (describe) {
                describe(connection);
            } else if (delete) {
                delete(connection);
            } else if (resetOffsets) {
                reset(connection, scenario);
            } else {
                deleteOffsets(connection);
            }
        }
        return failed ? Cli.FAILED : Cli.OK;
    }

    /** Kafka's checks; returns the reset scenario for --reset-offsets. */
    ResetScenario checkArgs() {
        long actions = List.of(list, describe, delete, resetOffsets, deleteOffsets).stream()
                .filter(b -> b)
                .count();
        require(
                actions == 1,
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets,"
                        + " --delete-offsets");
        bootstrap.required("Missing required argument --bootstrap-server");
        require(!(allGroups && !groups.isEmpty()), "Option --group can't be used with --all-groups");
        onlyWith(
                !groups.isEmpty(),
                "--group",
                describe || delete || resetOffsets || deleteOffsets,
                "--describe, --delete, --reset-offsets or --delete-offsets");
        onlyWith(
                allGroups,
                "--all-groups",
                describe || delete || resetOffsets,
                "--describe, --delete or --reset-offsets");
        onlyWith(
                !topics.isEmpty(),
                "--topic",
                resetOffsets || deleteOffsets || delete,
                "--reset-offsets or --delete-offsets");
        onlyWith(members, "--members", describe, "--describe");
        onlyWith(offsets, "--offsets", describe, "--describe");
        onlyWith(verbose, "--verbose", describe, "--describe");
        onlyWith(state != null, "--state", describe || list, "--describe or --list");
        onlyWith(type != null, "--type", list, "--list");
        boolean anyResetFlag = dryRun
                || execute
                || export
                || allTopics
                || toEarliest
                || toLatest
                || toCurrent
                || toOffset != null
                || shiftBy != null
                || toDatetime != null
                || byDuration != null
                || fromFile != null;
        onlyWith(anyResetFlag, "--dry-run/--execute/--export/--all-topics/--to-…", resetOffsets, "--reset-offsets");

        if (describe) {
            require(
                    !groups.isEmpty() || allGroups,
                    "Option --describe takes one of these options: --all-groups, --group");
            long sub = List.of(members, offsets, state != null).stream()
                    .filter(b -> b)
                    .count();
            require(sub <= 1, "Option --describe takes at most one of these options: --members, --offsets, --state");
            require(state == null || state.isEmpty(), "Option --describe does not take a value for --state");
        }
        if (delete) {
            require(
                    !groups.isEmpty() || allGroups,
                    "Option --delete takes one of these options: --all-groups, --group");
            require(
                    topics.isEmpty(),
                    "The consumer does not support topic-specific offset deletion from a consumer group.");
        }
        if (deleteOffsets) {
            require(
                    groups.size() == 1 && !topics.isEmpty(),
                    "Option --delete-offsets takes the following options: --group (one), --topic");
        }
        if (!resetOffsets) {
            return null;
        }
        require(!(dryRun && execute), "Option --reset-offsets only accepts one of --execute and --dry-run");
        require(
                !groups.isEmpty() || allGroups,
                "Option --reset-offsets takes one of these options: --all-groups, --group");
        List<ResetScenario> scenarios = new ArrayList<>();
        if (toEarliest) {
            scenarios.add(new ResetScenario.ToEarliest());
        }
        if (toLatest) {
            scenarios.add(new ResetScenario.ToLatest());
        }
        if (toCurrent) {
            scenarios.add(new ResetScenario.ToCurrent());
        }
        if (toOffset != null) {
            scenarios.add(new ResetScenario.ToOffset(toOffset));
        }
        if (shiftBy != null) {
            scenarios.add(new ResetScenario.ShiftBy(shiftBy));
        }
        if (toDatetime != null) {
            scenarios.add(ResetScenario.toDatetime(toDatetime));
        }
        if (byDuration != null) {
            scenarios.add(ResetScenario.byDuration(byDuration, time));
        }
        if (fromFile != null) {
            scenarios.add(new ResetScenario.FromFile(readPlan(fromFile)));
        }
        require(
                scenarios.size() == 1,
                "Option --reset-offsets requires exactly one of: --to-earliest, --to-latest, --to-current,"
                        + " --to-offset, --shift-by, --to-datetime, --by-duration, --from-file");
        require(!(allTopics && !topics.isEmpty()), "Option --all-topics can't be used with --topic");
        require(
                allTopics || !topics.isEmpty() || fromFile != null,
                "One of the reset scopes should be defined: --all-topics, --topic.");
        if (topics.size() > 0) {
            PartitionSelection.parse(topics);
        }
        return scenarios.get(0);
    }

    // ---- --list

    private void list(AdminConnection connection) {
        boolean withType = type != null;
        boolean withState = state != null;
        ListGroupsOptions options = ListGroupsOptions.forConsumerGroups();
        if (withState && !state.isEmpty()) {
            options.inGroupStates(parseStates(state));
        }
        if (withType && !type.isEmpty()) {
            options.withTypes(parseTypes(type));
        }
        List<GroupListing> groupsFound = new ArrayList<>(
                connection.await(connection.admin().listGroups(options).all()));
        groupsFound.sort(Comparator.comparing(GroupListing::groupId));
        if (withType || withState) {
            terminal.out().print(GroupReport.listTable(groupsFound, withType, withState));
        } else {
            groupsFound.forEach(g -> terminal.out().println(g.groupId()));
        }
    }

    static Set<GroupState> parseStates(String text) {
        Set<GroupState> valid = GroupState.groupStatesForType(GroupType.CONSUMER);
        Set<GroupState> parsed = new LinkedHashSet<>();
        for (String s : text.split(",")) {
            GroupState st = GroupState.parse(s.trim());
            if (!valid.contains(st)) {
                throw new UsageException("Invalid state list '" + text + "'. Valid states are: "
                        + valid.stream().map(GroupState::toString).sorted().collect(Collectors.joining(", ")));
            }
            parsed.add(st);
        }
        return parsed;
    }

    static Set<GroupType> parseTypes(String text) {
        Set<GroupType> parsed = new LinkedHashSet<>();
        for (String t : text.toLowerCase(Locale.ROOT).split(",")) {
            GroupType type = GroupType.parse(t.trim());
            if (type != GroupType.CLASSIC && type != GroupType.CONSUMER) {
                throw new UsageException("Invalid types list '" + text + "'. Valid types are: Classic, Consumer");
            }
            parsed.add(type);
        }
        return parsed;
    }

    // ---- --describe

    private List<String> groupIds(AdminConnection connection) {
        if (!allGroups) {
            return new ArrayList<>(new LinkedHashSet<>(groups));
        }
        return connection
                .await(connection
                        .admin()
                        .listGroups(ListGroupsOptions.forConsumerGroups())
                        .all())
                .stream()
                .map(GroupListing::groupId)
                .sorted()
                .collect(Collectors.toList());
    }

    /** Each group's description, in name order; a group that does not exist is reported and left out. */
    private Map<String, ConsumerGroupDescription> describeGroups(AdminConnection connection, List<String> ids) {
        Map<String, ConsumerGroupDescription> result = new TreeMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures =
                connection.admin().describeConsumerGroups(ids).describedGroups();
        for (String id : ids) {
            try {
                ConsumerGroupDescription d = connection.await(futures.get(id));
                if (d.groupState() == GroupState.DEAD) {
                    reportMissing(id);
                } else {
                    result.put(id, d);
                }
            } catch (GroupIdNotFoundException e) {
                reportMissing(id);
            }
        }
        return result;
    }

    private void reportMissing(String group) {
        error("Consumer group '" + group + "' does not exist.");
    }

    private void error(String message) {
        terminal.err().println("Error: " + message);
        failed = true;
    }

    /** Kafka's notes on a group that is not stable; true when it has something to show. */
    private boolean noteState(ConsumerGroupDescription d, int rows) {
        GroupState s = d.groupState();
        if (s == GroupState.EMPTY) {
            terminal.err().println("Consumer group '" + d.groupId() + "' has no active members.");
        } else if (s == GroupState.PREPARING_REBALANCE
                || s == GroupState.COMPLETING_REBALANCE
                || s == GroupState.ASSIGNING
                || s == GroupState.RECONCILING) {
            terminal.err().println("Warning: Consumer group '" + d.groupId() + "' is rebalancing.");
        }
        return rows > 0;
    }

    private void describe(AdminConnection connection) {
        Map<String, ConsumerGroupDescription> described = describeGroups(connection, groupIds(connection));
        for (ConsumerGroupDescription d : described.values()) {
            if (members) {
                List<GroupReport.MemberRow> rows = d.members().stream()
                        .map(m -> new GroupReport.MemberRow(
                                d.groupId(),
                                m.consumerId(),
                                m.groupInstanceId().orElse(""),
                                m.host(),
                                m.clientId(),
                                List.copyOf(m.assignment().topicPartitions()),
                                m.targetAssignment()
                                        .map(a -> List.copyOf(a.topicPartitions()))
                                        .orElse(List.of()),
                                m.memberEpoch(),
                                d.targetAssignmentEpoch(),
                                m.upgraded()))
                        .collect(Collectors.toList());
                noteState(d, rows.size());
                terminal.out().print(GroupReport.membersTable(rows, verbose));
            } else if (state != null) {
                noteState(d, 1);
                terminal.out()
                        .print(GroupReport.stateTable(
                                new GroupReport.StateRow(
                                        d.groupId(),
                                        d.coordinator().host(),
                                        d.coordinator().port(),
                                        d.coordinator().idString(),
                                        d.partitionAssignor(),
                                        d.groupState(),
                                        d.members().size(),
                                        d.groupEpoch(),
                                        d.targetAssignmentEpoch()),
                                verbose));
            } else {
                List<GroupReport.OffsetRow> rows = offsetRows(connection, d);
                if (noteState(d, rows.size())) {
                    terminal.out().print(GroupReport.offsetsTable(rows, verbose));
                }
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(AdminConnection connection, String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = connection.await(
                connection.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                result.put(tp, om);
            }
        });
        return result;
    }

    /** Kafka's rows: members with partitions (most partitions first), then committed partitions nobody owns. */
    private List<GroupReport.OffsetRow> offsetRows(AdminConnection connection, ConsumerGroupDescription d) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(connection, d.groupId());
        List<MemberDescription> owners = d.members().stream()
                .filter(m -> !m.assignment().topicPartitions().isEmpty())
                .sorted(Comparator.comparingInt((MemberDescription m) ->
                                m.assignment().topicPartitions().size())
                        .reversed())
                .toList();
        Set<TopicPartition> involved = new LinkedHashSet<>(committed.keySet());
        owners.forEach(m -> involved.addAll(m.assignment().topicPartitions()));
        Map<TopicPartition, Long> ends = new AdminLogOffsets(connection).latest(involved);

        List<GroupReport.OffsetRow> rows = new ArrayList<>();
        Set<TopicPartition> assigned = new LinkedHashSet<>();
        for (MemberDescription m : owners) {
            List<TopicPartition> partitions = new ArrayList<>(m.assignment().topicPartitions());
            partitions.sort(OffsetResetPlanner.ORDER);
            for (TopicPartition tp : partitions) {
                assigned.add(tp);
                rows.add(row(
                        d.groupId(),
                        tp,
                        committed,
                        ends,
                        Optional.of(m.consumerId()),
                        Optional.of(m.host()),
                        Optional.of(m.clientId())));
            }
        }
        List<TopicPartition> unowned = committed.keySet().stream()
                .filter(tp -> !assigned.contains(tp))
                .sorted(OffsetResetPlanner.ORDER)
                .toList();
        for (TopicPartition tp : unowned) {
            Optional<String> none = Optional.of(GroupReport.MISSING);
            rows.add(row(d.groupId(), tp, committed, ends, none, none, none));
        }
        return rows;
    }

    private static GroupReport.OffsetRow row(
            String group,
            TopicPartition tp,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> ends,
            Optional<String> consumer,
            Optional<String> host,
            Optional<String> client) {
        OffsetAndMetadata om = committed.get(tp);
        return new GroupReport.OffsetRow(
                group,
                Optional.of(tp.topic()),
                Optional.of(tp.partition()),
                om == null ? Optional.empty() : om.leaderEpoch(),
                om == null ? Optional.empty() : Optional.of(om.offset()),
                Optional.ofNullable(ends.get(tp)),
                consumer,
                host,
                client);
    }

    // ---- --delete

    private void delete(AdminConnection connection) {
        List<String> ids = groupIds(connection);
        if (ids.isEmpty()) {
            terminal.out().println("No consumer groups to delete.");
            return;
        }
        Map<String, KafkaFuture<Void>> results =
                connection.admin().deleteConsumerGroups(ids).deletedGroups();
        List<String> deleted = new ArrayList<>();
        Map<String, String> notDeleted = new LinkedHashMap<>();
        for (String id : ids) {
            try {
                connection.await(results.get(id));
                deleted.add(id);
            } catch (CommandFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                notDeleted.put(id, CliErrors.describe(e));
            }
        }
        String names = deleted.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", "));
        if (notDeleted.isEmpty()) {
            terminal.out().println("Deletion of requested consumer groups (" + names + ") was successful.");
            return;
        }
        error("Deletion of some consumer groups failed:");
        notDeleted.forEach(
                (g, why) -> terminal.err().println("* Group '" + g + "' could not be deleted due to: " + why));
        if (!deleted.isEmpty()) {
            terminal.out().println("These consumer groups were deleted successfully: " + names);
        }
    }

    // ---- --delete-offsets

    private void deleteOffsets(AdminConnection connection) {
        String group = groups.get(0);
        PartitionSelection selection = PartitionSelection.parse(topics);
        Map<TopicPartition, String> statuses = new HashMap<>();
        Set<TopicPartition> partitions = new LinkedHashSet<>(selection.partitions());
        for (String topic : selection.wholeTopics()) {
            try {
                TopicDescription td = connection
                        .await(connection.admin().describeTopics(List.of(topic)).allTopicNames())
                        .get(topic);
                td.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            } catch (CommandFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                statuses.put(new TopicPartition(topic, -1), "Error: " + CliErrors.describe(e));
            }
        }
        String topLevel = null;
        if (!partitions.isEmpty()) {
            DeleteConsumerGroupOffsetsResult result = connection.admin().deleteConsumerGroupOffsets(group, partitions);
            try {
                connection.await(result.all());
            } catch (CommandFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                topLevel = CliErrors.describe(e);
            }
            for (TopicPartition tp : partitions) {
                try {
                    result.partitionResult(tp).get();
                    statuses.put(tp, "Successful");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommandFailedException("Interrupted");
                } catch (ExecutionException e) {
                    statuses.put(tp, "Error: " + CliErrors.describe(e.getCause() == null ? e : e.getCause()));
                }
            }
        }
        boolean allGood = topLevel == null && statuses.values().stream().allMatch("Successful"::equals);
        if (allGood) {
            terminal.out().println("Request succeeded for deleting offsets from group " + group + ".");
        } else if (topLevel != null && statuses.values().stream().noneMatch("Successful"::equals)) {
            error(topLevel);
        } else {
            error("Encountered some partition-level error, see the follow-up details.");
        }
        terminal.out().print(GroupReport.deleteOffsetsTable(statuses));
    }

    // ---- --reset-offsets

    private void reset(AdminConnection connection, ResetScenario scenario) {
        if (!dryRun && !execute) {
            terminal.err().println("WARN: No action will be performed as the --execute option is missing.");
        }
        List<String> ids = groupIds(connection);
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions = ids.isEmpty()
                ? Map.of()
                : connection.admin().describeConsumerGroups(ids).describedGroups();
        OffsetResetPlanner planner = new OffsetResetPlanner(new AdminLogOffsets(connection), terminal.err()::println);
        Map<String, Map<TopicPartition, Long>> plans = new TreeMap<>();
        for (String id : ids) {
            GroupState current;
            try {
                current = connection.await(descriptions.get(id)).groupState();
            } catch (GroupIdNotFoundException e) {
                current = GroupState.DEAD;
            }
            if (current != GroupState.EMPTY && current != GroupState.DEAD) {
                error("Assignments can only be reset if the group '" + id + "' is inactive, but the current state is "
                        + current + ".");
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committedOffsets = committed(connection, id);
            Map<TopicPartition, Long> committedPositions = new HashMap<>();
            committedOffsets.forEach((tp, om) -> committedPositions.put(tp, om.offset()));
            List<TopicPartition> partitions = partitionsToReset(connection, committedPositions, scenario, id);
            Map<TopicPartition, Long> plan = planner.plan(id, scenario, partitions, committedPositions);
            if (execute) {
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                plan.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
                connection.await(
                        connection.admin().alterConsumerGroupOffsets(id, commit).all());
            }
            plans.put(id, plan);
        }
        if (export) {
            terminal.out().print(GroupReport.resetPlanCsv(plans, groups.size() == 1));
        } else {
            terminal.out().print(GroupReport.resetPlanTable(plans));
        }
    }

    /** The partitions in scope, checked to exist. */
    private List<TopicPartition> partitionsToReset(
            AdminConnection connection, Map<TopicPartition, Long> committed, ResetScenario scenario, String group) {
        List<TopicPartition> result = new ArrayList<>();
        if (allTopics) {
            result.addAll(committed.keySet());
        } else if (!topics.isEmpty()) {
            PartitionSelection selection = PartitionSelection.parse(topics);
            result.addAll(selection.partitions());
            Set<String> named = new LinkedHashSet<>(selection.wholeTopics());
            selection.partitions().forEach(tp -> named.add(tp.topic()));
            Map<String, TopicDescription> described = describeTopics(connection, named);
            for (String topic : selection.wholeTopics()) {
                described.get(topic).partitions().forEach(p -> result.add(new TopicPartition(topic, p.partition())));
            }
            List<String> missing = selection.partitions().stream()
                    .filter(tp -> described.get(tp.topic()).partitions().stream()
                            .noneMatch(p -> p.partition() == tp.partition()))
                    .map(TopicPartition::toString)
                    .toList();
            if (!missing.isEmpty()) {
                throw new CommandFailedException("The partitions \"" + String.join(",", missing) + "\" do not exist");
            }
        } else if (scenario instanceof ResetScenario.FromFile f) {
            result.addAll(f.plan().getOrDefault(group, Map.of()).keySet());
        }
        result.sort(OffsetResetPlanner.ORDER);
        return result.stream().distinct().toList();
    }

    private Map<String, TopicDescription> describeTopics(AdminConnection connection, Set<String> names) {
        Map<String, TopicDescription> result = new HashMap<>();
        for (String name : names) {
            try {
                result.put(
                        name,
                        connection
                                .await(connection
                                        .admin()
                                        .describeTopics(List.of(name))
                                        .allTopicNames())
                                .get(name));
            } catch (UnknownTopicOrPartitionException e) {
                throw new CommandFailedException("Topic '" + name + "' does not exist");
            }
        }
        return result;
    }

    /** A {@code --from-file} plan: lines {@code topic,partition,offset} (single group) or with the group first. */
    private Map<String, Map<TopicPartition, Long>> readPlan(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("File " + file + " does not exist");
        } catch (IOException e) {
            throw new CommandFailedException("Could not read " + file + ": " + e.getMessage());
        }
        Map<String, Map<TopicPartition, Long>> plan = new HashMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length == 3 && groups.size() == 1) {
                    plan.computeIfAbsent(groups.get(0), g -> new TreeMap<>(OffsetResetPlanner.ORDER))
                            .put(
                                    new TopicPartition(f[0].trim(), Integer.parseInt(f[1].trim())),
                                    Long.parseLong(f[2].trim()));
                } else if (f.length == 4) {
                    plan.computeIfAbsent(f[0].trim(), g -> new TreeMap<>(OffsetResetPlanner.ORDER))
                            .put(
                                    new TopicPartition(f[1].trim(), Integer.parseInt(f[2].trim())),
                                    Long.parseLong(f[3].trim()));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new UsageException("Line " + n + " of " + file
                        + " is not 'topic,partition,offset' (one --group) or 'group,topic,partition,offset': " + line);
            }
        }
        return plan;
    }
}
