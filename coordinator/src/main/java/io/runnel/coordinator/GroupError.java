package io.runnel.coordinator;

/**
 * The errors the group coordinator reports, each carried to the client as a Kafka protocol error code.
 *
 * <p>{@link #code()} is the single place where coordinator errors meet wire codes: one exhaustive switch, checked
 * against the {@code Errors} enum of kafka-clients 4.3.0 by {@code GroupErrorTest}. When {@code
 * io.runnel.protocol.Errors} exists this switch maps onto it instead of numbers.
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

    /** The Kafka protocol error code. */
    public short code() {
        switch (this) {
            case NONE:
                return 0;
            case UNKNOWN_SERVER_ERROR:
                return -1;
            case UNKNOWN_TOPIC_OR_PARTITION:
                return 3;
            case OFFSET_METADATA_TOO_LARGE:
                return 12;
            case COORDINATOR_LOAD_IN_PROGRESS:
                return 14;
            case COORDINATOR_NOT_AVAILABLE:
                return 15;
            case NOT_COORDINATOR:
                return 16;
            case ILLEGAL_GENERATION:
                return 22;
            case INCONSISTENT_GROUP_PROTOCOL:
                return 23;
            case INVALID_GROUP_ID:
                return 24;
            case UNKNOWN_MEMBER_ID:
                return 25;
            case INVALID_SESSION_TIMEOUT:
                return 26;
            case REBALANCE_IN_PROGRESS:
                return 27;
            case INVALID_COMMIT_OFFSET_SIZE:
                return 28;
            case GROUP_AUTHORIZATION_FAILED:
                return 30;
            case UNSUPPORTED_VERSION:
                return 35;
            case INVALID_REQUEST:
                return 42;
            case NON_EMPTY_GROUP:
                return 68;
            case GROUP_ID_NOT_FOUND:
                return 69;
            case MEMBER_ID_REQUIRED:
                return 79;
            case GROUP_MAX_SIZE_REACHED:
                return 81;
            case FENCED_INSTANCE_ID:
                return 82;
            case GROUP_SUBSCRIBED_TO_TOPIC:
                return 86;
            case UNSTABLE_OFFSET_COMMIT:
                return 88;
            case UNKNOWN_TOPIC_ID:
                return 100;
            case FENCED_MEMBER_EPOCH:
                return 110;
            case UNRELEASED_INSTANCE_ID:
                return 111;
            case UNSUPPORTED_ASSIGNOR:
                return 112;
            case STALE_MEMBER_EPOCH:
                return 113;
            case INVALID_REGULAR_EXPRESSION:
                return 128;
            default:
                throw new IllegalStateException("no code for " + this);
        }
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
