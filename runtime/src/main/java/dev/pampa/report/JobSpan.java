package dev.pampa.report;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * How long a finished job ran: from the earliest start of its tasks' last tries to its latest end, and
 * how many tasks it processed (done and dead; a cancelled task never ran). A retried task counts from
 * its last try only, so the span is a lower bound after retries.
 */
public record JobSpan(OffsetDateTime firstStart, OffsetDateTime lastEnd, long processed) {

    public Duration duration() {
        return firstStart == null || lastEnd == null || lastEnd.isBefore(firstStart) ? Duration.ZERO : Duration.between(firstStart, lastEnd);
    }

    /** Tasks processed per second over the span; 0 when the span is empty. */
    public double tasksPerSecond() {
        double s = duration().toNanos() / 1e9;
        return s <= 0 ? 0 : processed / s;
    }

    /** "took 8.0 s, 62.5 tasks/s on average"; the rate is left out when the span is too short to tell. */
    public String text() {
        String took = "took " + durationText(duration());
        double rate = tasksPerSecond();
        return rate <= 0 ? took : took + ", " + rateText(rate) + " tasks/s on average";
    }

    /** "850 ms", "8.0 s", "2 min 05 s", "3 h 04 min". */
    public static String durationText(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3_600, (s % 3_600) / 60);
    }

    private static String rateText(double rate) {
        return rate >= 100 ? String.format(Locale.US, "%,d", Math.round(rate)) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
