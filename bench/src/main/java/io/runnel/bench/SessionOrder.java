package io.runnel.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which a workload's contenders run within one repetition: as listed in odd repetitions, reversed in
 * even ones (K R, R K, K R, … and with three contenders A B C, C B A, …), so that no contender is always first on a
 * machine that drifts (page cache, thermal state, other work) and each position is taken as often as the others over
 * an even number of repetitions. Stateless.
 */
final class SessionOrder {

    private SessionOrder() {}

    /** The contenders of repetition {@code rep} (from 1), in the order they run. */
    static List<Contender> of(List<Contender> contenders, int rep) {
        if (rep < 1) {
            throw new IllegalArgumentException("repetitions count from 1, got " + rep);
        }
        List<Contender> order = new ArrayList<>(contenders);
        if (rep % 2 == 0) {
            Collections.reverse(order);
        }
        return List.copyOf(order);
    }
}
