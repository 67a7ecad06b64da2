package dev.pampa.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.monitor.Monitor;
import dev.pampa.store.Database;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's state from a real database, without a window. */
class DashboardViewModelTest {
    private Database db;
    private DashboardViewModel model;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 1000);
        TaskTables.job(db, "b_job", "items", "dev.pampa.testing.NoopProcessor");
        TaskTables.job(db, "a_job", "items", "dev.pampa.testing.NoopProcessor");
        model = new DashboardViewModel(new Monitor(db));
        model.openDetail(null);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** An hour of snapshots every 5 s, the latest {@code newestAge} s old: 400 done, 100 dead at the end, 10 done a snapshot. */
    private void hourOfSnapshots(String job, int newestAge) {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "SELECT '" + job + "', now() - (" + newestAge + " + g * 5) * interval '1 second', 480 + g * 10, 10, 10, 400 - g * 10, 100, 0, 7 "
                + "FROM generate_series(0, 719) g WHERE 400 - g * 10 >= 0");
    }

    @Test
    void theFirstJobIsShownWithItsCountsFromTheLatestSnapshot() {
        hourOfSnapshots("a_job", 1);
        model.show(model.read());

        assertThat(model.jobs()).containsExactly("a_job", "b_job");
        assertThat(model.jobProperty().get()).isEqualTo("a_job");
        assertThat(model.tile(0).get()).as("pending").isEqualTo("480");
        assertThat(model.tile(4).get()).as("done").isEqualTo("400");
        assertThat(model.tile(5).get()).as("dead").isEqualTo("100");
        assertThat(model.failedTriesProperty().get()).isEqualTo("7");
        assertThat(model.progressProperty().get()).isEqualTo(500.0 / 1000);
        assertThat(model.progressTextProperty().get()).isEqualTo("50.0% · 500 of 1,000 finished · 2 tasks/s · ETA 4 min 10 s");
        assertThat(model.countsSourceProperty().get()).startsWith("from the dispatcher's snapshot");
        assertThat(model.emptyChartProperty().get()).isEmpty();
    }

    @Test
    void seriesHoldAtMostTheMaximumPointsAndAreReplacedNotAppended() {
        hourOfSnapshots("a_job", 1);
        model.windowProperty().set(Duration.ofHours(1));
        model.show(model.read());
        int points = model.stateSeries().get(0).getData().size();
        assertThat(points).isBetween(2, DashboardViewModel.MAX_POINTS);
        model.show(model.read());
        model.show(model.read());
        assertThat(model.stateSeries()).allSatisfy(s -> assertThat(s.getData()).hasSize(points));
        assertThat(model.rateSeries().get(0).getData()).hasSize(points - 1);
        assertThat(model.rateSeries().get(0).getData()).allSatisfy(d -> assertThat(d.getYValue().doubleValue()).isEqualTo(2.0));
        assertThat(model.timeToProperty().get() - model.timeFromProperty().get()).isBetween(3600.0, 3600.0 + 600);
    }

    @Test
    void theReportingFiguresAreChartedOneSeriesPerFigureAndOnlyForAJobThatHasThem() {
        TaskTables.job(db, "a_job", "items", "dev.pampa.testing.NoopProcessor", "reporting_function: dev.pampa.testing.jobs.DoneFigures");
        hourOfSnapshots("a_job", 1);
        TaskTables.execute(db, "INSERT INTO pampa.job_figure (job, at, name, value) "
                + "SELECT 'a_job', now() - g * interval '5 seconds', n, g * 2 FROM generate_series(0, 719) g, (VALUES ('pages fetched'), ('revenue')) v(n)");
        model.windowProperty().set(Duration.ofHours(1));
        model.show(model.read());

        assertThat(model.hasFiguresProperty().get()).isTrue();
        assertThat(model.figureSeries()).extracting(s -> s.getName()).containsExactly("pages fetched", "revenue");
        var first = model.figureSeries().get(0);
        assertThat(first.getData().size()).isBetween(2, DashboardViewModel.MAX_POINTS);
        assertThat(first.getData().get(first.getData().size() - 1).getYValue().doubleValue()).as("the latest sample kept").isZero();
        model.show(model.read());
        assertThat(model.figureSeries().get(0)).as("the same series, its points replaced").isSameAs(first);

        model.jobProperty().set("b_job");
        model.show(model.read());
        assertThat(model.hasFiguresProperty().get()).isFalse();
        assertThat(model.figureSeries()).isEmpty();
    }

    @Test
    void aJobWithoutSnapshotsIsCountedLiveAndSaysWhyItsChartIsEmpty() {
        model.jobProperty().set("b_job");
        model.show(model.read());
        assertThat(model.jobProperty().get()).isEqualTo("b_job");
        assertThat(model.tile(0).get()).isEqualTo("1,000");
        assertThat(model.countsSourceProperty().get()).startsWith("counted now");
        assertThat(model.progressTextProperty().get()).endsWith("ETA unknown: nothing finished in the last minute");
        assertThat(model.emptyChartProperty().get()).contains("press Start");
        assertThat(model.stateSeries()).allSatisfy(s -> assertThat(s.getData()).isEmpty());
    }

    @Test
    void noJobAtAllSaysWhereToAddOne() {
        TaskTables.execute(db, "DELETE FROM pampa.job");
        model.show(model.read());
        assertThat(model.jobs()).isEmpty();
        assertThat(model.progressTextProperty().get()).isEqualTo("No jobs yet: add one on the Jobs screen.");
    }

    /** Issue 12: the chart in tasks/minute beside a progress line in tasks/s; one unit, tasks/s, in both. */
    @Test
    void theThroughputChartIsInTasksPerSecondAsTheProgressLineIs() {
        hourOfSnapshots("a_job", 1);
        model.show(model.read());
        assertThat(model.rateSeries()).extracting(s -> s.getName()).containsExactly("done / s", "failed tries / s");
        assertThat(model.rateSeries().get(0).getData()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.getYValue().doubleValue()).as("10 done each 5 s").isEqualTo(2.0));
        assertThat(model.progressTextProperty().get()).contains("· 2 tasks/s ·");
    }

    /** Issue 12: a red Dead line along the top of the stacked chart when nothing is dead. */
    @Test
    void aStateAtZeroThroughoutDrawsNoLineOnTopOfTheOthers() {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "SELECT 'a_job', now() - g * interval '5 seconds', 500, 10, 10, 480 - g, 0, 0, 0 FROM generate_series(0, 50) g");
        model.show(model.read());
        assertThat(model.stateSeries().get(4).getName()).isEqualTo("Dead");
        assertThat(model.stateDrawnProperty(4).get()).as("nothing dead: no Dead line").isFalse();
        assertThat(model.stateDrawnProperty(3).get()).as("done is drawn").isTrue();
        TaskTables.execute(db, "UPDATE pampa.job_stats SET dead = 1 WHERE at > now() - interval '20 seconds'");
        model.show(model.read());
        assertThat(model.stateDrawnProperty(4).get()).as("dead once something died").isTrue();
    }

    /** Cancelled tasks have their own series, drawn only once something was cancelled. */
    @Test
    void cancelledTasksAreASeriesOfTheirOwn() {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed, cancelled) "
                + "SELECT 'a_job', now() - g * interval '5 seconds', 500, 10, 10, 480 - g, 0, 0, 0, 0 FROM generate_series(0, 50) g");
        model.show(model.read());
        assertThat(model.stateSeries().get(5).getName()).isEqualTo("Cancelled");
        assertThat(model.stateDrawnProperty(5).get()).as("nothing cancelled: no line").isFalse();
        TaskTables.execute(db, "UPDATE pampa.job_stats SET cancelled = 7 WHERE at > now() - interval '20 seconds'");
        model.show(model.read());
        assertThat(model.stateDrawnProperty(5).get()).as("drawn once tasks were cancelled").isTrue();
        assertThat(model.stateSeries().get(5).getData()).extracting(d -> d.getYValue().longValue()).contains(7L);
    }

    /** Issue 12: the time axis ran up to a minute into the future; it ends at the database's now. */
    @Test
    void theTimeAxisEndsAtTheDatabasesNow() {
        hourOfSnapshots("a_job", 1);
        model.windowProperty().set(Duration.ofHours(1));
        model.show(model.read());
        double dbNow = dbEpoch();
        assertThat(model.timeToProperty().get()).isBetween(dbNow - 5, dbNow + 0.5);
        assertThat(model.timeFromProperty().get()).isLessThanOrEqualTo(dbNow - 3600);
    }

    private double dbEpoch() {
        return Double.parseDouble(TaskTables.string(db, "SELECT extract(epoch FROM now())::float8"));
    }

    /** Issue 12: "Running 50" with 2 workers; the tasks of a batch waiting behind a worker's current task are not running. */
    @Test
    void runningCountsWhatWorkersExecuteAndTheRestOfTheBatchIsShownApart() {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "VALUES ('a_job', now(), 900, 0, 50, 50, 0, 0, 0)");
        TaskTables.execute(db, "INSERT INTO pampa.worker (name, node, state, current_job, current_task) VALUES "
                + "('n1.1', 'n1', 'running', 'a_job', '7'), ('n1.2', 'n1', 'running', 'a_job', '8'), ('n1.3', 'n1', 'stopped', 'a_job', '9')");
        model.show(model.read());
        assertThat(DashboardViewModel.TILES.get(2)).isEqualTo("Running");
        assertThat(model.tile(2).get()).as("two live workers execute one task each").isEqualTo("2");
        assertThat(model.tile(3).get()).as("the rest of their batches wait").isEqualTo("48");
    }

    @Test
    void timeAxisTicksFallOnRoundTimes() {
        assertThat(DashboardViewModel.tickSeconds(Duration.ofMinutes(5))).isEqualTo(60);
        assertThat(DashboardViewModel.tickSeconds(Duration.ofMinutes(15))).isEqualTo(300);
        assertThat(DashboardViewModel.tickSeconds(Duration.ofHours(1))).isEqualTo(600);
        assertThat(DashboardViewModel.tickSeconds(Duration.ofDays(1))).isEqualTo(14400);
        assertThat(DashboardViewModel.windowLabel(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(DashboardViewModel.windowLabel(Duration.ofHours(6))).isEqualTo("6 hours");
        assertThat(DashboardViewModel.windowLabel(Duration.ofDays(1))).isEqualTo("24 hours");
    }
}
