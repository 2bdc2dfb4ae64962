package io.runnel.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one node in dependency order (each may use those before it): {@link #start()} starts them in
 * that order, {@link #stop()} stops the started ones in reverse. When a component fails to start, the ones started
 * before it (and the failed one, to release what it had half-built) are stopped in reverse, and the start fails
 * with a {@link ComponentStartException} naming the component and its cause.
 *
 * <p>Thread-safe: start and stop are serialised; each happens at most once.
 */
public final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Component> components;
    private final List<Component> started = new ArrayList<>();
    private boolean startCalled;
    private boolean stopped;

    public Lifecycle(List<Component> components) {
        this.components = List.copyOf(components);
    }

    public synchronized void start() throws ComponentStartException {
        if (startCalled) {
            throw new IllegalStateException("a node's components start once");
        }
        startCalled = true;
        for (Component c : components) {
            started.add(c);
            try {
                c.start();
            } catch (Exception e) {
                log.error("{} failed to start: {}; stopping what already started", c.name(), e.toString());
                stop();
                throw new ComponentStartException(c.name(), e);
            }
            log.debug("{} started", c.name());
        }
    }

    /** Stops the started components in reverse order; a failure to stop one is logged and the rest still stop. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            Component c = started.get(i);
            try {
                c.stop();
            } catch (Exception e) {
                log.warn("{} failed to stop cleanly: {}", c.name(), e.toString());
            }
        }
    }

    /** The component names, in start order. */
    public List<String> names() {
        return components.stream().map(Component::name).toList();
    }
}
