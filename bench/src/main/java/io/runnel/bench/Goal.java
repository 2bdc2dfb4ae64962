package io.runnel.bench;

import java.util.Locale;

/**
 * A goal Runnel holds itself to on one figure (bench/README.md lists them): a bound on the Runnel/Kafka ratio of
 * medians, or an absolute bound on Runnel's median. Immutable.
 *
 * @param kind what is bounded
 * @param bound the bound
 */
record Goal(Kind kind, double bound) {

    enum Kind {
        /** Runnel median / Kafka median must be at least the bound. */
        RATIO_AT_LEAST,
        /** Runnel median / Kafka median must be at most the bound. */
        RATIO_AT_MOST,
        /** Runnel's median must be below the bound, in the figure's unit. */
        RUNNEL_BELOW
    }

    static Goal ratioAtLeast(double bound) {
        return new Goal(Kind.RATIO_AT_LEAST, bound);
    }

    static Goal ratioAtMost(double bound) {
        return new Goal(Kind.RATIO_AT_MOST, bound);
    }

    static Goal runnelBelow(double bound) {
        return new Goal(Kind.RUNNEL_BELOW, bound);
    }

    /** Whether the goal is met, given Runnel's median and the ratio to the Kafka reference (either may be NaN). */
    boolean met(double runnelMedian, double ratio) {
        return switch (kind) {
            case RATIO_AT_LEAST -> ratio >= bound;
            case RATIO_AT_MOST -> ratio <= bound;
            case RUNNEL_BELOW -> runnelMedian < bound;
        };
    }

    String describe(String unit) {
        return switch (kind) {
            case RATIO_AT_LEAST -> String.format(Locale.ROOT, "ratio ≥ %.2f", bound);
            case RATIO_AT_MOST -> String.format(Locale.ROOT, "ratio ≤ %.2f", bound);
            case RUNNEL_BELOW -> String.format(Locale.ROOT, "Runnel < %s %s", Report.number(bound), unit);
        };
    }
}
