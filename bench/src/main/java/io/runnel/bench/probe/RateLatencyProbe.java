package io.runnel.bench.probe;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed rate, which Kafka's EndToEndLatency cannot do (it sends one record and waits for it
 * before the next). One producer sends records on a fixed schedule; one consumer ({@code assign()}, no group, long
 * polling with the client's default {@code fetch.max.wait.ms}) reads them in the same JVM. Each value carries the
 * {@link System#nanoTime()} at which it was <em>scheduled</em>, so a stall on the send side counts against the latency
 * of every record it delays (no coordinated omission); latency is the consumer's clock minus that time.
 *
 * <p>Usage: {@code RateLatencyProbe --bootstrap-server H:P --topic T --rate R --seconds S [--warmup-seconds W]
 * [--record-size B] [client props]}. The topic must exist. Records scheduled in the first W seconds are not measured.
 * Prints {@code key=value} lines: {@code target_rate}, {@code achieved_rate}, {@code sent}, {@code received}, {@code
 * errors}, {@code measured}, {@code mean_ms}, {@code p50_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms}.
 *
 * <p>Threads: the main thread produces, one thread consumes; they share only atomics and a latch.
 */
public final class RateLatencyProbe {

    private RateLatencyProbe() {}

    public static void main(String[] args) throws Exception {
        ProbeArgs probeArgs = new ProbeArgs(args);
        String topic = probeArgs.required("topic");
        double rate = probeArgs.doubleOption("rate", 5000);
        double seconds = probeArgs.doubleOption("seconds", 10);
        double warmupSeconds = probeArgs.doubleOption("warmup-seconds", 2);
        int recordSize = (int) probeArgs.longOption("record-size", 1024);
        long total = (long) (rate * (seconds + warmupSeconds));
        long warmupRecords = (long) (rate * warmupSeconds);

        Properties producerProps = probeArgs.clientProps();
        Properties consumerProps = new Properties();
        consumerProps.setProperty("bootstrap.servers", producerProps.getProperty("bootstrap.servers"));
        consumerProps.setProperty("enable.auto.commit", "false");
        consumerProps.setProperty("auto.offset.reset", "latest");
        for (String name : producerProps.stringPropertyNames()) {
            if (name.startsWith("consumer.")) {
                consumerProps.setProperty(name.substring("consumer.".length()), producerProps.getProperty(name));
                producerProps.remove(name);
            }
        }

        long[] latencies = new long[(int) Math.max(1, total - warmupRecords)];
        AtomicLong received = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch consumerReady = new CountDownLatch(1);
        CountDownLatch consumerDone = new CountDownLatch(1);
        AtomicLong consumerStopAt = new AtomicLong(Long.MAX_VALUE);

        Thread consumerThread = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition()))
                                .toList();
                        consumer.assign(partitions);
                        consumer.seekToEnd(partitions);
                        partitions.forEach(consumer::position);
                        consumerReady.countDown();
                        while (received.get() < total && System.nanoTime() < consumerStopAt.get()) {
                            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                                long now = System.nanoTime();
                                ByteBuffer value = ByteBuffer.wrap(record.value());
                                long index = value.getLong(0);
                                long scheduled = value.getLong(8);
                                received.incrementAndGet();
                                if (index >= warmupRecords) {
                                    int slot = (int) measured.getAndIncrement();
                                    if (slot < latencies.length) {
                                        latencies[slot] = now - scheduled;
                                    }
                                }
                            }
                        }
                    } finally {
                        consumerReady.countDown();
                        consumerDone.countDown();
                    }
                },
                "latency-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
        consumerReady.await();

        long sent = 0;
        long lastSend;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            double intervalNanos = 1e9 / rate;
            long start = System.nanoTime() + 50_000_000L;
            lastSend = start;
            while (sent < total) {
                long now = System.nanoTime();
                long due = Math.min(total, (long) ((now - start) / intervalNanos) + 1);
                while (sent < due) {
                    long scheduled = start + (long) (sent * intervalNanos);
                    byte[] value = new byte[recordSize];
                    ByteBuffer.wrap(value).putLong(0, sent).putLong(8, scheduled);
                    producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                        if (exception != null) {
                            errors.incrementAndGet();
                        }
                    });
                    sent++;
                }
                lastSend = System.nanoTime();
                if (sent < total) {
                    long next = start + (long) (sent * intervalNanos);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
            double sendSeconds = (lastSend - start) / 1e9;
            // Let the consumer catch up with what was sent, for at most ten seconds.
            consumerStopAt.set(System.nanoTime() + 10_000_000_000L);
            consumerDone.await();
            int count = (int) Math.min(measured.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            double sum = 0;
            for (long l : sorted) {
                sum += l;
            }
            print("target_rate", rate);
            print("achieved_rate", sent / Math.max(sendSeconds, 1e-9));
            System.out.println("sent=" + sent);
            System.out.println("received=" + received.get());
            System.out.println("errors=" + errors.get());
            System.out.println("measured=" + count);
            if (count > 0) {
                print("mean_ms", sum / count / 1e6);
                print("p50_ms", percentile(sorted, 0.50) / 1e6);
                print("p99_ms", percentile(sorted, 0.99) / 1e6);
                print("p999_ms", percentile(sorted, 0.999) / 1e6);
                print("max_ms", sorted[count - 1] / 1e6);
            }
        }
    }

    private static long percentile(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void print(String key, double value) {
        System.out.println(String.format(Locale.ROOT, "%s=%.4f", key, value));
    }
}
