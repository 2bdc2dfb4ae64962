package io.runnel.coordinator;

import io.runnel.protocol.Errors;

/**
 * The errors the group coordinator reports. {@link #toErrors()} maps each onto the protocol's {@link Errors} in one
 * exhaustive switch (ARCHITECTURE.md: each layer has its own error type, mapped at the edge); {@code
 * GroupErrorTest} checks the codes against kafka-clients 4.3.0.
 *
 * <p>Immutable and thread-safe.
 */
public enum GroupError {
    NONE,
    UNKNOWN_SERVER_ERROR,
    UNKNOWN_TOPIC_OR_PARTITION,
    OFFSET_METADATA_TOO_LARGE,
    COORDINATOR_LOAD_IN_PROGRESS,
    COORDINATOR_NOT_AVAILABLE,
    NOT_COORDINATOR,
    ILLEGAL_GENERATION,
    INCONSISTENT_GROUP_PROTOCOL,
    INVALID_GROUP_ID,
    UNKNOWN_MEMBER_ID,
    INVALID_SESSION_TIMEOUT,
    REBALANCE_IN_PROGRESS,
    INVALID_COMMIT_OFFSET_SIZE,
    GROUP_AUTHORIZATION_FAILED,
    UNSUPPORTED_VERSION,
    INVALID_REQUEST,
    NON_EMPTY_GROUP,
    GROUP_ID_NOT_FOUND,
    MEMBER_ID_REQUIRED,
    GROUP_MAX_SIZE_REACHED,
    FENCED_INSTANCE_ID,
    GROUP_SUBSCRIBED_TO_TOPIC,
    UNSTABLE_OFFSET_COMMIT,
    UNKNOWN_TOPIC_ID,
    FENCED_MEMBER_EPOCH,
    UNRELEASED_INSTANCE_ID,
    UNSUPPORTED_ASSIGNOR,
    STALE_MEMBER_EPOCH,
    INVALID_REGULAR_EXPRESSION;

    /** The protocol error this coordinator error is reported as: the one place the two meet. */
    public Errors toErrors() {
        switch (this) {
            case NONE:
                return Errors.NONE;
            case UNKNOWN_SERVER_ERROR:
                return Errors.UNKNOWN_SERVER_ERROR;
            case UNKNOWN_TOPIC_OR_PARTITION:
                return Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case OFFSET_METADATA_TOO_LARGE:
                return Errors.OFFSET_METADATA_TOO_LARGE;
            case COORDINATOR_LOAD_IN_PROGRESS:
                return Errors.COORDINATOR_LOAD_IN_PROGRESS;
            case COORDINATOR_NOT_AVAILABLE:
                return Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_COORDINATOR:
                return Errors.NOT_COORDINATOR;
            case ILLEGAL_GENERATION:
                return Errors.ILLEGAL_GENERATION;
            case INCONSISTENT_GROUP_PROTOCOL:
                return Errors.INCONSISTENT_GROUP_PROTOCOL;
            case INVALID_GROUP_ID:
                return Errors.INVALID_GROUP_ID;
            case UNKNOWN_MEMBER_ID:
                return Errors.UNKNOWN_MEMBER_ID;
            case INVALID_SESSION_TIMEOUT:
                return Errors.INVALID_SESSION_TIMEOUT;
            case REBALANCE_IN_PROGRESS:
                return Errors.REBALANCE_IN_PROGRESS;
            case INVALID_COMMIT_OFFSET_SIZE:
                return Errors.INVALID_COMMIT_OFFSET_SIZE;
            case GROUP_AUTHORIZATION_FAILED:
                return Errors.GROUP_AUTHORIZATION_FAILED;
            case UNSUPPORTED_VERSION:
                return Errors.UNSUPPORTED_VERSION;
            case INVALID_REQUEST:
                return Errors.INVALID_REQUEST;
            case NON_EMPTY_GROUP:
                return Errors.NON_EMPTY_GROUP;
            case GROUP_ID_NOT_FOUND:
                return Errors.GROUP_ID_NOT_FOUND;
            case MEMBER_ID_REQUIRED:
                return Errors.MEMBER_ID_REQUIRED;
            case GROUP_MAX_SIZE_REACHED:
                return Errors.GROUP_MAX_SIZE_REACHED;
            case FENCED_INSTANCE_ID:
                return Errors.FENCED_INSTANCE_ID;
            case GROUP_SUBSCRIBED_TO_TOPIC:
                return Errors.GROUP_SUBSCRIBED_TO_TOPIC;
            case UNSTABLE_OFFSET_COMMIT:
                return Errors.UNSTABLE_OFFSET_COMMIT;
            case UNKNOWN_TOPIC_ID:
                return Errors.UNKNOWN_TOPIC_ID;
            case FENCED_MEMBER_EPOCH:
                return Errors.FENCED_MEMBER_EPOCH;
            case UNRELEASED_INSTANCE_ID:
                return Errors.UNRELEASED_INSTANCE_ID;
            case UNSUPPORTED_ASSIGNOR:
                return Errors.UNSUPPORTED_ASSIGNOR;
            case STALE_MEMBER_EPOCH:
                return Errors.STALE_MEMBER_EPOCH;
            case INVALID_REGULAR_EXPRESSION:
                return Errors.INVALID_REGULAR_EXPRESSION;
            default:
                throw new IllegalStateException("no protocol error for " + this);
        }
    }

    /** The Kafka protocol error code. */
    public short code() {
        return toErrors().code();
    }

    /** The error with this code; codes the coordinator never produces map to {@link #UNKNOWN_SERVER_ERROR}. */
    public static GroupError forCode(short code) {
        for (GroupError e : values()) {
            if (e.code() == code) {
                return e;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /** A typed failure carrying this error and a message for the response's error message field. */
    public GroupCoordinatorException exception(String message) {
        return new GroupCoordinatorException(this, message);
    }

    public GroupCoordinatorException exception() {
        return new GroupCoordinatorException(this, null);
    }
}
