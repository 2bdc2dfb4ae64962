package io.runnel.bench;

/** Which direction of a figure is better: throughput is better higher, latency and memory lower. */
enum Better {
    HIGHER,
    LOWER
}
