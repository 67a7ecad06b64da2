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
        assertThat(model.tile(3).get()).as("done").isEqualTo("400");
        assertThat(model.tile(4).get()).as("dead").isEqualTo("100");
        assertThat(model.failedTriesProperty().get()).isEqualTo("7");
        assertThat(model.progressProperty().get()).isEqualTo(500.0 / 1000);
        assertThat(model.progressTextProperty().get()).startsWith("50.0% · 500 of 1,000 finished · 2 tasks/s · ETA 4:");
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
        assertThat(model.rateSeries().get(0).getData()).allSatisfy(d -> assertThat(d.getYValue().doubleValue()).isEqualTo(120.0));
        assertThat(model.timeToProperty().get() - model.timeFromProperty().get()).isEqualTo(3600);
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
