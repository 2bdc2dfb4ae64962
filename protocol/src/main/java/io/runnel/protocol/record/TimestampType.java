package io.runnel.protocol.record;

/** Whether a batch's timestamps were set by the producer or by the broker at append. */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME
}
