package io.runnel.broker.delayed;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.MockTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DelayedOperationPurgatoryTest {

    private final MockTime time = new MockTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final DelayedOperationPurgatory<Op> purgatory = new DelayedOperationPurgatory<>(scheduler);

    /** Completes when the shared counter reaches its target; records how it completed. */
    private static final class Op extends DelayedOperation {
        final AtomicInteger counter;
        final int target;
        final AtomicInteger completions = new AtomicInteger();
        volatile boolean satisfied;

        Op(long delayMs, AtomicInteger counter, int target) {
            super(delayMs);
            this.counter = counter;
            this.target = target;
        }

        @Override
        public boolean tryComplete() {
            return counter.get() >= target && forceComplete();
        }

        @Override
        protected void onComplete() {
            satisfied = counter.get() >= target;
            completions.incrementAndGet();
        }
    }

    @Test
    void anOperationThatCanCompleteNowIsNeverWatched() {
        Op op = new Op(100, new AtomicInteger(5), 1);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("p0"))).isTrue();
        assertThat(purgatory.watched()).isZero();
        assertThat(scheduler.pending()).isZero();
        assertThat(op.completions).hasValue(1);
    }

    @Test
    void anEventOnAWatchedKeyCompletesTheOperationOnce() {
        AtomicInteger counter = new AtomicInteger();
        Op op = new Op(500, counter, 2);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("p0", "p1"))).isFalse();
        counter.set(1);
        assertThat(purgatory.checkAndComplete("p0")).isZero();
        counter.set(2);
        assertThat(purgatory.checkAndComplete("p1")).isEqualTo(1);
        assertThat(purgatory.checkAndComplete("p0")).isZero();
        assertThat(op.completions).hasValue(1);
        assertThat(op.satisfied).isTrue();
        assertThat(scheduler.pending()).isZero();
        scheduler.advance(1000);
        assertThat(op.completions).hasValue(1);
    }

    @Test
    void anUnsatisfiedOperationCompletesWhenItsTimeoutExpires() {
        Op op = new Op(500, new AtomicInteger(), 1);
        purgatory.tryCompleteElseWatch(op, List.of("p0"));
        scheduler.advance(499);
        assertThat(op.isCompleted()).isFalse();
        scheduler.advance(1);
        assertThat(op.completions).hasValue(1);
        assertThat(op.satisfied).isFalse();
        assertThat(purgatory.checkAndComplete("p0")).isZero();
        assertThat(purgatory.watched()).isZero();
    }

    @Test
    void shutdownCompletesEverythingWaitingAndRefusesToWaitAgain() {
        Op a = new Op(500, new AtomicInteger(), 1);
        Op b = new Op(500, new AtomicInteger(), 1);
        purgatory.tryCompleteElseWatch(a, List.of("p0"));
        purgatory.shutdown();
        assertThat(a.completions).hasValue(1);
        assertThat(purgatory.tryCompleteElseWatch(b, List.of("p0"))).isTrue();
        assertThat(b.completions).hasValue(1);
    }

    @Test
    void concurrentEventsCompleteEachOperationExactlyOnce() throws Exception {
        AtomicInteger counter = new AtomicInteger();
        List<Op> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Op op = new Op(60_000, counter, 1);
            purgatory.tryCompleteElseWatch(op, List.of("p" + (i % 3), "p3"));
            ops.add(op);
        }
        counter.set(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int k = t;
            threads[t] = new Thread(() -> purgatory.checkAndComplete("p" + k));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Op op : ops) {
            assertThat(op.completions).hasValue(1);
        }
    }
}
