package dev.pampa.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Names close to a mistyped one, for "did you mean" hints: a typo of a parameter, a table in the
 * wrong case or with a letter missing.
 */
public final class CloseNames {
    private CloseNames() {
    }

    /** Up to {@code limit} candidates within a few edits of {@code wanted}, closest first. */
    public static List<String> to(String wanted, Collection<String> candidates, int limit) {
        String w = wanted.toLowerCase(Locale.ROOT);
        // A third of the length lets longer names carry more typos; 2 keeps short names useful.
        int allowed = Math.max(2, w.length() / 3);
        record Scored(String name, int distance) {
        }
        return candidates.stream()
                .map(c -> new Scored(c, distance(w, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance() <= allowed)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .toList();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** "did you mean a or b?" or empty, to append to a fix. */
    public static String didYouMean(List<String> close) {
        if (close.isEmpty()) {
            return "";
        }
        return "did you mean " + String.join(" or ", close) + "?";
    }
}
