package io.runnel.server;

/** A component of a node failed to start; the components started before it have been stopped again. */
public final class ComponentStartException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String component;

    public ComponentStartException(String component, Throwable cause) {
        super(component + " failed to start: " + describe(cause), cause);
        this.component = component;
    }

    /** The name of the component that failed. */
    public String component() {
        return component;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getName();
    }
}
