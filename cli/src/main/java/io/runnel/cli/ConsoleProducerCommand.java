package io.runnel.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runnel console-producer}: Kafka's {@code kafka-console-producer.sh}. Reads standard input, one record per
 * line (see {@link LineRecordReader} for keys and headers), and sends each to the topic; ends at end of input, or on
 * Ctrl-C after flushing what was read. Producer settings come from {@code --producer.config}, then {@code
 * --producer-property}, then the dedicated flags, with Kafka's console defaults ({@code acks=-1}, {@code
 * linger.ms=1000}, {@code request.timeout.ms=1500}, {@code retries=3}, client id {@code console-producer}), except
 * that {@code --sync} lingers 0 ms by default (Kafka's lingers 1 s before every synchronous send).
 *
 * <p>Before reading input it checks, within a bounded wait, that a broker is reachable and the topic exists (or
 * will be created on first use): see {@link TopicPresence}. A record the broker refuses prints Kafka's "Error when
 * sending message…" line; the exit code is then {@value Cli#FAILED}. With {@code --sync} the first failure stops
 * the producer.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(
        name = "runnel console-producer",
        sortOptions = false,
        description = "Read lines from standard input and publish each as a record to a topic.")
final class ConsoleProducerCommand extends Verb {

    @Mixin
    BootstrapServerOption bootstrap;

    @Option(names = "--broker-list", hidden = true, description = "Pre-4.0 name of --bootstrap-server.")
    String brokerList;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "REQUIRED: the topic to produce to.")
    String topic;

    @Option(names = "--sync", description = "Send each record synchronously, one at a time as it arrives.")
    boolean sync;

    @Option(
            names = "--compression-codec",
            arity = "0..1",
            fallbackValue = "gzip",
            paramLabel = "CODEC",
            description = "none, gzip, snappy, lz4 or zstd; gzip if given without a value.")
    String compressionCodec;

    @Option(names = "--batch-size", paramLabel = "BYTES", description = "batch.size (default 16384).")
    Integer batchSize;

    @Option(names = "--message-send-max-retries", paramLabel = "N", description = "retries (default 3).")
    Integer retries;

    @Option(names = "--retry-backoff-ms", paramLabel = "MS", description = "retry.backoff.ms (default 100).")
    Long retryBackoffMs;

    @Option(names = "--timeout", paramLabel = "MS", description = "linger.ms (default 1000).")
    Long lingerMs;

    @Option(names = "--request-required-acks", paramLabel = "ACKS", description = "acks: all, -1, 0 or 1 (default -1).")
    String acks;

    @Option(names = "--request-timeout-ms", paramLabel = "MS", description = "request.timeout.ms (default 1500).")
    Integer requestTimeoutMs;

    @Option(names = "--metadata-expiry-ms", paramLabel = "MS", description = "metadata.max.age.ms (default 300000).")
    Long metadataExpiryMs;

    @Option(names = "--max-block-ms", paramLabel = "MS", description = "max.block.ms (default 60000).")
    Long maxBlockMs;

    @Option(names = "--max-memory-bytes", paramLabel = "BYTES", description = "buffer.memory (default 33554432).")
    Long maxMemoryBytes;

    @Option(
            names = "--max-partition-memory-bytes",
            paramLabel = "BYTES",
            description = "batch.size, overriding --batch-size.")
    Integer maxPartitionMemoryBytes;

    @Option(names = "--socket-buffer-size", paramLabel = "BYTES", description = "send.buffer.bytes (default 102400).")
    Integer socketBufferSize;

    @Option(
            names = "--property",
            paramLabel = "KEY=VALUE",
            description =
                    "Line reader property; repeatable: parse.key, key.separator, parse.headers, headers.delimiter,"
                            + " headers.separator, headers.key.separator, null.marker, ignore.error.")
    List<String> readerProperties = new ArrayList<>();

    @Option(names = "--reader-config", paramLabel = "FILE", description = "Line reader properties file.")
    Path readerConfig;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "Producer property; repeatable.")
    List<String> producerProperties = new ArrayList<>();

    @Option(names = "--producer.config", paramLabel = "FILE", description = "Producer properties file.")
    Path producerConfig;

    @Mixin
    HelpOption help;

    ConsoleProducerCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() throws IOException {
        String servers = bootstrap.value() != null ? bootstrap.value() : brokerList;
        require(topic != null, "Missing required argument --topic");
        require(servers != null, "Missing required argument --bootstrap-server");
        LineRecordReader reader =
                new LineRecordReader(topic, ClientProperties.merge(readerConfig, readerProperties, "--property"));
        Map<String, String> props = producerProps(servers);

        Map<String, String> adminProps = new LinkedHashMap<>(props);
        long checkTimeout = Math.min(
                AdminConnection.DEFAULT_TIMEOUT_MS,
                Long.parseLong(props.get("max.block.ms").trim()));
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(checkTimeout));
        adminProps.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, props.get(ProducerConfig.CLIENT_ID_CONFIG) + "-check");
        try (AdminConnection connection = AdminConnection.open(servers, adminProps)) {
            TopicPresence.require(connection, topic);
        }

        Map<String, Object> config = new LinkedHashMap<>(props);
        AtomicInteger failed = new AtomicInteger();
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            throw new CommandFailedException(CliErrors.describe(e), e);
        }
        try (producer;
                ShutdownHook hook = ShutdownHook.install(
                        "console-producer-shutdown", () -> producer.close(Duration.ofSeconds(30)))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
            int lineNumber = 0;
            while (true) {
                if (terminal.interactive()) {
                    terminal.out().print(">");
                    terminal.out().flush();
                }
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                ProducerRecord<byte[], byte[]> record = reader.parse(line, ++lineNumber);
                if (sync) {
                    try {
                        producer.send(record).get();
                    } catch (ExecutionException e) {
                        reportFailure(record, e.getCause());
                        return Cli.FAILED;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Cli.FAILED;
                    }
                } else {
                    producer.send(record, (metadata, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            reportFailure(record, e);
                        }
                    });
                }
            }
            producer.flush();
        } catch (KafkaException e) {
            // After a fatal error the producer refuses every further call. Closing it (above) has run every send
            // callback, so if one reported the failure that is enough; otherwise name the underlying error.
            if (failed.get() == 0) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new CommandFailedException(CliErrors.describe(cause), e);
            }
        }
        return failed.get() == 0 ? Cli.OK : Cli.FAILED;
    }

    /** Kafka's ErrorLoggingCallback wording. */
    private void reportFailure(ProducerRecord<byte[], byte[]> record, Throwable e) {
        String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
        int size = record.value() == null ? -1 : record.value().length;
        terminal.err()
                .println("Error when sending message to topic " + record.topic() + " with key: " + key + ", value: "
                        + size + " bytes with error: " + CliErrors.describe(e));
    }

    /** The producer's properties: file, then --producer-property, then flags, with Kafka's console defaults. */
    Map<String, String> producerProps(String bootstrap) {
        Map<String, String> props = ClientProperties.merge(producerConfig, producerProperties, "--producer-property");
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (compressionCodec != null) {
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionCodec.isEmpty() ? "gzip" : compressionCodec);
        } else {
            props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        }
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "console-producer");
        // With --sync each send waits for its acknowledgement, so lingering would only add a second per record.
        merge(props, ProducerConfig.LINGER_MS_CONFIG, lingerMs, sync ? 0L : 1000L);
        merge(props, ProducerConfig.ACKS_CONFIG, acks, "-1");
        merge(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs, 1500);
        merge(props, ProducerConfig.RETRIES_CONFIG, retries, 3);
        merge(props, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, retryBackoffMs, 100L);
        merge(props, ProducerConfig.SEND_BUFFER_CONFIG, socketBufferSize, 1024 * 100);
        merge(props, ProducerConfig.BUFFER_MEMORY_CONFIG, maxMemoryBytes, 32 * 1024 * 1024L);
        merge(props, ProducerConfig.BATCH_SIZE_CONFIG, batchSize, 16 * 1024);
        if (maxPartitionMemoryBytes != null) {
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, maxPartitionMemoryBytes.toString());
        }
        merge(props, ProducerConfig.METADATA_MAX_AGE_CONFIG, metadataExpiryMs, 5 * 60 * 1000L);
        merge(props, ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs, 60 * 1000L);
        try {
            Long.parseLong(props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid max.block.ms: " + props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        }
        return props;
    }

    /** Kafka's maybeMergeOptions: the flag wins when given; its default applies only when nothing else set the key. */
    private static void merge(Map<String, String> props, String key, Object flag, Object defaultValue) {
        if (flag != null) {
            props.put(key, flag.toString());
        } else {
            props.putIfAbsent(key, defaultValue.toString());
        }
    }
}
