package io.runnel.coordinator;

/**
 * A request the coordinator refuses, with the {@link GroupError} the response carries. Handlers throw it from
 * validation and catch it at the handler's edge, where it becomes an error response; it never reaches the host.
 */
public final class GroupCoordinatorException extends RuntimeException {

    private final GroupError error;

    public GroupCoordinatorException(GroupError error, String message) {
        super(message == null ? error.name() : message, null, false, false);
        this.error = error;
    }

    public GroupError error() {
        return error;
    }
}
