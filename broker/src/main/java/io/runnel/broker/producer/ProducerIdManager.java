package io.runnel.broker.producer;

import io.runnel.metadata.Controller;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out producer ids for idempotent producers from blocks reserved durably through the controller, so an id is
 * never handed out twice, even across restarts (ids of a block in use when the broker stops are skipped).
 *
 * <p>Thread-safe.
 */
public final class ProducerIdManager {

    public static final int BLOCK_SIZE = 1000;

    private final Controller controller;
    private long next;
    private long blockEnd;
    private CompletableFuture<Long> pendingBlock;

    public ProducerIdManager(Controller controller) {
        this.controller = controller;
    }

    /** The next unused producer id. */
    public synchronized CompletableFuture<Long> nextId() {
        if (next < blockEnd) {
            return CompletableFuture.completedFuture(next++);
        }
        if (pendingBlock == null) {
            pendingBlock = controller.allocateProducerIds(BLOCK_SIZE);
        }
        CompletableFuture<Long> block = pendingBlock;
        return block.thenCompose(first -> {
            synchronized (this) {
                if (pendingBlock == block) {
                    pendingBlock = null;
                    next = first;
                    blockEnd = first + BLOCK_SIZE;
                }
            }
            return nextId();
        });
    }
}
