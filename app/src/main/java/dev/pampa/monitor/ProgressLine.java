package dev.pampa.monitor;

import dev.pampa.report.JobProgress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The one-line forms of a job's progress, as the operator CLI prints them. */
public final class ProgressLine {
    private ProgressLine() {
    }

    /** {@code search_odd_numbers 45,210/100,000 done (45.2%), 0 dead, 4 running, 396 queued, 8,530 tasks/s, ETA 7 s}. */
    public static String of(String job, JobProgress p, double perSecond, Optional<Duration> eta) {
        double percent = p.total() == 0 ? 100 : 100.0 * p.done() / p.total();
        return String.format(Locale.ROOT, "%s %s/%s done (%.1f%%), %s dead, %s running, %s queued, %s tasks/s, ETA %s",
                job, count(p.done()), count(p.total()), percent, count(p.dead()), count(p.running()), count(p.queued()),
                count(Math.round(perSecond)), eta.map(ProgressLine::duration).orElse("unknown"));
    }

    /**
     * {@code search_odd_numbers finished: 100,000 done, 0 dead in 0:12 (8,130 tasks/s)}, the rate being
     * that of the {@code finishedNow} tasks finished in {@code elapsed} (a run may resume a job).
     */
    public static String summary(String job, JobProgress p, long finishedNow, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "%s finished: %s done, %s dead in %s (%s tasks/s)",
                job, count(p.done()), count(p.dead()), clock(elapsed), count(Math.round(finishedNow / seconds)));
    }

    /** 100000 → {@code 100,000}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A duration with its units, to the second under an hour and to the minute from an hour on:
     * {@code 45 s}, {@code 2 min 13 s}, {@code 1 h 5 min}, {@code 2 d 3 h}. Rounded up, so that a
     * nearly finished job never says 0 s.
     */
    public static String duration(Duration d) {
        long s = (Math.max(0, d.toMillis()) + 999) / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long minutes = (s + 59) / 60;
        if (minutes < 24 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long hours = (minutes + 59) / 60;
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    public static String clock(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
