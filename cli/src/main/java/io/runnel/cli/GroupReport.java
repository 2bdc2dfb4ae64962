package io.runnel.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * The tables of {@code consumer-groups}, column for column and space for space as Kafka 4.x's {@code
 * kafka-consumer-groups.sh} prints them, so scripts that parse them keep working: left-aligned columns at least 15
 * wide (wider when a value is longer), a missing value as {@code -}, and each table preceded by an empty line. For
 * example {@code --describe}:
 *
 * <pre>
 *
 * GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
 * g               orders          0          5               7               2               consumer-g-1-…  /127.0.0.1      consumer-g-1
 * </pre>
 *
 * <p>Stateless.
 */
final class GroupReport {

    static final String MISSING = "-";

    private GroupReport() {}

    /** One row of {@code --describe [--offsets]}. */
    record OffsetRow(
            String group,
            Optional<String> topic,
            Optional<Integer> partition,
            Optional<Integer> leaderEpoch,
            Optional<Long> currentOffset,
            Optional<Long> logEndOffset,
            Optional<String> consumerId,
            Optional<String> host,
            Optional<String> clientId) {

        Optional<Long> lag() {
            return currentOffset.filter(o -> o != -1).flatMap(o -> logEndOffset.map(end -> end - o));
        }
    }

    /** One row of {@code --describe --members}. */
    record MemberRow(
            String group,
            String consumerId,
            String groupInstanceId,
            String host,
            String clientId,
            List<TopicPartition> assignment,
            List<TopicPartition> targetAssignment,
            Optional<Integer> currentEpoch,
            Optional<Integer> targetEpoch,
            Optional<Boolean> upgraded) {}

    /** The row of {@code --describe --state}. */
    record StateRow(
            String group,
            String coordinatorHost,
            int coordinatorPort,
            String coordinatorId,
            String assignmentStrategy,
            GroupState state,
            int members,
            Optional<Integer> groupEpoch,
            Optional<Integer> targetAssignmentEpoch) {}

    /** {@code --list --state/--type}: a header, then one line per group. */
    static String listTable(List<GroupListing> groups, boolean withType, boolean withState) {
        int groupWidth = groups.stream()
                        .mapToInt(g -> Math.max(15, g.groupId().length()))
                        .max()
                        .orElse(15)
                + 10;
        String format = "%-" + groupWidth + "s";
        List<String> header = new ArrayList<>(List.of("GROUP"));
        if (withType) {
            header.add("TYPE");
            format += " %-20s";
        }
        if (withState) {
            header.add("STATE");
            format += " %-20s";
        }
        StringBuilder sb = new StringBuilder(String.format(format + "%n", header.toArray()));
        for (GroupListing g : groups) {
            List<Object> row = new ArrayList<>(List.of(g.groupId()));
            if (withType) {
                row.add(g.type().orElse(GroupType.UNKNOWN).toString());
            }
            if (withState) {
                row.add(g.groupState().orElse(GroupState.UNKNOWN).toString());
            }
            sb.append(String.format(format + "%n", row.toArray()));
        }
        return sb.toString();
    }

    /** {@code --describe [--offsets] [--verbose]} of one group. */
    static String offsetsTable(List<OffsetRow> rows, boolean verbose) {
        int groupWidth = 15;
        int topicWidth = 15;
        int consumerWidth = 15;
        int hostWidth = 15;
        for (OffsetRow r : rows) {
            groupWidth = Math.max(groupWidth, r.group().length());
            topicWidth = Math.max(topicWidth, r.topic().orElse(MISSING).length());
            consumerWidth =
                    Math.max(consumerWidth, r.consumerId().orElse(MISSING).length());
            hostWidth = Math.max(hostWidth, r.host().orElse(MISSING).length());
        }
        String format = "%n%-" + groupWidth + "s %-" + topicWidth + "s %-10s " + (verbose ? "%-15s " : "")
                + "%-15s %-15s %-15s %-" + consumerWidth + "s %-" + hostWidth + "s %s";
        StringBuilder sb = new StringBuilder();
        List<Object> header = new ArrayList<>(List.of("GROUP", "TOPIC", "PARTITION"));
        if (verbose) {
            header.add("LEADER-EPOCH");
        }
        header.addAll(List.of("CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"));
        sb.append(String.format(format, header.toArray()));
        for (OffsetRow r : rows) {
            List<Object> row = new ArrayList<>(List.of(r.group(), r.topic().orElse(MISSING), text(r.partition())));
            if (verbose) {
                row.add(text(r.leaderEpoch()));
            }
            row.addAll(List.of(
                    text(r.currentOffset()),
                    text(r.logEndOffset()),
                    text(r.lag()),
                    r.consumerId().orElse(MISSING),
                    r.host().orElse(MISSING),
                    r.clientId().orElse(MISSING)));
            sb.append(String.format(format, row.toArray()));
        }
        return sb.append(String.format("%n")).toString();
    }

