package io.runnel.connect.worker;

import io.runnel.connect.WorkerConfig;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.Plugins;
import io.runnel.connect.storage.OffsetCodec;
import io.runnel.connect.storage.OffsetStore;
import java.util.Map;

/**
 * What a task is built from: the worker's settings and plugins, the connector's and the task's configurations (with
 * config-provider variables already resolved), the task class and the source offset store.
 */
record TaskSetup(
        WorkerConfig worker,
        Plugins plugins,
        PluginDesc connectorPlugin,
        Class<?> taskClass,
        Map<String, String> connectorConfig,
        Map<String, String> taskConfig,
        OffsetStore offsets,
        OffsetCodec codec,
        String workerId,
        org.apache.kafka.common.metrics.Metrics metrics) {

    org.apache.kafka.common.metrics.PluginMetrics pluginMetrics(ConnectorTaskId id) {
        return new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(
                metrics, Map.of("connector", id.connector(), "task", Integer.toString(id.task())));
    }
}
