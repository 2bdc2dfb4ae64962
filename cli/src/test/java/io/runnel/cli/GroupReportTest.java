package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The tables must be Kafka's to the space: scripts cut columns out of them. */
class GroupReportTest {

    private static final String N = System.lineSeparator();

    @Test
    void listWithTypeAndStatePadsTheGroupColumnToTheLongestNamePlusTen() {
        String table = GroupReport.listTable(
                List.of(
                        new GroupListing(
                                "g1", Optional.of(GroupType.CLASSIC), "consumer", Optional.of(GroupState.STABLE)),
                        new GroupListing(
                                "a-much-longer-group",
                                Optional.of(GroupType.CONSUMER),
                                "",
                                Optional.of(GroupState.EMPTY))),
                true,
                true);
        assertThat(table)
                .isEqualTo(String.format("%-29s %-20s %-20s%n", "GROUP", "TYPE", "STATE")
                        + String.format("%-29s %-20s %-20s%n", "g1", "Classic", "Stable")
                        + String.format("%-29s %-20s %-20s%n", "a-much-longer-group", "Consumer", "Empty"));
    }

    @Test
    void offsetsTableHasKafkasColumnsLagAndMissingValues() {
        GroupReport.OffsetRow owned = new GroupReport.OffsetRow(
                "g",
                Optional.of("orders"),
                Optional.of(0),
                Optional.of(3),
                Optional.of(5L),
                Optional.of(7L),
                Optional.of("consumer-g-1-0d7c4a"),
                Optional.of("/127.0.0.1"),
                Optional.of("consumer-g-1"));
        GroupReport.OffsetRow unowned = new GroupReport.OffsetRow(
                "g",
                Optional.of("orders"),
                Optional.of(1),
                Optional.empty(),
                Optional.of(2L),
                Optional.empty(),
                Optional.of("-"),
                Optional.of("-"),
                Optional.of("-"));
        assertThat(owned.lag()).contains(2L);
        assertThat(unowned.lag()).isEmpty();
        String expected = N
                + "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             "
                + "CONSUMER-ID         HOST            CLIENT-ID" + N
                + "g               orders          0          5               7               2               "
                + "consumer-g-1-0d7c4a /127.0.0.1      consumer-g-1" + N
                + "g               orders          1          2               -               -               "
                + "-                   -               -" + N;
        assertThat(GroupReport.offsetsTable(List.of(owned, unowned), false)).isEqualTo(expected);
        assertThat(GroupReport.offsetsTable(List.of(owned), true))
                .contains("PARTITION  LEADER-EPOCH    CURRENT-OFFSET")
                .contains("0          3               5               7");
    }

    @Test
    void membersTableShowsAssignmentsWhenVerbose() {
        GroupReport.MemberRow m = new GroupReport.MemberRow(
                "g",
                "member-1",
                "",
                "/10.0.0.1",
                "client-1",
                List.of(new TopicPartition("b", 1), new TopicPartition("a", 2), new TopicPartition("b", 0)),
                List.of(),
                Optional.of(4),
                Optional.of(5),
                Optional.empty());
        assertThat(GroupReport.membersTable(List.of(m), false))
                .isEqualTo(N + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     " + N
                        + "g               member-1        /10.0.0.1       client-1        3               " + N);
        assertThat(GroupReport.membersTable(List.of(m), true))
                .isEqualTo(N + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     "
                        + "CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   " + N
                        + "g               member-1        /10.0.0.1       client-1        3               "
                        + "4               a:2;b:0,1            5               -                   " + N);
    }

    @Test
    void aStaticMemberAddsTheInstanceColumn() {
        GroupReport.MemberRow m = new GroupReport.MemberRow(
                "g",
                "m",
                "instance-7",
                "/h",
                "c",
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        assertThat(GroupReport.membersTable(List.of(m), false))
                .contains("CONSUMER-ID     GROUP-INSTANCE-ID HOST")
                .contains("m               instance-7        /h");
    }

    @Test
    void stateTableNamesTheCoordinator() {
        GroupReport.StateRow s = new GroupReport.StateRow(
                "g", "localhost", 9092, "1", "range", GroupState.STABLE, 2, Optional.of(3), Optional.of(3));
        assertThat(GroupReport.stateTable(s, false))
                .isEqualTo(N
                        + "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS"
                        + N + "g               localhost:9092  (1)       range                Stable               2"
                        + N);
        assertThat(GroupReport.stateTable(s, true)).contains("GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS");
    }

    @Test
    void resetPlanIsATableOrCsv() {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("orders", 0), 4L);
        offsets.put(new TopicPartition("orders", 1), 0L);
        assertThat(GroupReport.resetPlanTable(Map.of("g", offsets)))
                .isEqualTo(N + "GROUP           TOPIC           PARTITION  NEW-OFFSET" + N
                        + "g               orders          0          4" + N
                        + "g               orders          1          0" + N);
        assertThat(GroupReport.resetPlanTable(Map.of())).isEqualTo(N);
        assertThat(GroupReport.resetPlanCsv(Map.of("g", offsets), true)).isEqualTo("orders,0,4\norders,1,0\n");
        assertThat(GroupReport.resetPlanCsv(Map.of("g", offsets), false)).isEqualTo("g,orders,0,4\ng,orders,1,0\n");
    }

    @Test
    void deleteOffsetsTableListsEachPartitionsStatus() {
        Map<TopicPartition, String> statuses = Map.of(
                new TopicPartition("t", 1), "Successful",
                new TopicPartition("t", 0), "Successful",
                new TopicPartition("gone", -1), "Error: no such topic");
        assertThat(GroupReport.deleteOffsetsTable(statuses))
                .isEqualTo(N + "TOPIC           PARTITION  STATUS         " + N
                        + "gone            -          Error: no such topic" + N
                        + "t               0          Successful     " + N
                        + "t               1          Successful     " + N);
    }
}
