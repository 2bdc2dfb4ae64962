package io.runnel.server;

/**
 * One part of what a node runs (the broker; later Connect, the schema registry, SQL), started and stopped by the
 * node's {@link Lifecycle}. {@link #start()} is called at most once; {@link #stop()} is called once after a start
 * that returned, and also after a start that threw, so it must cope with a half-started component (stopping what
 * it had started and ignoring the rest).
 */
public interface Component {

    /** The domain name used in log lines and errors: "broker", "connect", "registry", … */
    String name();

    /** Starts serving; throws when the component cannot start (it has cleaned up what it could). */
    void start() throws Exception;

    /** Stops, releasing every resource; never throws for a component that is already stopped. */
    void stop() throws Exception;
}
