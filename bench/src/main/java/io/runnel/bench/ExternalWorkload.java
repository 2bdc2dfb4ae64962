package io.runnel.bench;

import java.util.List;

/**
 * A workload run against a broker someone else runs ({@code --against HOST:PORT}): the same figures and the same
 * run, with that broker as the only contender (nothing to start, configure, stop or compare with here). Immutable.
 */
final class ExternalWorkload implements Workload {

    private final Workload workload;
    private final Contender broker;

    ExternalWorkload(Workload workload, Contender broker) {
        this.workload = workload;
        this.broker = broker;
    }

    /**
     * Whether the workload can run against a broker the harness did not start: the start-up and memory workload needs
     * the broker's process, the durable one sets broker configuration.
     */
    static boolean applies(Workload workload) {
        return !workload.name().equals("startup") && !workload.name().equals("durable");
    }

    @Override
    public String name() {
        return workload.name();
    }

    @Override
    public String title() {
        return workload.title();
    }

    @Override
    public List<Contender> contenders() {
        return List.of(broker);
    }

    @Override
    public List<Figure> figures() {
        return workload.figures();
    }

    @Override
    public void run(Session session) throws Exception {
        workload.run(session);
    }
}
