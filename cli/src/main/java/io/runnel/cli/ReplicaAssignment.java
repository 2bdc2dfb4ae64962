package io.runnel.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --replica-assignment} argument of {@code topics}: partitions separated by commas, each a
 * colon-separated list of broker ids, the first being the preferred leader ({@code 1:2,2:3,3:1} is three partitions
 * with two replicas each). Every partition must have the same number of replicas and no broker twice.
 *
 * <p>Immutable.
 */
record ReplicaAssignment(Map<Integer, List<Integer>> partitions) {

    static ReplicaAssignment parse(String text) {
        Map<Integer, List<Integer>> result = new LinkedHashMap<>();
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            List<Integer> brokers = new ArrayList<>();
            for (String id : parts[i].split(":", -1)) {
                try {
                    brokers.add(Integer.parseInt(id.trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException(
                            "Invalid --replica-assignment '" + text + "': '" + id.trim() + "' is not a broker id");
                }
            }
            Set<Integer> distinct = new HashSet<>(brokers);
            if (distinct.size() != brokers.size()) {
                throw new UsageException("Partition replica lists may not contain duplicate entries: " + parts[i]);
            }
            if (i > 0 && brokers.size() != result.get(0).size()) {
                throw new UsageException("Partition " + i + " has different replication factor: " + parts[i]);
            }
            result.put(i, List.copyOf(brokers));
        }
        return new ReplicaAssignment(java.util.Collections.unmodifiableMap(result));
    }

    /** The assignments of partitions {@code from} and up, for adding partitions to a topic that has {@code from}. */
    List<List<Integer>> from(int from) {
        List<List<Integer>> result = new ArrayList<>();
        partitions.forEach((p, brokers) -> {
            if (p >= from) {
                result.add(brokers);
            }
        });
        return result;
    }
}
