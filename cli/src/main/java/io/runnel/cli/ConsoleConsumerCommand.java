package io.runnel.cli;

import io.runnel.common.time.Time;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runnel console-consumer}: Kafka's {@code kafka-console-consumer.sh}. Prints the records of a topic (or of
 * the topics matching {@code --include}) to standard output, formatted by {@link RecordFormatter}, until {@code
 * --max-messages} records, {@code --timeout-ms} without a record, or Ctrl-C/SIGTERM; then prints "Processed a total of
 * N messages" to standard error, as Kafka does.
 *
 * <p>Where records come from:
 *
 * <ul>
 *   <li>with a group ({@code --group}, or {@code group.id} in the consumer properties): the consumer subscribes and
 *       the group coordinator assigns partitions and keeps committed offsets, as in Kafka;
 *   <li>with {@code --partition}: that partition alone, from {@code --offset} ({@code earliest}, {@code latest}, or
 *       an offset; default latest, or earliest with {@code --from-beginning});
 *   <li>otherwise, unlike Kafka (which makes up a throw-away group), the consumer assigns itself every partition of
 *       the topic(s) at start-up, without any group; it starts at the earliest offsets with {@code
 *       --from-beginning}, else at the latest ({@code auto.offset.reset} may say otherwise). Partitions added while
 *       it runs are not picked up.
 * </ul>
 *
 * <p>Before consuming it checks, within a bounded wait, that a broker is reachable and the topic exists (see
 * {@link TopicPresence}). A record that cannot be formatted stops the consumer, or is skipped with a line on standard
 * error under {@code --skip-message-on-error}.
 *
 * <p>Not thread-safe: one instance per invocation (the shutdown hook only wakes the consumer up).
 */
@Command(
        name = "runnel console-consumer",
        sortOptions = false,
        description = "Read records from topics and print them to standard output.")
final class ConsoleConsumerCommand extends Verb {

    private static final String DEFAULT_FORMATTER = "org.apache.kafka.tools.consumer.DefaultMessageFormatter";
    private static final long EARLIEST = -2L;
    private static final long LATEST = -1L;

    @Mixin
    BootstrapServerOption bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic to consume.")
    String topic;

    @Option(names = "--include", paramLabel = "REGEX", description = "Regular expression of the topics to consume.")
    String include;

    @Option(
            names = "--partition",
            paramLabel = "N",
            description = "The partition to consume; starts at the end unless --offset or --from-beginning.")
    Integer partition;

    @Option(
            names = "--offset",
            paramLabel = "OFFSET",
            description = "With --partition: 'earliest', 'latest' (default) or a non-negative offset.")
    String offset;

    @Option(
            names = "--from-beginning",
            description = "Start with the earliest record when there is no committed offset to resume from.")
    boolean fromBeginning;

    @Option(names = "--group", paramLabel = "GROUP", description = "The consumer group id.")
    String group;

    @Option(names = "--max-messages", paramLabel = "N", description = "Exit after this many records.")
    Integer maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Exit when no record arrives for this long.")
    Long timeoutMs;

    @Option(
            names = "--skip-message-on-error",
            description = "Skip a record that cannot be printed instead of stopping.")
    boolean skipMessageOnError;

    @Option(
            names = "--property",
            paramLabel = "KEY=VALUE",
            description = "Formatter property; repeatable: print.timestamp, print.key, print.offset, print.partition,"
                    + " print.headers, print.value, print.epoch, key.separator, line.separator, headers.separator,"
                    + " null.literal, key.deserializer, value.deserializer, headers.deserializer.")
    List<String> formatterProperties = new ArrayList<>();

    @Option(names = "--formatter-config", paramLabel = "FILE", description = "Formatter properties file.")
    Path formatterConfig;

    @Option(names = "--formatter", paramLabel = "CLASS", hidden = true)
    String formatter;

    @Option(names = "--key-deserializer", paramLabel = "CLASS", description = "Deserializer for printing keys.")
    String keyDeserializer;

    @Option(names = "--value-deserializer", paramLabel = "CLASS", description = "Deserializer for printing values.")
    String valueDeserializer;

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE", description = "Consumer property; repeatable.")
    List<String> consumerProperties = new ArrayList<>();

    @Option(names = "--consumer.config", paramLabel = "FILE", description = "Consumer properties file.")
    Path consumerConfig;

    @Option(
            names = "--isolation-level",
            paramLabel = "LEVEL",
            description = "read_committed or read_uncommitted (default).")
    String isolationLevel;

    @Mixin
    HelpOption help;

    private final Time time;
    private long processed;

    ConsoleConsumerCommand(Terminal terminal, Time time) {
        super(terminal);
        this.time = time;
    }

