package dev.pampa.dispatch;

import java.time.Duration;

/**
 * How long the dispatcher keeps each part of the history (README, "Retention"): stats snapshots at full
 * resolution for {@code fullStats} (24 h), then one a minute until {@code minuteStats} (30 d), one an
 * hour beyond; events for {@code events} (30 d); stopped or dead workers and agents, and node probes,
 * listed for {@code stoppedWorkers} (7 d). Housekeeping runs every {@code every} (1 min), in batches
 * of at most {@code batchRows} rows, at most {@code batchesPerPass} batches of each kind per pass.
 */
public record RetentionSettings(Duration fullStats, Duration minuteStats, Duration events, Duration stoppedWorkers,
                                Duration every, int batchRows, int batchesPerPass) {
    public RetentionSettings {
        if (minuteStats.compareTo(fullStats) < 0) {
            throw new IllegalArgumentException("per-minute stats (" + text(minuteStats) + ") must be kept at least as long as full ones ("
                    + text(fullStats) + "): raise --keep-minute-stats or lower --keep-full-stats");
        }
        for (Duration d : new Duration[] {fullStats, minuteStats, events, stoppedWorkers, every}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a retention time must be positive, not " + text(d));
            }
        }
    }

    private static String text(Duration d) {
        return dev.pampa.store.HistoryRetention.describe(d);
    }

    public static RetentionSettings defaults() {
        return new RetentionSettings(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(7),
                Duration.ofMinutes(1), 5_000, 20);
    }
}
