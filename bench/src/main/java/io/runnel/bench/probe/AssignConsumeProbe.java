package io.runnel.bench.probe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the start with {@code assign()} (no consumer group) and reports the rate, counted like
 * ConsumerPerformance's {@code fetch.MB.sec}: key and value bytes over the time from the first poll to the last
 * record. It exists for brokers without a group coordinator; ConsumerPerformance is the figure of record.
 *
 * <p>Usage: {@code AssignConsumeProbe --bootstrap-server H:P --topic T --num-records N [--timeout-ms MS] [client
 * props]}. Prints {@code key=value} lines: {@code records}, {@code bytes}, {@code seconds}, {@code mb_per_sec},
 * {@code records_per_sec}.
 */
public final class AssignConsumeProbe {

    private AssignConsumeProbe() {}

    public static void main(String[] args) {
        ProbeArgs probeArgs = new ProbeArgs(args);
        Properties props = probeArgs.clientProps();
        props.putIfAbsent("enable.auto.commit", "false");
        String topic = probeArgs.required("topic");
        long wanted = Long.parseLong(probeArgs.required("num-records"));
        long timeoutMs = probeArgs.longOption("timeout-ms", 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long lastRecord = start;
            while (records < wanted && System.nanoTime() - lastRecord < timeoutMs * 1_000_000L) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += record.key() == null ? 0 : record.key().length;
                    bytes += record.value() == null ? 0 : record.value().length;
                }
            }
            double seconds = (lastRecord - start) / 1e9;
            System.out.println("records=" + records);
            System.out.println("bytes=" + bytes);
            System.out.println(String.format(Locale.ROOT, "seconds=%.4f", seconds));
            System.out.println(String.format(Locale.ROOT, "mb_per_sec=%.4f", bytes / (1024.0 * 1024.0) / seconds));
            System.out.println(String.format(Locale.ROOT, "records_per_sec=%.1f", records / seconds));
            if (records < wanted) {
                System.out.println("error=consumed " + records + " of " + wanted + " records before the timeout");
                System.exit(1);
            }
        }
    }
}
