package io.runnel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything measured in one harness run: samples per figure and contender, remarks, and a record of each session
 * (which broker ran when, and the machine's load around it). Not thread-safe; the harness runs one session at a
 * time.
 */
final class Results {

    /** One broker start and the workload run against it. */
    record SessionRecord(
            String workload,
            String contender,
            int rep,
            String startedAt,
            double seconds,
            double loadBefore,
            double loadAfter,
            String failure) {}

    private final Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final List<SessionRecord> sessions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    void record(Figure figure, String contenderId, Sample sample) {
        samples.computeIfAbsent(figure.id(), k -> new LinkedHashMap<>())
                .computeIfAbsent(contenderId, k -> new ArrayList<>())
                .add(sample);
    }

    boolean has(Figure figure, String contenderId, int rep) {
        return samples(figure, contenderId).stream().anyMatch(s -> s.rep() == rep);
    }

    List<Sample> samples(Figure figure, String contenderId) {
        return samples.getOrDefault(figure.id(), Map.of()).getOrDefault(contenderId, List.of());
    }

    /** The median of the successful samples, or NaN when there are none. */
    double median(Figure figure, String contenderId) {
        return Stats.median(values(figure, contenderId));
    }

    List<Double> values(Figure figure, String contenderId) {
        return samples(figure, contenderId).stream()
                .filter(Sample::ok)
                .map(Sample::value)
                .toList();
    }

    void note(String note) {
        notes.add(note);
    }

    Set<String> notes() {
        return notes;
    }

    void session(SessionRecord session) {
        sessions.add(session);
    }

    List<SessionRecord> sessions() {
        return sessions;
    }

    /** A parameter chosen during the run (e.g. the "highest rate both sustain"), reported with the results. */
    void parameter(String name, Object value) {
        parameters.put(name, value);
    }

    Map<String, Object> parameters() {
        return parameters;
    }
}
