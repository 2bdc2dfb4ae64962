"""Python confluent-kafka (librdkafka) smoke run against Runnel, started by ConfluentKafkaPythonIT.

Usage: confluent_kafka_smoke.py BOOTSTRAP TOPIC GROUP SCRATCH_TOPIC COUNT_PER_CODEC EXPECTED_FROM_JAVA

TOPIC exists and holds EXPECTED_FROM_JAVA records the Java producer wrote. Describes TOPIC and creates
SCRATCH_TOPIC with the admin client, produces COUNT_PER_CODEC records per compression codec to TOPIC (idempotent,
acks=all), reads TOPIC in consumer group GROUP until it has every record, commits synchronously, deletes
SCRATCH_TOPIC, and prints "RESULT <what> <value>" lines. Any error exits non-zero.
"""
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]


def result(what, value):
    print("RESULT %s %s" % (what, value), flush=True)


def main():
    bootstrap, topic, group, scratch = sys.argv[1:5]
    per_codec = int(sys.argv[5])
    from_java = int(sys.argv[6])

    admin = AdminClient({"bootstrap.servers": bootstrap})
    for name, future in admin.create_topics(
        [NewTopic(scratch, num_partitions=1, replication_factor=1)],
        operation_timeout=30,
    ).items():
        future.result(timeout=60)
    metadata = admin.list_topics(topic=topic, timeout=30)
    result("partitions", len(metadata.topics[topic].partitions))

    errors = []
    for codec in CODECS:
        producer = Producer({"bootstrap.servers": bootstrap, "compression.type": codec, "acks": "all",
                             "enable.idempotence": True, "linger.ms": 5})

        def delivered(err, msg):
            if err is not None:
                errors.append(str(err))

        for i in range(per_codec):
            producer.produce(topic, key="py-%s-%d" % (codec, i), value="python %s %d" % (codec, i),
                             on_delivery=delivered)
        if producer.flush(60) != 0:
            errors.append("records left unsent with codec " + codec)
    if errors:
        raise RuntimeError("produce failed: %s" % errors)
    result("produced", per_codec * len(CODECS))

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([topic])
    wanted = per_codec * len(CODECS) + from_java
    read = 0
    deadline = time.monotonic() + 90
    while read < wanted and time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise KafkaException(msg.error())
        result("consumed", "%s=%s" % (msg.key().decode(), msg.value().decode()))
        read += 1
    consumer.commit(asynchronous=False)
    consumer.close()

    for name, future in admin.delete_topics([scratch], operation_timeout=30).items():
        future.result(timeout=60)
    deadline = time.monotonic() + 30
    names = set(admin.list_topics(timeout=30).topics)
    while scratch in names and time.monotonic() < deadline:
        time.sleep(0.1)  # a bounded poll of a condition
        names = set(admin.list_topics(timeout=30).topics)
    result("topics", ",".join(sorted(names)))


if __name__ == "__main__":
    main()
