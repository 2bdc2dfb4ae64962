package io.runnel.cli;

import picocli.CommandLine.Option;

/**
 * The hidden {@code --zookeeper} of Kafka's older admin tools, accepted by the parser only to be refused with a
 * pointer to {@code --bootstrap-server}: a picocli mixin. Not thread-safe: one per invocation.
 */
final class ZookeeperOption {

    @Option(names = "--zookeeper", hidden = true)
    String zookeeper;

    /** Fails with a {@link UsageException} when {@code --zookeeper} was given. */
    void refuse() {
        Verb.require(
                zookeeper == null, "--zookeeper is not supported: Runnel has no ZooKeeper; use --bootstrap-server");
    }
}
