package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DescribeLogDirsRequestData;
import io.runnel.protocol.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import io.runnel.protocol.message.DescribeLogDirsResponseData;
import io.runnel.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import io.runnel.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import io.runnel.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** DescribeLogDirs (v1-4): the data directory, each partition's size on disk, and (v4) the disk's capacity. */
public final class DescribeLogDirsHandler extends BaseHandler<DescribeLogDirsRequestData, DescribeLogDirsResponseData> {

    private final ReplicaManager replicas;
    private final Path logDir;

    public DescribeLogDirsHandler(ReplicaManager replicas, Path logDir) {
        super(ApiKeys.DESCRIBE_LOG_DIRS, 1, 4);
        this.replicas = replicas;
        this.logDir = logDir;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponseData> handle(
            RequestContext context, DescribeLogDirsRequestData request) {
        Set<String> wanted = null;
        if (request.topics() != null) {
            wanted = new HashSet<>();
            for (DescribableLogDirTopic t : request.topics()) {
                for (int p : t.partitions()) {
                    wanted.add(t.topic() + "-" + p);
                }
            }
        }
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        for (Partition p : replicas.partitions()) {
            String key = p.topicPartition().topic() + "-" + p.topicPartition().partition();
            if (wanted != null && !wanted.contains(key)) {
                continue;
            }
            topics.computeIfAbsent(p.topicPartition().topic(), n -> new DescribeLogDirsTopic().setName(n))
                    .partitions()
                    .add(new DescribeLogDirsPartition()
                            .setPartitionIndex(p.topicPartition().partition())
                            .setPartitionSize(p.log().size())
                            .setOffsetLag(0)
                            .setIsFutureKey(false));
        }
        DescribeLogDirsResult result = new DescribeLogDirsResult()
                .setErrorCode(Errors.NONE.code())
                .setLogDir(logDir.toAbsolutePath().toString())
                .setTotalBytes(-1)
                .setUsableBytes(-1);
        result.topics().addAll(topics.values());
        try {
            FileStore store = Files.getFileStore(logDir);
            result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException e) {
            // Sizes stay -1 (unknown), as Kafka reports them when it cannot tell.
        }
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        response.results().add(result);
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public DescribeLogDirsResponseData errorResponse(
            RequestContext context, DescribeLogDirsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
