package io.runnel.connect.worker;

/** A task of a connector: {@code <connector>-<task>} in logs and thread names. */
public record ConnectorTaskId(String connector, int task) implements Comparable<ConnectorTaskId> {

    @Override
    public String toString() {
        return connector + "-" + task;
    }

    @Override
    public int compareTo(ConnectorTaskId o) {
        int c = connector.compareTo(o.connector);
        return c != 0 ? c : Integer.compare(task, o.task);
    }
}
