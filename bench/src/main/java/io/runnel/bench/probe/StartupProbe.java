package io.runnel.bench.probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures start-up to the first successful produce without counting the probe's own JVM start: the probe starts
 * before the broker, builds a default producer (acks=all, idempotent) with short reconnect and retry back-offs, prints
 * {@code READY}, and waits for a line on stdin. The harness then spawns the broker and writes {@code GO}; the probe
 * sends one record to an auto-created topic and prints {@code PRODUCED} the moment the send is acknowledged. The
 * harness times the interval between spawning the broker and reading {@code PRODUCED}.
 *
 * <p>Usage: {@code StartupProbe --bootstrap-server H:P --topic T [client props]}.
 */
public final class StartupProbe {

    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        ProbeArgs probeArgs = new ProbeArgs(args);
        Properties props = probeArgs.clientProps();
        // Poll for the broker every few milliseconds instead of the default back-off of up to a second, so the
        // figure measures the broker, not the client's back-off schedule.
        props.putIfAbsent("reconnect.backoff.ms", "5");
        props.putIfAbsent("reconnect.backoff.max.ms", "20");
        props.putIfAbsent("retry.backoff.ms", "5");
        props.putIfAbsent("retry.backoff.max.ms", "20");
        props.putIfAbsent("socket.connection.setup.timeout.ms", "1000");
        props.putIfAbsent("max.block.ms", "120000");
        props.putIfAbsent("delivery.timeout.ms", "120000");
        String topic = probeArgs.required("topic");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = stdin.readLine();
            if (line == null || !line.trim().equals("GO")) {
                System.out.println("ABORTED");
                return;
            }
            producer.send(new ProducerRecord<>(topic, "first".getBytes(StandardCharsets.UTF_8)))
                    .get(120, TimeUnit.SECONDS);
            System.out.println("PRODUCED");
            System.out.flush();
        }
    }
}
