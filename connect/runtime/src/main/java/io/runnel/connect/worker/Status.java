package io.runnel.connect.worker;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A connector's or task's reported state, the stack trace of its failure (with secrets already masked by the
 * caller) and how often it has been restarted automatically.
 */
public record Status(State state, String trace, int restarts) {

    public static final Status UNASSIGNED = new Status(State.UNASSIGNED, null, 0);

    public static Status of(State state) {
        return new Status(state, null, 0);
    }

    public static String traceOf(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
