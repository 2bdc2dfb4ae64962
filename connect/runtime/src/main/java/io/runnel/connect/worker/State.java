package io.runnel.connect.worker;

/** The state a connector or task reports in the status API (Apache Connect's names). */
public enum State {
    UNASSIGNED,
    RUNNING,
    PAUSED,
    STOPPED,
    FAILED,
    RESTARTING
}
