package io.runnel.bench;

import java.util.List;

/** Order statistics over a handful of samples, and whether two sets of samples overlap. Stateless. */
final class Stats {

    private Stats() {}

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * Whether the ranges (min–max) of two sets of samples share at least one value, i.e. whether a repetition of one
     * contender did as well as a repetition of the other. A difference of medians whose ranges overlap is not a win:
     * the results say so instead of claiming one. False when either set is empty (nothing to compare).
     */
    static boolean rangesOverlap(List<Double> a, List<Double> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        return min(a) <= max(b) && min(b) <= max(a);
    }
}
