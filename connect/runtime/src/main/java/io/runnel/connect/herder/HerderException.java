package io.runnel.connect.herder;

/**
 * A request the herder refuses, typed by {@link Kind}; the REST layer maps each kind to its HTTP status in one
 * switch ({@code ConnectRestApi.status}).
 */
public final class HerderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Kind {
        /** No such connector or task. */
        NOT_FOUND,
        /** A connector of that name exists already. */
        ALREADY_EXISTS,
        /** Invalid input: a bad name, an invalid configuration, an unknown plugin. */
        BAD_REQUEST,
        /** The request conflicts with the connector's state (e.g. a restart while it is being reconfigured). */
        CONFLICT
    }

    private final Kind kind;

    public HerderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static HerderException notFound(String connector) {
        return new HerderException(Kind.NOT_FOUND, "Connector " + connector + " not found");
    }

    static HerderException badRequest(String message) {
        return new HerderException(Kind.BAD_REQUEST, message);
    }
}
