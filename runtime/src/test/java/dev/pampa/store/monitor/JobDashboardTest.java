package dev.pampa.store.monitor;

import dev.pampa.report.JobDashboardView;
import dev.pampa.report.JobProgress;
import dev.pampa.report.RatePoint;
import dev.pampa.report.StatsPoint;
import dev.pampa.store.Database;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The dashboard's reads on a real database, with a week of snapshots every 5 s written as the dispatcher would. */
class JobDashboardTest {
    private static final int SNAPSHOTS = 7 * 24 * 720; // a week, every 5 s

    private Database db;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 10);
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor");
        TaskTables.job(db, "other", "items", "dev.pampa.testing.NoopProcessor");
    }

    /** Snapshot g is g*5 s old; done grows by 100 and failed by 10 per snapshot: 1,200 done and 120 failed a minute. */
    private void weekOfSnapshots(String job, int newestAgeSeconds) {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "SELECT '" + job + "', date_trunc('second', now()) - (" + newestAgeSeconds + " + g * 5) * interval '1 second', "
                + "1000, 5, 2, 100 * (" + SNAPSHOTS + " - g), 0, 3, 10 * (" + SNAPSHOTS + " - g) "
                + "FROM generate_series(0, " + (SNAPSHOTS - 1) + ") g");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aWeekOfSnapshotsComesBackAsAtMostTheMaximumPoints() {
        weekOfSnapshots("j", 0);
        weekOfSnapshots("other", 0);
        StatsSeries stats = new StatsSeries(db.dsl());
        List<StatsPoint> week = stats.points("j", Duration.ofDays(7), 500);
        assertThat(week).hasSizeBetween(490, 500);
        assertThat(week).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
        assertThat(week.get(week.size() - 1).done()).as("each bucket shows its latest snapshot").isEqualTo(100L * SNAPSHOTS);
        assertThat(StatsSeries.perMinute(week)).allSatisfy(r -> {
            assertThat(r.donePerMinute()).isCloseTo(1_200, within(0.01));
            assertThat(r.failedPerMinute()).isCloseTo(120, within(0.01));
        });

        List<StatsPoint> tenMinutes = stats.points("j", Duration.ofMinutes(10), 500);
        // fewer snapshots than points: every one of them (the window moves on while a slow machine reads)
        assertThat(tenMinutes).hasSizeBetween(100, 121);
        for (int i = 1; i < tenMinutes.size(); i++) {
            assertThat(Duration.between(tenMinutes.get(i - 1).at(), tenMinutes.get(i).at())).isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(stats.points("nope", Duration.ofDays(7), 500)).isEmpty();
    }

    @Test
    void aCounterThatWentDownGivesNoNegativeRate() {
        var t0 = java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z");
        List<RatePoint> rates = StatsSeries.perMinute(List.of(
                new StatsPoint(t0, 0, 0, 0, 500, 0, 0, 50),
                new StatsPoint(t0.plusSeconds(30), 0, 0, 0, 200, 0, 0, 60)));
        assertThat(rates).singleElement().satisfies(r -> {
            assertThat(r.donePerMinute()).isZero();
            assertThat(r.failedPerMinute()).isCloseTo(20, within(0.001));
        });
    }

    @Test
    void aFreshSnapshotGivesTheCountsAndTheLastMinuteTheRateAndEta() {
        weekOfSnapshots("j", 1);
        JobDashboardView view = new JobDashboard(db.dsl()).read("j", Duration.ofMinutes(30), 100);
        assertThat(view.countedLive()).isFalse();
        assertThat(view.countsAgeSeconds()).isBetween(1.0, 1.0 + JobDashboard.FRESH_SNAPSHOT.toSeconds());
        assertThat(view.counts()).isEqualTo(new JobProgress(1_000, 5, 2, 100L * SNAPSHOTS, 0, 3));
        assertThat(view.failedTries()).isEqualTo(10L * SNAPSHOTS);
        assertThat(view.series()).hasSizeBetween(90, 100);
        assertThat(view.throughput()).hasSize(view.series().size() - 1);
        assertThat(view.finishedPerSecond()).isCloseTo(20, within(0.001));
        assertThat(view.eta()).hasValueSatisfying(eta -> assertThat(eta.toMillis()).isCloseTo(50_350, within(10L)));
    }

    @Test
    void withoutAFreshSnapshotTheTableIsCounted() {
        weekOfSnapshots("j", 600);
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.1', pampa_reservation_times = 2, pampa_start_time = now(), "
                + "pampa_end_time = now(), pampa_success = true WHERE id <= 4");
        JobDashboardView view = new JobDashboard(db.dsl()).read("j", Duration.ofMinutes(30));
        assertThat(view.countedLive()).isTrue();
        assertThat(view.counts()).isEqualTo(new JobProgress(6, 0, 0, 4, 0, 0));
        assertThat(view.failedTries()).isEqualTo(4);
        assertThat(view.finishedPerSecond()).as("no snapshot in the last minute").isZero();
        assertThat(view.eta()).isEmpty();
        assertThat(view.series()).as("every snapshot 10 to 30 minutes old").hasSizeBetween(200, 241);
    }
}
