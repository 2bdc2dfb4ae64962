package io.runnel.cli;

import java.util.Collection;
import java.util.Optional;

/**
 * The "did you mean" for an unknown flag: the verb's flag closest to what was typed by edit distance, if it is
 * close enough to be a typo (at most two edits, or a quarter of the flag's length for long flags).
 *
 * <p>Stateless.
 */
final class FlagSuggestion {

    private FlagSuggestion() {}

    static Optional<String> closest(String typed, Collection<String> flags) {
        String input = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String flag : flags) {
            int d = distance(input, flag);
            if (d < bestDistance) {
                best = flag;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance == 0 || bestDistance > Math.max(2, best.length() / 4)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
