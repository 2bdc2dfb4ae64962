package io.runnel.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member in its own JVM, so a test can kill it with SIGKILL (a member that dies without leaving
 * or heartbeating). Prints one line per event to stdout: {@code A <n>} after each assignment change (n
 * partitions), {@code R <partition> <offset>} per record processed, {@code C <partition> <offset>} per committed
 * position, {@code U <partition> <offset>} per record whose commit failed because a rebalance overtook it. Runs until killed or for at most five minutes.
 *
 * <p>Arguments: bootstrap servers, group id, topic, group protocol.
 */
public final class GroupMemberMain {

    private GroupMemberMain() {}

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[1]);
        props.put("group.protocol", args[3]);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        if (args[3].equals("classic")) {
            props.put("session.timeout.ms", "6000");
            props.put("heartbeat.interval.ms", "1000");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(args[2]));
            int assigned = -1;
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                StringBuilder out = new StringBuilder();
                if (consumer.assignment().size() != assigned) {
                    assigned = consumer.assignment().size();
                    out.append("A ").append(assigned).append('\n');
                }
                for (ConsumerRecord<String, String> r : records) {
                    out.append("R ")
                            .append(r.partition())
                            .append(' ')
                            .append(r.offset())
                            .append('\n');
                }
                if (!records.isEmpty()) {
                    try {
                        consumer.commitSync();
                    } catch (org.apache.kafka.clients.consumer.CommitFailedException
                            | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                        // A rebalance overtook the commit: nothing is committed; the group may read these again.
                        for (var r : records) {
                            out.append("U ")
                                    .append(r.partition())
                                    .append(' ')
                                    .append(r.offset())
                                    .append('\n');
                        }
                        System.out.print(out);
                        System.out.flush();
                        continue;
                    }
                    for (var tp : records.partitions()) {
                        List<ConsumerRecord<String, String>> rs = records.records(tp);
                        out.append("C ")
                                .append(tp.partition())
                                .append(' ')
                                .append(rs.get(rs.size() - 1).offset() + 1)
                                .append('\n');
                    }
                }
                if (out.length() > 0) {
                    System.out.print(out);
                    System.out.flush();
                }
            }
        }
    }
}
