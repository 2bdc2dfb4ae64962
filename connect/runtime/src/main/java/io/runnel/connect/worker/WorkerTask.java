package io.runnel.connect.worker;

import io.runnel.common.time.Time;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running task on its own thread: {@link #initialize()}, then {@link #execute()} until stopped, then
 * {@link #shutdown()}. An exception out of either fails the task (state FAILED with its trace) and ends its thread;
 * nothing else is affected. The target state (running or paused) is set from other threads; subclasses read it with
 * {@link #paused()}.
 *
 * <p>Thread-safety: {@link #stop()}, {@link #transitionTo} and {@link #status()} may be called from any thread; the
 * rest runs on the task's thread.
 */
public abstract class WorkerTask implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerTask.class);

    protected final ConnectorTaskId id;
    protected final Time time;
    private final Object pauseMonitor = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile TargetState target;
    private volatile boolean stopping;
    private volatile Status status = Status.UNASSIGNED;
    private volatile int restarts;
    private volatile String lastFailure;
    private volatile java.util.function.Consumer<WorkerTask> onFailure = t -> {};

    protected WorkerTask(ConnectorTaskId id, TargetState initial, Time time) {
        this.id = id;
        this.target = initial;
        this.time = time;
    }

    public ConnectorTaskId id() {
        return id;
    }

    public Status status() {
        return status;
    }

    void restarts(int count) {
        this.restarts = count;
    }

    /** The trace of the failure before the last restart, masked; {@code null} when there was none. */
    public String lastFailure() {
        return lastFailure;
    }

    void lastFailure(String trace) {
        this.lastFailure = trace;
    }

    /** Called on the task's thread once it has failed (the herder schedules an automatic restart). */
    void onFailure(java.util.function.Consumer<WorkerTask> callback) {
        this.onFailure = callback;
    }

    protected abstract void initialize() throws Exception;

    /** One round of work; returns promptly when {@link #stopping()} becomes true. */
    protected abstract void execute() throws Exception;

    /** Releases everything; called once on the task's thread, also after a failure. */
    protected abstract void shutdown();

    /** Called on the stopping thread to wake a task that may be blocked in the plugin. */
    protected void wakeup() {}

    /** Replaces the secrets of this task's configuration in text that leaves the worker (traces, logs). */
    private volatile java.util.function.UnaryOperator<String> masker = s -> s;

    void masker(java.util.function.UnaryOperator<String> masker) {
        this.masker = masker;
    }

    protected final String mask(String text) {
        return masker.apply(text);
    }

    @Override
    public final void run() {
        Thread.currentThread().setName("task-" + id);
        boolean failed = false;
        try {
            initialize();
            setState(target == TargetState.PAUSED ? State.PAUSED : State.RUNNING, null);
            while (!stopping) {
                if (target == TargetState.PAUSED && pausesByWaiting()) {
                    setState(State.PAUSED, null);
                    synchronized (pauseMonitor) {
                        while (target == TargetState.PAUSED && !stopping) {
                            pauseMonitor.wait();
                        }
                    }
                    if (!stopping) {
                        setState(State.RUNNING, null);
                    }
                    continue;
                }
                execute();
            }
        } catch (Throwable t) {
            if (!stopping) {
                String trace = mask(Status.traceOf(t));
                log.error("Task {} failed: {}", id, trace);
                setState(State.FAILED, trace);
                failed = true;
            }
        } finally {
            try {
                shutdown();
            } catch (Throwable t) {
                log.warn("Task {} failed while shutting down: {}", id, mask(Status.traceOf(t)));
            }
            if (status.state() != State.FAILED) {
                setState(State.UNASSIGNED, null);
            }
            finished.countDown();
        }
        if (failed) {
            onFailure.accept(this);
        }
    }

    /** Whether pausing parks the thread (sources) or the subclass keeps executing while paused (sinks). */
    protected boolean pausesByWaiting() {
        return true;
    }

    protected final void setState(State state, String trace) {
        status = new Status(state, trace, restarts);
    }

    protected final boolean paused() {
        return target == TargetState.PAUSED;
    }

    protected final boolean stopping() {
        return stopping;
    }

    public void transitionTo(TargetState state) {
        synchronized (pauseMonitor) {
            target = state;
            pauseMonitor.notifyAll();
        }
        onTargetState(state);
    }

    /** Hook for subclasses that react to pause/resume on their own thread. */
    protected void onTargetState(TargetState state) {}

    /** Asks the task to stop; does not wait. */
    public void stop() {
        stopping = true;
        synchronized (pauseMonitor) {
            pauseMonitor.notifyAll();
        }
        wakeup();
    }

    /** Waits for the task's thread to finish; false when it did not within the timeout. */
    public boolean awaitStop(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
