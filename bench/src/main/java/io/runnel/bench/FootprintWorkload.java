package io.runnel.bench;

import java.util.List;

/**
 * Workload 5: start-up time and resident memory. Every broker start of the whole run is timed from spawning the
 * process to the first acknowledged produce (see {@code StartupProbe}); this workload's own sessions add the memory
 * figures: the resident set after the broker has idled for a while after its first produce, then the peak resident
 * set (VmHWM) after a 1 KB produce run at full speed. Both brokers run with the same heap settings.
 */
final class FootprintWorkload implements Workload {

    static final Figure STARTUP = new Figure(
            "startup.first-produce.ms",
            "start-up to first acknowledged produce",
            "ms",
            Better.LOWER,
            Goal.runnelBelow(1000),
            Chart.Panel.NONE);
    static final Figure IDLE_RSS = new Figure(
            "memory.idle.rss", "resident memory at idle", "MiB", Better.LOWER, Goal.ratioAtMost(0.5), Chart.Panel.NONE);
    static final Figure LOAD_RSS = new Figure(
            "memory.load.peak-rss", "peak resident memory under load", "MiB", Better.LOWER, null, Chart.Panel.NONE);
    static final Figure SHUTDOWN = new Figure(
            "shutdown.seconds", "clean shutdown (SIGTERM to exit)", "s", Better.LOWER, null, Chart.Panel.NONE);

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String title() {
        return "5. Start-up time and resident memory";
    }

    @Override
    public List<Contender> contenders() {
        return List.of(Contender.KAFKA, Contender.RUNNEL);
    }

    @Override
    public List<Figure> figures() {
        return List.of(STARTUP, IDLE_RSS, LOAD_RSS, SHUTDOWN);
    }

    @Override
    public void run(Session session) throws Exception {
        Thread.sleep(session.scale().idleSeconds() * 1000L);
        session.record(IDLE_RSS, session.broker().residentMiB());
        session.createTopics("footprint-load:6");
        ToolRun load = session.producerPerformance(
                "load", "footprint-load", session.scale().memoryLoad(), 1024, "1", 0);
        if (load.exitCode() != 0 || ProducerPerformanceResult.parse(load).isEmpty()) {
            session.fail(LOAD_RSS, load.failure());
            return;
        }
        session.record(LOAD_RSS, session.broker().peakResidentMiB());
    }
}
