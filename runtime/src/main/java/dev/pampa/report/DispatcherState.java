package dev.pampa.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a dispatcher leads, read from the lease row: who holds it, on which node, and when its last
 * round ran and how long it took. A lease whose expiry has passed means no dispatcher runs, whatever
 * its holder column says (a killed dispatcher cannot let go). Ages are on the database's clock.
 *
 * @param holder              who holds or last held it; null when none ever did or the last one let go
 * @param node                the holder's node, or null
 * @param pid                 the holder's process id, or null
 * @param expiresInSeconds    until the lease expires, negative once it has; null when none ever led
 * @param lastRoundMs         how long the last round took, or null before any round
 * @param lastRoundAgeSeconds how long ago the last round ended, or null before any round
 */
public record DispatcherState(String holder, String node, Long pid, Double expiresInSeconds, Double lastRoundMs,
                              Double lastRoundAgeSeconds) {

    /** No lease row yet: no dispatcher ever ran against this database. */
    public static final DispatcherState NONE = new DispatcherState(null, null, null, null, null, null);

    /** A dispatcher holds the lease unexpired. */
    public boolean leading() {
        return holder != null && expiresInSeconds != null && expiresInSeconds > 0;
    }

    /** The node it leads on, while it leads. */
    public Optional<String> leadingNode() {
        return leading() ? Optional.ofNullable(node) : Optional.empty();
    }

    /**
     * For the status bar: {@code dispatcher: leading on local, round 12 ms, 0.8 s ago} or
     * {@code no dispatcher running}.
     */
    public String line() {
        if (!leading()) {
            return "no dispatcher running";
        }
        StringBuilder s = new StringBuilder("dispatcher: leading on ").append(node == null ? "?" : node);
        if (lastRoundMs != null && lastRoundAgeSeconds != null) {
            s.append(String.format(Locale.ROOT, ", round %.0f ms, %s ago", lastRoundMs, age(lastRoundAgeSeconds)));
        } else {
            s.append(", no round yet");
        }
        return s.toString();
    }

    /** {@code 0.8 s}, {@code 42 s}, {@code 3 min}, {@code 2 h}. */
    public static String age(double seconds) {
        double s = Math.max(0, seconds);
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.0f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.0f h", s / 3600);
    }
}
