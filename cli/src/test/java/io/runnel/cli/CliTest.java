package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument checks and messages that need no broker: each must fail with one line and the usage exit code. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String verb, String... args) {
        Cli cli = new Cli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return cli.run(verb, args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLineUsageError(int code, String expected) {
        assertThat(code).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).contains(expected);
        assertThat(err()).doesNotContain("\tat ");
    }

    @Test
    void theVerbsAreRegistered() {
        Cli cli = new Cli(System.out, System.err, System.in);
        assertThat(cli.verbs().keySet())
                .contains("topics", "configs", "console-producer", "console-consumer", "consumer-groups");
    }

    @Test
    void anUnknownVerbIsAUsageError() {
        assertThat(run("topicz", "--list")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err()).isEqualTo("runnel: unknown command 'topicz'" + System.lineSeparator());
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run("topics")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err()).contains("--bootstrap-server").contains("--create");
    }

    @Test
    void helpGoesToStandardOutputAndSucceeds() {
        assertThat(run("console-consumer", "--help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--from-beginning")
                .contains("--max-messages");
    }

    @Test
    void topicsNeedsExactlyOneAction() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "localhost:9092", "--list", "--describe"),
                "Error while executing topic command : Command must include exactly one action: --list, --describe,"
                        + " --create, --alter or --delete");
    }

    @Test
    void topicsNeedsABootstrapServer() {
        assertOneLineUsageError(run("topics", "--list"), "--bootstrap-server must be specified");
    }

    @Test
    void zookeeperIsExplained() {
        assertOneLineUsageError(
                run("topics", "--create", "--zookeeper", "localhost:2181", "--topic", "test"),
                "--zookeeper is not supported: Runnel has no ZooKeeper; use --bootstrap-server");
    }

    @Test
    void createNeedsATopic() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "x:1", "--create"), "Missing required argument --topic");
    }

    @Test
    void alterWithConfigPointsToConfigsVerb() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "x:1", "--alter", "--topic", "t", "--config", "a=b"),
                "runnel configs");
    }

    @Test
    void flagsThatDoNotApplyToTheActionAreRefused() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "x:1", "--list", "--partitions", "3"),
                "Option --partitions can only be used with --create or --alter");
    }

    @Test
    void anUnknownFlagIsOneLine() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "x:1", "--lst"), "Unknown option: '--lst'; did you mean --list?");
    }

    @Test
    void aMalformedNumberIsOneLine() {
        assertOneLineUsageError(
                run("topics", "--bootstrap-server", "x:1", "--create", "--topic", "t", "--partitions", "many"),
                "--partitions");
    }

    @Test
    void unambiguousAbbreviationsWorkAsInKafkaTools() {
        TopicsCommand cmd = new TopicsCommand(null);
        CommandLine cl = new CommandLine(cmd);
        cl.setAbbreviatedOptionsAllowed(true);
        cl.parseArgs("--bootstrap", "h:1", "--topic", "t", "--describe", "--exclude-int");
        assertThat(cmd.bootstrap.value()).isEqualTo("h:1");
        assertThat(cmd.topic).isEqualTo("t");
        assertThat(cmd.excludeInternal).isTrue();
    }

    @Test
    void consumerChecksMatchKafkas() {
        assertOneLineUsageError(
                run("console-consumer", "--bootstrap-server", "x:1"), "Exactly one of --include/--topic is required.");
    }

    @Test
    void consumerOffsetNeedsPartition() {
        assertOneLineUsageError(
                run("console-consumer", "--bootstrap-server", "x:1", "--topic", "t", "--offset", "5"),
                "The partition is required when offset is specified.");
    }

    @Test
    void consumerFromBeginningAndOffsetConflict() {
        assertOneLineUsageError(
                run(
                        "console-consumer",
                        "--bootstrap-server",
                        "x:1",
                        "--topic",
                        "t",
                        "--partition",
                        "0",
                        "--offset",
                        "1",
                        "--from-beginning"),
                "Options from-beginning and offset cannot be specified together.");
    }

    @Test
    void consumerGroupAndPartitionConflict() {
        assertOneLineUsageError(
                run(
                        "console-consumer",
                        "--bootstrap-server",
                        "x:1",
                        "--topic",
                        "t",
                        "--partition",
                        "0",
                        "--group",
                        "g"),
                "Options group and partition cannot be specified together.");
    }

    @Test
    void consumerGroupIdsMustAgree() {
        assertOneLineUsageError(
                run(
                        "console-consumer",
                        "--bootstrap-server",
                        "x:1",
                        "--topic",
                        "t",
                        "--group",
                        "a",
                        "--consumer-property",
                        "group.id=b"),
                "Detected group ids: 'a', 'b'");
    }

    @Test
    void consumerFromBeginningConflictsWithLatestReset() {
        assertOneLineUsageError(
                run(
                        "console-consumer",
                        "--bootstrap-server",
                        "x:1",
                        "--topic",
                        "t",
                        "--from-beginning",
                        "--consumer-property",
                        "auto.offset.reset=latest"),
                "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest'");
    }

    @Test
    void consumerRejectsANegativeOffset() {
        assertOneLineUsageError(
                run(
                        "console-consumer",
                        "--bootstrap-server",
                        "x:1",
                        "--topic",
                        "t",
                        "--partition",
                        "0",
                        "--offset",
                        "-3"),
                "The provided offset value '-3' is incorrect.");
    }

    @Test
    void consumerPropertiesFollowKafkasPrecedence(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("consumer.properties");
        Files.writeString(file, "client.id=from-file\nfetch.min.bytes=7\nisolation.level=read_committed\n");
        ConsoleConsumerCommand cmd = new ConsoleConsumerCommand(null, null);
        new CommandLine(cmd)
                .parseArgs(
                        "--bootstrap-server",
                        "h:1",
                        "--topic",
                        "t",
                        "--from-beginning",
                        "--consumer.config",
                        file.toString(),
                        "--consumer-property",
                        "fetch.min.bytes=9");
        Map<String, String> props = cmd.consumerProps();
        assertThat(props)
                .containsEntry("bootstrap.servers", "h:1")
                .containsEntry("client.id", "from-file")
                .containsEntry("fetch.min.bytes", "9")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .doesNotContainKey("group.id");
    }

    @Test
    void aGroupMakesTheConsumerSubscribe() {
        ConsoleConsumerCommand cmd = new ConsoleConsumerCommand(null, null);
        new CommandLine(cmd).parseArgs("--bootstrap-server", "h:1", "--topic", "t", "--group", "g");
        assertThat(cmd.consumerProps())
                .containsEntry("group.id", "g")
                .containsEntry("auto.offset.reset", "latest")
                .containsEntry("client.id", "console-consumer")
                .doesNotContainKey("enable.auto.commit");
    }

    @Test
    void producerDefaultsAreKafkasConsoleDefaultsAndFlagsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "linger.ms=5\nacks=1\ncompression.type=lz4\n");
        ConsoleProducerCommand cmd = new ConsoleProducerCommand(null);
        new CommandLine(cmd)
                .parseArgs(
                        "--bootstrap-server",
                        "h:1",
                        "--topic",
                        "t",
                        "--producer.config",
                        file.toString(),
                        "--request-required-acks",
                        "all",
                        "--producer-property",
                        "batch.size=100");
        Map<String, String> props = cmd.producerProps("h:1");
        assertThat(props)
                .containsEntry("linger.ms", "5")
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("batch.size", "100")
                .containsEntry("request.timeout.ms", "1500")
                .containsEntry("retries", "3")
                .containsEntry("max.block.ms", "60000")
                .containsEntry("client.id", "console-producer");
    }

    @Test
    void syncSendsDoNotLingerUnlessAsked() {
        ConsoleProducerCommand sync = new ConsoleProducerCommand(null);
        new CommandLine(sync).parseArgs("--bootstrap-server", "h:1", "--topic", "t", "--sync");
        assertThat(sync.producerProps("h:1")).containsEntry("linger.ms", "0");
        ConsoleProducerCommand asked = new ConsoleProducerCommand(null);
        new CommandLine(asked).parseArgs("--bootstrap-server", "h:1", "--topic", "t", "--sync", "--timeout", "50");
        assertThat(asked.producerProps("h:1")).containsEntry("linger.ms", "50");
    }

    @Test
    void compressionCodecWithoutValueIsGzip() {
        ConsoleProducerCommand cmd = new ConsoleProducerCommand(null);
        new CommandLine(cmd).parseArgs("--bootstrap-server", "h:1", "--topic", "t", "--compression-codec");
        assertThat(cmd.producerProps("h:1")).containsEntry("compression.type", "gzip");
        ConsoleProducerCommand zstd = new ConsoleProducerCommand(null);
        new CommandLine(zstd).parseArgs("--bootstrap-server", "h:1", "--topic", "t", "--compression-codec", "zstd");
        assertThat(zstd.producerProps("h:1")).containsEntry("compression.type", "zstd");
    }

    @Test
    void producerPropertyWithoutEqualsIsAUsageError() {
        assertOneLineUsageError(
                run("console-producer", "--bootstrap-server", "x:1", "--topic", "t", "--producer-property", "acks"),
                "Invalid --producer-property 'acks': expected key=value");
    }

    @Test
    void aMissingConfigFileIsOneLineFailure() {
        int code = run("topics", "--bootstrap-server", "x:1", "--list", "--command-config", "/nonexistent/x.props");
        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(err().lines())
                .containsExactly(
                        "Error while executing topic command : Config file /nonexistent/x.props does not exist");
    }

    @Test
    void configsNeedsAnEntityType() {
        assertOneLineUsageError(
                run("configs", "--bootstrap-server", "x:1", "--describe"),
                "At least one entity type must be specified");
    }

    @Test
    void configsAlterNeedsSomethingToChange() {
        assertOneLineUsageError(
                run("configs", "--bootstrap-server", "x:1", "--alter", "--topic", "t"),
                "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
    }

    @Test
    void configsBrokerNameMustBeAnId() {
        assertOneLineUsageError(
                run(
                        "configs",
                        "--bootstrap-server",
                        "x:1",
                        "--describe",
                        "--entity-type",
                        "brokers",
                        "--entity-name",
                        "b"),
                "The entity name for brokers must be a valid integer broker id, but it is: b");
    }

    @Test
    void configsUnsupportedEntityTypeFailsClearly() {
        assertThat(run("configs", "--bootstrap-server", "x:1", "--describe", "--entity-type", "users"))
                .isEqualTo(Cli.FAILED);
        assertThat(err().lines())
                .containsExactly(
                        "Error: Entity type users is not supported by Runnel yet (supported: topics, brokers)");
    }

    @Test
    void configsMixingGenericAndShorthandFlagsIsRefused() {
        assertOneLineUsageError(
                run("configs", "--bootstrap-server", "x:1", "--describe", "--entity-type", "topics", "--topic", "t"),
                "--entity-{type,name,default} should not be used in conjunction with specific entity flags");
    }

    @Test
    void consumerGroupsNeedsExactlyOneAction() {
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--list", "--describe"),
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets,"
                        + " --delete-offsets");
    }

    @Test
    void consumerGroupsDescribeNeedsAGroup() {
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--describe"),
                "Option --describe takes one of these options: --all-groups, --group");
        err.reset();
        assertOneLineUsageError(
                run(
                        "consumer-groups",
                        "--bootstrap-server",
                        "x:1",
                        "--describe",
                        "--group",
                        "g",
                        "--members",
                        "--state"),
                "Option --describe takes at most one of these options: --members, --offsets, --state");
    }

    @Test
    void resetOffsetsNeedsOneScenarioAndAScope() {
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--reset-offsets", "--group", "g", "--all-topics"),
                "Option --reset-offsets requires exactly one of: --to-earliest");
        err.reset();
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--reset-offsets", "--group", "g", "--to-earliest"),
                "One of the reset scopes should be defined: --all-topics, --topic.");
        err.reset();
        assertOneLineUsageError(
                run(
                        "consumer-groups",
                        "--bootstrap-server",
                        "x:1",
                        "--reset-offsets",
                        "--group",
                        "g",
                        "--all-topics",
                        "--to-earliest",
                        "--to-latest"),
                "Option --reset-offsets requires exactly one of");
        err.reset();
        assertOneLineUsageError(
                run(
                        "consumer-groups",
                        "--bootstrap-server",
                        "x:1",
                        "--reset-offsets",
                        "--group",
                        "g",
                        "--all-topics",
                        "--to-earliest",
                        "--dry-run",
                        "--execute"),
                "Option --reset-offsets only accepts one of --execute and --dry-run");
    }

    @Test
    void aNegativeShiftIsAValueNotAFlag() {
        ConsumerGroupsCommand cmd = new ConsumerGroupsCommand(null, null);
        new CommandLine(cmd)
                .parseArgs(
                        "--bootstrap-server",
                        "h:1",
                        "--reset-offsets",
                        "--group",
                        "g",
                        "--topic",
                        "t",
                        "--shift-by",
                        "-2");
        assertThat(cmd.checkArgs()).isEqualTo(new ResetScenario.ShiftBy(-2));
    }

    @Test
    void resetFlagsBelongToResetOffsets() {
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--describe", "--group", "g", "--execute"),
                "can only be used with --reset-offsets");
    }

    @Test
    void deleteWithTopicIsExplained() {
        assertOneLineUsageError(
                run("consumer-groups", "--bootstrap-server", "x:1", "--delete", "--group", "g", "--topic", "t"),
                "The consumer does not support topic-specific offset deletion from a consumer group.");
    }

    @Test
    void listStatesAreCheckedAgainstConsumerGroupStates() {
        assertThat(ConsumerGroupsCommand.parseStates("stable, Empty"))
                .containsExactly(org.apache.kafka.common.GroupState.STABLE, org.apache.kafka.common.GroupState.EMPTY);
        assertOneLineUsageError(
                run(
                        "consumer-groups",
                        "--bootstrap-server",
                        "127.0.0.1:1",
                        "--list",
                        "--state",
                        "sleepy",
                        "--timeout",
                        "500"),
                "Invalid state list 'sleepy'.");
    }
}
