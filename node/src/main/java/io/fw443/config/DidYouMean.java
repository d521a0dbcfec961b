package io.fw443.config;

import java.util.Collection;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one, by edit distance. */
final class DidYouMean {

    private DidYouMean() {
    }

    /**
     * The candidate nearest to {@code word}, if it is near enough to be a plausible typo: at most one
     * edit per three characters (at least one), or the word contained in the candidate
     * ({@code flows-per-source} for {@code max-flows-per-source}).
     */
    static Optional<String> suggest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = candidate.contains(word) && word.length() >= 3 ? 1 : distance(word, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(1, (word.length() + 1) / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** "; did you mean 'x'?" or nothing. */
    static String hint(String word, Collection<String> candidates) {
        return suggest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Math.max(a.length(), b.length());
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
