package dev.pampa.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.OutcomeBar;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard of a job whose processor failed on all 500 rows in 8 s: its finished line is red and
 * says how long it took and at what rate, and its bar is red, not a blue "Finished".
 */
@ExtendWith(ApplicationExtension.class)
class FinishedOutcomeTest {
    private static OperatorDatabase database;
    private static Background background;
    private DashboardScreen screen;

    @BeforeAll
    static void openDatabase() {
        database = OperatorDatabase.external(TestPostgres.freshDatabase());
        background = new Background();
        TaskTables.create(database.database(), "doomed_items", 500);
        TaskTables.execute(database.database(), "UPDATE doomed_items SET pampa_reservation_id = 'local.1', pampa_reservation_times = 3,"
                + " pampa_start_time = now() - interval '8 seconds', pampa_end_time = now(), pampa_success = false,"
                + " pampa_error_description = 'java.lang.IllegalStateException: always fails'");
        TaskTables.job(database.database(), "doomed", "doomed_items", "dev.pampa.testing.jobs.RecordingProcessor");
    }

    @AfterAll
    static void closeDatabase() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        screen = new DashboardScreen(new CockpitSession(database, null, background, new ScriptedDialogs()));
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1280, 800));
        stage.show();
        // the Dashboard opens on the overview of every job; this test is about one job's own view
        screen.model().openDetail("doomed");
        screen.shown();
    }

    @Test
    void a_job_that_finished_with_every_row_dead_says_so_in_red_with_its_duration_and_rate(FxRobot robot) throws Exception {
        Label line = robot.lookup("#dashboard-progress-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> line.getText().startsWith("Finished:"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(line.getText()).isEqualTo("Finished: 0 done, 500 dead of 500 · took 8.0 s, 62.5 tasks/s on average");
        assertThat(line.getStyle()).as("not the colour of success").contains("-fx-text-fill: " + OutcomeBar.DEAD_COLOUR);
        OutcomeBar bar = robot.lookup("#dashboard-progress").queryAs(OutcomeBar.class);
        assertThat(bar.deadShare()).isEqualTo(1.0);
        assertThat(bar.doneShare()).isZero();
        WaitForAsyncUtils.asyncFx(() -> screen.hidden()).get(10, TimeUnit.SECONDS);
    }
}
