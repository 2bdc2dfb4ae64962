package io.runnel.bench;

/**
 * One measurement of a figure for one contender in one repetition, or the reason there is none. Immutable.
 *
 * @param rep the repetition, from 1
 * @param value the value in the figure's unit; NaN when the run failed
 * @param note why there is no value, or a remark on the value (e.g. a rate not sustained); may be null
 */
record Sample(int rep, double value, String note) {

    boolean ok() {
        return !Double.isNaN(value);
    }
}