    @Override
    public Integer call() {
        Map<String, String> props = consumerProps();
        RecordFormatter recordFormatter = new RecordFormatter(formatterProps());
        long startOffset = startOffset();
        long idleTimeout = timeoutMs == null || timeoutMs < 0 ? Long.MAX_VALUE : timeoutMs;
        int limit = maxMessages == null ? -1 : maxMessages;
        boolean grouped = props.containsKey(ConsumerConfig.GROUP_ID_CONFIG);

        List<TopicPartition> assignment = new ArrayList<>();
        Set<String> topics = new LinkedHashSet<>();
        try (AdminConnection connection = AdminConnection.open(bootstrap.value(), props)) {
            if (topic != null) {
                TopicDescription description = TopicPresence.require(connection, topic);
                topics.add(topic);
                if (description != null) {
                    description.partitions().forEach(p -> assignment.add(new TopicPartition(topic, p.partition())));
                }
            } else {
                Pattern pattern = includePattern();
                if (!grouped) {
                    for (TopicListing l : connection.await(connection
                            .admin()
                            .listTopics(new ListTopicsOptions().listInternal(false))
                            .listings())) {
                        if (pattern.matcher(l.name()).matches()) {
                            topics.add(l.name());
                        }
                    }
                    if (!topics.isEmpty()) {
                        connection
                                .await(connection.admin().describeTopics(topics).allTopicNames())
                                .forEach((name, d) -> d.partitions()
                                        .forEach(p -> assignment.add(new TopicPartition(name, p.partition()))));
                    }
                }
            }
        }

        Map<String, Object> config = new LinkedHashMap<>(props);
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            throw new CommandFailedException(CliErrors.describe(e), e);
        }
        CountDownLatch finished = new CountDownLatch(1);
        PrintStream out = terminal.out();
        Iterator<ConsumerRecord<byte[], byte[]>> pending = Collections.emptyIterator();
        processed = 0;
        int exit = Cli.OK;
        try (ShutdownHook hook = ShutdownHook.install("console-consumer-shutdown", () -> {
            consumer.wakeup();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            try {
                start(consumer, grouped, topics, assignment, startOffset);
                while (limit < 0 || processed < limit) {
                    long waitStart = time.hiResClockMs();
                    while (!pending.hasNext()) {
                        out.flush();
                        long waited = time.hiResClockMs() - waitStart;
                        if (idleTimeout != Long.MAX_VALUE && waited >= idleTimeout) {
                            break;
                        }
                        long pollMs = idleTimeout == Long.MAX_VALUE ? Long.MAX_VALUE : idleTimeout - waited;
                        pending = consumer.poll(Duration.ofMillis(pollMs)).iterator();
                    }
                    if (!pending.hasNext()) {
                        break; // --timeout-ms elapsed without a record
                    }
                    ConsumerRecord<byte[], byte[]> record = pending.next();
                    processed++;
                    try {
                        recordFormatter.writeTo(record, out);
                    } catch (Exception e) {
                        if (!skipMessageOnError) {
                            terminal.err()
                                    .println("Error processing message, terminating consumer process: "
                                            + CliErrors.describe(e));
                            exit = Cli.FAILED;
                            break;
                        }
                        terminal.err()
                                .println("Error processing message, skipping this message: " + CliErrors.describe(e));
                    }
                    if (out.checkError()) {
                        terminal.err().println("Unable to write to standard out, closing consumer.");
                        break;
                    }
                }
            } catch (WakeupException shutdown) {
                // Ctrl-C or SIGTERM: stop consuming and report below.
            } catch (CommandFailedException | UsageException e) {
                terminal.err().println(errorPrefix() + e.getMessage());
                exit = e instanceof UsageException ? Cli.USAGE_ERROR : Cli.FAILED;
            } catch (RuntimeException e) {
                terminal.err().println(errorPrefix() + CliErrors.describe(e));
                exit = Cli.FAILED;
            } finally {
                out.flush();
                rewindUnconsumed(consumer, pending);
                closeQuietly(consumer);
                recordFormatter.close();
                terminal.err().println("Processed a total of " + processed + " messages");
                terminal.err().flush();
                finished.countDown();
            }
        }
        return exit;
    }

    private void start(
            KafkaConsumer<byte[], byte[]> consumer,
            boolean grouped,
            Set<String> topics,
            List<TopicPartition> assignment,
            long startOffset) {
        if (grouped) {
            if (topic != null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.subscribe(includePattern());
            }
            return;
        }
        if (topic != null && assignment.isEmpty()) {
            // The topic did not exist: the consumer's metadata request creates it (auto.create.topics.enable).
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(p -> assignment.add(new TopicPartition(topic, p.partition())));
            }
            if (assignment.isEmpty()) {
                throw new CommandFailedException("Topic '" + topic + "' has no partitions");
            }
        }
        if (partition != null) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (!assignment.contains(tp)) {
                throw new CommandFailedException("Partition " + partition + " does not exist in topic '" + topic
                        + "' (it has " + assignment.size() + " partitions)");
            }
            consumer.assign(List.of(tp));
            if (startOffset == EARLIEST) {
                consumer.seekToBeginning(List.of(tp));
            } else if (startOffset == LATEST) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, startOffset);
            }
            return;
        }
        if (assignment.isEmpty()) {
            throw new CommandFailedException("No topic matches --include '" + include + "'");
        }
        consumer.assign(assignment);
    }

    /** Seeks back to the first record not printed, so a group's commit on close does not skip records. */
    private static void rewindUnconsumed(
            KafkaConsumer<byte[], byte[]> consumer, Iterator<ConsumerRecord<byte[], byte[]>> pending) {
        Map<TopicPartition, Long> first = new HashMap<>();
        try {
            while (pending.hasNext()) {
                ConsumerRecord<byte[], byte[]> r = pending.next();
                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            first.forEach(consumer::seek);
        } catch (RuntimeException e) {
            // Only affects what a group commits on close; the records were never printed either way.
        }
    }

    private static void closeQuietly(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Closing is best effort; the records printed are already out.
        }
    }

    private Pattern includePattern() {
        try {
            return Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new UsageException("--include '" + include + "' is not a valid regular expression");
        }
    }

    /** The consumer's properties, validated the way Kafka's tool does. */
    Map<String, String> consumerProps() {
        require((topic == null) != (include == null), "Exactly one of --include/--topic is required.");
        if (partition != null) {
            require(topic != null, "The topic is required when partition is specified.");
            require(
                    !(fromBeginning && offset != null),
                    "Options from-beginning and offset cannot be specified together.");
        } else {
            require(offset == null, "The partition is required when offset is specified.");
        }
        bootstrap.required("Missing required argument --bootstrap-server");
        require(
                formatter == null || formatter.equals(DEFAULT_FORMATTER) || formatter.equals("DefaultMessageFormatter"),
                "--formatter " + formatter + " is not supported; only the default formatter is available");

        Map<String, String> fromFile = ClientProperties.load(consumerConfig);
        Map<String, String> extra = ClientProperties.parse(consumerProperties, "--consumer-property");
        Set<String> groups = new LinkedHashSet<>();
        if (group != null) {
            groups.add(group);
        }
        if (fromFile.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            groups.add(fromFile.get(ConsumerConfig.GROUP_ID_CONFIG));
        }
        if (extra.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            groups.add(extra.get(ConsumerConfig.GROUP_ID_CONFIG));
        }
        if (groups.size() > 1) {
            throw new UsageException("The group ids provided in different places (directly using '--group', via"
                    + " '--consumer-property', or via '--consumer.config') do not match. Detected group ids: "
                    + String.join(", ", groups.stream().map(g -> "'" + g + "'").toList()));
        }
        require(groups.isEmpty() || partition == null, "Options group and partition cannot be specified together.");

        Map<String, String> props = new LinkedHashMap<>(fromFile);
        props.putAll(extra);
        String reset = props.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        if (reset != null) {
            require(
                    !fromBeginning || reset.equals("earliest"),
                    "Can't simultaneously specify --from-beginning and 'auto.offset.reset=" + reset
                            + "', please remove one option");
        } else {
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.value());
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "console-consumer");
        if (isolationLevel != null) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        } else {
            props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        }
        if (groups.isEmpty()) {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        } else {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groups.iterator().next());
        }
        return props;
    }

    Map<String, String> formatterProps() {
        Map<String, String> props = ClientProperties.load(formatterConfig);
        if (keyDeserializer != null && !keyDeserializer.isEmpty()) {
            props.put("key.deserializer", keyDeserializer);
        }
        if (valueDeserializer != null && !valueDeserializer.isEmpty()) {
            props.put("value.deserializer", valueDeserializer);
        }
        props.putAll(ClientProperties.parse(formatterProperties, "--property"));
        return props;
    }

    /** --offset as a position: {@link #EARLIEST}, {@link #LATEST} or an offset. */
    long startOffset() {
        if (offset == null) {
            return fromBeginning ? EARLIEST : LATEST;
        }
        switch (offset.toLowerCase(Locale.ROOT)) {
            case "earliest":
                return EARLIEST;
            case "latest":
                return LATEST;
            default:
                try {
                    long value = Long.parseLong(offset);
                    if (value >= 0) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new UsageException("The provided offset value '" + offset
                        + "' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
        }
    }
}