    /** {@code --describe --members [--verbose]} of one group. */
    static String membersTable(List<MemberRow> rows, boolean verbose) {
        int groupWidth = 15;
        int consumerWidth = 15;
        int instanceWidth = 17;
        int hostWidth = 15;
        int clientWidth = 15;
        int currentWidth = 20;
        int targetWidth = 20;
        boolean withInstance = false;
        boolean classic = false;
        boolean consumer = false;
        for (MemberRow r : rows) {
            groupWidth = Math.max(groupWidth, r.group().length());
            consumerWidth = Math.max(consumerWidth, r.consumerId().length());
            instanceWidth = Math.max(instanceWidth, r.groupInstanceId().length());
            hostWidth = Math.max(hostWidth, r.host().length());
            clientWidth = Math.max(clientWidth, r.clientId().length());
            withInstance |= !r.groupInstanceId().isEmpty();
            currentWidth = Math.max(currentWidth, assignment(r.assignment()).length());
            targetWidth = Math.max(targetWidth, assignment(r.targetAssignment()).length());
            classic |= r.upgraded().isPresent() && !r.upgraded().get();
            consumer |= r.upgraded().isPresent() && r.upgraded().get();
        }
        boolean migrating = classic && consumer;
        String format = withInstance
                ? "%-" + groupWidth + "s %-" + consumerWidth + "s %-" + instanceWidth + "s %-" + hostWidth + "s %-"
                        + clientWidth + "s %-15s "
                : "%-" + groupWidth + "s %-" + consumerWidth + "s %-" + hostWidth + "s %-" + clientWidth + "s %-15s ";
        String epochs = "%-15s %-" + currentWidth + "s %-15s %-" + targetWidth + "s" + (migrating ? " %s" : "");
        StringBuilder sb = new StringBuilder(String.format("%n"));
        sb.append(
                withInstance
                        ? String.format(
                                format, "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS")
                        : String.format(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"));
        if (verbose) {
            sb.append(
                    migrating
                            ? String.format(
                                    epochs,
                                    "CURRENT-EPOCH",
                                    "CURRENT-ASSIGNMENT",
                                    "TARGET-EPOCH",
                                    "TARGET-ASSIGNMENT",
                                    "UPGRADED")
                            : String.format(
                                    epochs,
                                    "CURRENT-EPOCH",
                                    "CURRENT-ASSIGNMENT",
                                    "TARGET-EPOCH",
                                    "TARGET-ASSIGNMENT"));
        }
        sb.append(String.format("%n"));
        for (MemberRow r : rows) {
            sb.append(
                    withInstance
                            ? String.format(
                                    format,
                                    r.group(),
                                    r.consumerId(),
                                    r.groupInstanceId(),
                                    r.host(),
                                    r.clientId(),
                                    r.assignment().size())
                            : String.format(
                                    format,
                                    r.group(),
                                    r.consumerId(),
                                    r.host(),
                                    r.clientId(),
                                    r.assignment().size()));
            if (verbose) {
                String current = text(r.currentEpoch());
                String target = text(r.targetEpoch());
                sb.append(
                        migrating
                                ? String.format(
                                        epochs,
                                        current,
                                        assignment(r.assignment()),
                                        target,
                                        assignment(r.targetAssignment()),
                                        r.upgraded().map(Object::toString).orElse(MISSING))
                                : String.format(
                                        epochs,
                                        current,
                                        assignment(r.assignment()),
                                        target,
                                        assignment(r.targetAssignment())));
            }
            sb.append(String.format("%n"));
        }
        return sb.toString();
    }

    /** {@code --describe --state [--verbose]} of one group. */
    static String stateTable(StateRow s, boolean verbose) {
        String coordinator = s.coordinatorHost() + ":" + s.coordinatorPort() + "  (" + s.coordinatorId() + ")";
        int coordinatorWidth = Math.max(25, coordinator.length());
        int groupWidth = Math.max(15, s.group().length());
        String strategy =
                s.assignmentStrategy() == null || s.assignmentStrategy().isEmpty() ? MISSING : s.assignmentStrategy();
        StringBuilder sb = new StringBuilder();
        if (verbose) {
            String format = "%n%-" + groupWidth + "s %-" + coordinatorWidth + "s %-20s %-20s %-15s %-25s %s";
            sb.append(String.format(
                    format,
                    "GROUP",
                    "COORDINATOR (ID)",
                    "ASSIGNMENT-STRATEGY",
                    "STATE",
                    "GROUP-EPOCH",
                    "TARGET-ASSIGNMENT-EPOCH",
                    "#MEMBERS"));
            sb.append(String.format(
                    format,
                    s.group(),
                    coordinator,
                    strategy,
                    s.state(),
                    text(s.groupEpoch()),
                    text(s.targetAssignmentEpoch()),
                    s.members()));
        } else {
            String format = "%n%-" + groupWidth + "s %-" + coordinatorWidth + "s %-20s %-20s %s";
            sb.append(String.format(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"));
            sb.append(String.format(format, s.group(), coordinator, strategy, s.state(), s.members()));
        }
        return sb.append(String.format("%n")).toString();
    }

    /** The plan of {@code --reset-offsets}: group, topic, partition and new offset, in that order. */
    static String resetPlanTable(Map<String, Map<TopicPartition, Long>> plan) {
        int groupWidth = Math.max(
                15, plan.keySet().stream().mapToInt(String::length).max().orElse(0));
        int topicWidth = Math.max(
                15,
                plan.values().stream()
                        .flatMap(m -> m.keySet().stream())
                        .mapToInt(tp -> tp.topic().length())
                        .max()
                        .orElse(0));
        String format = "%n%-" + groupWidth + "s %-" + topicWidth + "s %-10s %s";
        StringBuilder sb = new StringBuilder();
        if (!plan.isEmpty()) {
            sb.append(String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        }
        new TreeMap<>(plan)
                .forEach((group, offsets) -> offsets.forEach(
                        (tp, offset) -> sb.append(String.format(format, group, tp.topic(), tp.partition(), offset))));
        return sb.append(String.format("%n")).toString();
    }

    /** {@code --reset-offsets --export}: CSV, {@code topic,partition,offset} for one group, else group first. */
    static String resetPlanCsv(Map<String, Map<TopicPartition, Long>> plan, boolean singleGroup) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(plan)
                .forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
                    if (!singleGroup) {
                        sb.append(group).append(',');
                    }
                    sb.append(tp.topic())
                            .append(',')
                            .append(tp.partition())
                            .append(',')
                            .append(offset)
                            .append('\n');
                }));
        return sb.toString();
    }

    /** The per-partition result of {@code --delete-offsets}: {@code Successful} or {@code Error: …}. */
    static String deleteOffsetsTable(Map<TopicPartition, String> statuses) {
        int topicWidth = Math.max(
                15,
                statuses.keySet().stream()
                        .mapToInt(tp -> tp.topic().length())
                        .max()
                        .orElse(0));
        String format = "%n%-" + topicWidth + "s %-10s %-15s";
        StringBuilder sb = new StringBuilder(String.format(format, "TOPIC", "PARTITION", "STATUS"));
        Map<TopicPartition, String> sorted = new TreeMap<>(OffsetResetPlanner.ORDER);
        sorted.putAll(statuses);
        sorted.forEach((tp, status) -> sb.append(String.format(
                format, tp.topic(), tp.partition() >= 0 ? Integer.toString(tp.partition()) : MISSING, status)));
        return sb.append(String.format("%n")).toString();
    }

    /** {@code topic:0,1;other:3}, topics sorted, or {@code -}. */
    static String assignment(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return MISSING;
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp ->
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return byTopic.entrySet().stream()
                .map(e -> e.getKey() + ":"
                        + e.getValue().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    private static String text(Optional<?> value) {
        return value.map(Object::toString).orElse(MISSING);
    }
}
