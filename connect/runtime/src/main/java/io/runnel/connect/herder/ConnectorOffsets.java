package io.runnel.connect.herder;

import io.runnel.connect.storage.OffsetCodec;
import io.runnel.connect.worker.Worker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The offsets endpoints ({@code GET/PATCH/DELETE /connectors/{c}/offsets}, KIP-875) for both kinds of connector:
 * a source's are the entries of the offset store under its name; a sink's are the committed offsets of its consumer
 * group {@code connect-<name>}, read and changed through the Admin client. Shapes are Apache's:
 * {@code {"offsets":[{"partition":{…},"offset":{…}}]}}, with sink partitions
 * {@code {"kafka_topic","kafka_partition"}} and offsets {@code {"kafka_offset"}}. Thread-safe.
 */
final class ConnectorOffsets {

    private final Worker worker;

    ConnectorOffsets(Worker worker) {
        this.worker = worker;
    }

    Map<String, Object> get(String connector, boolean sink) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (sink) {
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group(connector))
                        .partitionsToOffsetAndMetadata()
                        .get();
                committed.forEach((tp, om) -> {
                    if (om != null) {
                        list.add(entry(sinkPartition(tp), Map.of("kafka_offset", om.offset())));
                    }
                });
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("Reading the offsets of connector " + connector + " failed", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } else {
            OffsetCodec codec = worker.codec();
            worker.offsets().all().forEach((k, v) -> {
                OffsetCodec.Key key = codec.decodeKey(k);
                if (key != null && key.connector().equals(connector) && v != null) {
                    list.add(entry(key.partition(), codec.decodeValue(v)));
                }
            });
        }
        return Map.of("offsets", list);
    }

    /** Applies {@code {"offsets":[{"partition":…, "offset":…|null}]}}; a null offset removes the partition's. */
    void alter(String connector, boolean sink, List<Map<String, Object>> offsets) {
        if (sink) {
            Map<TopicPartition, OffsetAndMetadata> set = new HashMap<>();
            Set<TopicPartition> remove = new HashSet<>();
            for (Map<String, Object> o : offsets) {
                TopicPartition tp = topicPartition(o.get("partition"));
                Object offset = o.get("offset");
                if (offset == null) {
                    remove.add(tp);
                } else if (offset instanceof Map<?, ?> m && m.get("kafka_offset") instanceof Number n) {
                    if (n.longValue() < 0) {
                        throw HerderException.badRequest("Kafka partition offsets must be non-negative");
                    }
                    set.put(tp, new OffsetAndMetadata(n.longValue()));
                } else {
                    throw HerderException.badRequest(
                            "Sink connector offsets must be an object with a numeric kafka_offset, not " + offset);
                }
            }
            try (Admin admin = admin()) {
                if (!set.isEmpty()) {
                    admin.alterConsumerGroupOffsets(group(connector), set).all().get();
                }
                if (!remove.isEmpty()) {
                    admin.deleteConsumerGroupOffsets(group(connector), remove)
                            .all()
                            .get();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("Altering the offsets of connector " + connector + " failed", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } else {
            OffsetCodec codec = worker.codec();
            Map<ByteBuffer, ByteBuffer> batch = new HashMap<>();
            for (Map<String, Object> o : offsets) {
                if (!(o.get("partition") instanceof Map<?, ?> p)) {
                    throw HerderException.badRequest("Every offset needs a partition object");
                }
                Object offset = o.get("offset");
                if (offset != null && !(offset instanceof Map<?, ?>)) {
                    throw HerderException.badRequest("A source offset must be an object or null, not " + offset);
                }
                batch.put(
                        codec.key(connector, stringKeys(p)),
                        codec.value(offset == null ? null : stringKeys((Map<?, ?>) offset)));
            }
            worker.offsets().putAll(batch);
        }
    }

    /** Removes every offset of the connector. */
    void reset(String connector, boolean sink) {
        if (sink) {
            try (Admin admin = admin()) {
                admin.deleteConsumerGroups(List.of(group(connector))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("Resetting the offsets of connector " + connector + " failed", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return;
        }
        OffsetCodec codec = worker.codec();
        Map<ByteBuffer, ByteBuffer> batch = new HashMap<>();
        worker.offsets().all().keySet().forEach(k -> {
            OffsetCodec.Key key = codec.decodeKey(k);
            if (key != null && key.connector().equals(connector)) {
                batch.put(k, null);
            }
        });
        worker.offsets().putAll(batch);
    }

    private static TopicPartition topicPartition(Object partition) {
        if (partition instanceof Map<?, ?> p
                && p.get("kafka_topic") instanceof String topic
                && p.get("kafka_partition") instanceof Number n) {
            return new TopicPartition(topic, n.intValue());
        }
        throw HerderException.badRequest(
                "Sink connector partitions must be objects with kafka_topic and kafka_partition, not " + partition);
    }

    private static Map<String, Object> sinkPartition(TopicPartition tp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kafka_topic", tp.topic());
        m.put("kafka_partition", tp.partition());
        return m;
    }

    private static Map<String, Object> entry(Map<String, ?> partition, Map<String, ?> offset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", partition);
        m.put("offset", offset);
        return m;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String group(String connector) {
        return "connect-" + connector;
    }

    private Admin admin() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, worker.config().bootstrapServers());
        c.putAll(worker.config().prefixed("admin."));
        return Admin.create(c);
    }
}
