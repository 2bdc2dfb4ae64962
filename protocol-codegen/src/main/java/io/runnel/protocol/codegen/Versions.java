package io.runnel.protocol.codegen;

/**
 * An inclusive range of message versions as the specs write it: {@code "3"}, {@code "3+"}, {@code "1-4"} or
 * {@code "none"}. Immutable.
 */
public record Versions(short lowest, short highest) {

    public static final Versions NONE = new Versions((short) 1, (short) 0);
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    public static Versions parse(String text, Versions defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        String t = text.trim();
        if (t.isEmpty() || t.equals("none")) {
            return NONE;
        }
        if (t.endsWith("+")) {
            return new Versions(Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1)));
        }
        short v = Short.parseShort(t);
        return new Versions(v, v);
    }

    public boolean isEmpty() {
        return lowest > highest;
    }

    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    /** Whether every version of {@code other} is in this range. */
    public boolean containsAll(Versions other) {
        return other.isEmpty() || (!isEmpty() && other.lowest >= lowest && other.highest <= highest);
    }

    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return lo > hi ? NONE : new Versions(lo, hi);
    }

    /**
     * A Java boolean expression over {@code var} that is true exactly for the versions of this range that lie
     * within {@code scope}, the versions the surrounding code can ever see.
     */
    public String condition(String var, Versions scope) {
        Versions effective = intersect(scope);
        if (effective.isEmpty()) {
            return "false";
        }
        boolean checkLow = effective.lowest > scope.lowest;
        boolean checkHigh = effective.highest < scope.highest;
        if (!checkLow && !checkHigh) {
            return "true";
        }
        if (checkLow && checkHigh) {
            return effective.lowest == effective.highest
                    ? "(" + var + " == " + effective.lowest + ")"
                    : "(" + var + " >= " + effective.lowest + " && " + var + " <= " + effective.highest + ")";
        }
        return checkLow ? "(" + var + " >= " + effective.lowest + ")" : "(" + var + " <= " + effective.highest + ")";
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? String.valueOf(lowest) : lowest + "-" + highest;
    }
}
