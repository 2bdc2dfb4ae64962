package io.runnel.connect.worker;

/** What the user asked a connector to be: running, paused (resources kept) or stopped (tasks freed). */
public enum TargetState {
    RUNNING,
    PAUSED,
    STOPPED
}
