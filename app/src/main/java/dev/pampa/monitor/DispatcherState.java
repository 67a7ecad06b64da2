package dev.pampa.monitor;

import dev.pampa.store.StatusReport;
import dev.pampa.store.StatusReport.LeaseStatus;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Whether a dispatcher leads, read from the lease row: who holds it, on which node, and when its last
 * round ran and how long it took. A lease whose expiry has passed means no dispatcher runs, whatever
 * its holder column says (a killed dispatcher cannot let go). Ages are on the database's clock.
 *
 * @param leading             a dispatcher holds the lease unexpired
 * @param holder              who holds or last held it; null when none ever did or the last one let go
 * @param node                the holder's node, or null
 * @param pid                 the holder's process id, or null
 * @param lastRoundMs         how long the last round took, or null before any round
 * @param lastRoundAgeSeconds how long ago the last round ended, or null before any round
 */
public record DispatcherState(boolean leading, String holder, String node, Long pid, Double lastRoundMs,
                              Double lastRoundAgeSeconds) {

    /** One read of the lease row. */
    public static DispatcherState read(DSLContext dsl) {
        return of(new StatusReport(dsl).lease());
    }

    static DispatcherState of(LeaseStatus lease) {
        boolean leading = lease.holder() != null && lease.expiresInSeconds() != null && lease.expiresInSeconds() > 0;
        return new DispatcherState(leading, lease.holder(), lease.node(), lease.pid(), lease.lastRoundMs(), lease.lastRoundAgeSeconds());
    }

    /** The node it leads on, while it leads. */
    public Optional<String> leadingNode() {
        return leading ? Optional.ofNullable(node) : Optional.empty();
    }

    /**
     * For the status bar: {@code dispatcher: leading on local, round 12 ms, 0.8 s ago} or
     * {@code no dispatcher running}.
     */
    public String line() {
        if (!leading) {
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
