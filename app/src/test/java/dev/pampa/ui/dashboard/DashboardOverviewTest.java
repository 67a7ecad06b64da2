package dev.pampa.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.report.JobSummary;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard's default view on its real scene over a real PostgreSQL: every job on one line with
 * counts that match its table (or the dispatcher's fresh snapshot), a click opens its charts and a
 * button comes back.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardOverviewTest {
    private static Database db;
    private static OperatorDatabase database;
    private static Background background;
    private DashboardScreen screen;

    @BeforeAll
    static void jobs() {
        DbUrl url = TestPostgres.freshDatabase();
        database = OperatorDatabase.external(url);
        db = database.database();
        db.migrate();
        TaskTables.create(db, "alpha", 1000);
        TaskTables.create(db, "beta", 300);
        TaskTables.execute(db, "UPDATE alpha SET pampa_reservation_id = 'n1.1', pampa_reservation_times = 1, pampa_end_time = now(), pampa_success = true WHERE id <= 250");
        TaskTables.execute(db, "UPDATE alpha SET pampa_reservation_id = 'n1.1', pampa_reservation_times = 3, pampa_end_time = now(), pampa_success = false WHERE id BETWEEN 251 AND 280");
        TaskTables.execute(db, "UPDATE alpha SET pampa_reservation_id = 'n1.2', pampa_reservation_times = 1 WHERE id BETWEEN 281 AND 300");
        TaskTables.job(db, "alpha_job", "alpha", "dev.pampa.testing.NoopProcessor");
        TaskTables.job(db, "beta_job", "beta", "dev.pampa.testing.NoopProcessor");
        TaskTables.job(db, "gamma_job", "beta", "dev.pampa.testing.NoopProcessor");
        // a dispatcher counted gamma_job a second ago, finishing 2 tasks a second
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "SELECT 'gamma_job', now() - (1 + g * 5) * interval '1 second', 100 + g * 10, 20, 10, 160 - g * 10, 0, 0, 0 FROM generate_series(0, 12) g");
        background = new Background();
    }

    @AfterAll
    static void close() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        screen = new DashboardScreen(new CockpitSession(database, null, background, new ScriptedDialogs()));
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1200, 700));
        stage.show();
        screen.shown();
    }

    @Test
    void everyJobIsListedWithCountsThatMatchTheDatabaseAndAClickOpensItsCharts(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> screen.model().overview().size()) == 3);
        assertThat(onFx(() -> screen.model().detailProperty().get())).as("the overview is the default").isFalse();
        List<JobSummary> lines = onFx(() -> List.copyOf(screen.model().overview()));
        assertThat(lines).extracting(JobSummary::job).containsExactly("alpha_job", "beta_job", "gamma_job");

        JobSummary alpha = lines.get(0);
        assertThat(alpha.counts().done()).isEqualTo(TaskTables.count(db, "pampa_success = true", "alpha")).isEqualTo(250);
        assertThat(alpha.counts().dead()).isEqualTo(TaskTables.count(db, "pampa_end_time IS NOT NULL AND pampa_success = false", "alpha")).isEqualTo(30);
        assertThat(alpha.counts().queued()).isEqualTo(TaskTables.count(db, "pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL", "alpha")).isEqualTo(20);
        assertThat(alpha.counts().pending()).isEqualTo(TaskTables.count(db, "pampa_reservation_id IS NULL", "alpha")).isEqualTo(700);
        assertThat(lines.get(1).counts().pending()).isEqualTo(300);
        JobSummary gamma = lines.get(2);
        assertThat(gamma.counts().done()).as("from the fresh snapshot").isEqualTo(160);
        assertThat(gamma.perSecond()).as("10 finished every 5 s").isEqualTo(2.0);
        assertThat(gamma.eta()).hasValueSatisfying(e -> assertThat(e.toSeconds()).isEqualTo(65));
        assertThat(gamma.finishedPerSample()).isNotEmpty();

        // what the table shows: the dead count and the ETA with its units
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#overview-table .table-cell")
                .match(LabeledMatchers.hasText("1 min 5 s")).tryQuery().isPresent()));
        assertThat(onFx(() -> robot.lookup("#overview-table .table-cell").match(LabeledMatchers.hasText("30")).tryQuery().isPresent())).isTrue();
        assertThat(onFx(() -> robot.lookup("#overview-table .sparkline").queryAll().size())).isEqualTo(3);

        robot.clickOn(cell(robot, "gamma_job"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> screen.model().detailProperty().get()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#tile-done").queryAs(Label.class).getText()).equals("160"));
        assertThat(onFx(() -> screen.model().jobProperty().get())).isEqualTo("gamma_job");
        assertThat(onFx(() -> robot.lookup("#dashboard-overview").query().isVisible())).isFalse();
        // issue 12: nothing dead, so no red Dead line along the top of the stacked chart
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> screen.model().stateSeries().get(3).getData().size() >= 2));
        assertThat(onFx(() -> screen.model().stateSeries().get(4).getNode().isVisible())).as("the Dead series").isFalse();
        assertThat(onFx(() -> screen.model().stateSeries().get(3).getNode().isVisible())).as("the Done series").isTrue();

        robot.clickOn("#dashboard-back");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#dashboard-overview").query().isVisible()));
    }

    private static Node cell(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#overview-table .table-cell").match(LabeledMatchers.hasText(text)).tryQuery().isPresent()));
        return onFx(() -> robot.lookup("#overview-table .table-cell").match(LabeledMatchers.hasText(text)).query());
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
