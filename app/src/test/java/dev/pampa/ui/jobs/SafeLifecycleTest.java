package dev.pampa.ui.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.jobs.JobOperations;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.store.Database;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.OutcomeBar;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Jobs screen's lifecycle on its real scene and a real database: a new job is saved paused and
 * real workers leave it alone until it is resumed; a job whose every row died is a red bar, not a full
 * blue one; Run on one row shows the processor's outcome and writes it only once confirmed.
 */
@ExtendWith(ApplicationExtension.class)
class SafeLifecycleTest {
    @TempDir
    static Path dir;

    private static OperatorDatabase database;
    private static Background background;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private JobsScreen screen;
    private JobOperations actions;

    @BeforeAll
    static void openDatabase() {
        database = OperatorDatabase.external(TestPostgres.freshDatabase());
        background = new Background();
    }

    @AfterAll
    static void closeDatabase() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        CockpitSession session = new CockpitSession(database, null, background, dialogs);
        actions = new JobOperations(database.database(), dir.resolve("jobs"));
        screen = new JobsScreen(session, actions);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1280, 800));
        stage.show();
        screen.shown();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> screen.dispose()).get(10, TimeUnit.SECONDS);
    }

    private static Database db() {
        return database.database();
    }

    private void select(FxRobot robot, String job) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> jobs().stream().anyMatch(j -> j.name().equals(job)));
        WaitForAsyncUtils.waitForFxEvents();
        for (int attempt = 1; ; attempt++) {
            robot.clickOn(robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText(job)).queryLabeled());
            try {
                WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> screen.model().selectedProperty().get() != null
                        && screen.model().selectedProperty().get().name().equals(job));
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                robot.sleep(600);
            }
        }
    }

    /** The outcome bar in the jobs list's row of {@code job}. */
    private OutcomeBar barOf(FxRobot robot, String job) {
        var row = robot.lookup("#jobs-table .table-row-cell").match(r -> r instanceof javafx.scene.control.TableRow<?> tr
                && tr.getItem() instanceof dev.pampa.report.JobOverview o && o.name().equals(job)).query();
        return robot.from(row).lookup(".outcome-bar").queryAs(OutcomeBar.class);
    }

    @Test
    void a_new_job_is_saved_paused_and_real_workers_run_none_of_its_rows_until_it_is_resumed(FxRobot robot) throws Exception {
        TaskTables.create(db(), "fresh_items", 40);
        robot.clickOn("#job-new");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor().model().tables().contains("fresh_items"));
        assertThat(robot.lookup("#job-run-on-save").queryAs(javafx.scene.control.CheckBox.class).isSelected())
                .as("running a new job at once is a choice, off by default").isFalse();
        robot.clickOn("#field-name").write("fresh");
        robot.interact(() -> robot.lookup("#field-table").queryAs(ComboBox.class).setValue("fresh_items"));
        robot.interact(() -> robot.lookup("#field-processor").queryAs(ComboBox.class).setValue("dev.pampa.testing.jobs.RecordingProcessor"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#job-save").queryAs(Button.class).isDisabled());
        robot.clickOn("#job-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> actions.find("fresh").isPresent());

        assertThat(actions.find("fresh").orElseThrow().paused()).as("a new job goes live on Save").isTrue();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() == null);

        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            procs.startDispatcher(database.url(), dir.resolve("dispatcher.log"));
            procs.startWorker(database.url(), "local.1", dir.resolve("w1.log"), "--heartbeat-ms", "500");
            // the worker registered and the dispatcher went round several times, recording the paused job's counts
            dev.pampa.testing.Await.until(Duration.ofSeconds(60), "the worker to register and three snapshots of the job",
                    () -> TaskTables.count(db(), "name = 'local.1' AND state = 'running'", "pampa.worker") == 1
                            && TaskTables.count(db(), "job = 'fresh'", "pampa.job_stats") >= 3);
            assertThat(TaskTables.count(db(), "pampa_reservation_id IS NULL AND pampa_end_time IS NULL", "fresh_items"))
                    .as("every row of the paused job is still pending").isEqualTo(40);
            assertThat(TaskTables.count(db(), "true", "runs")).isZero();

            select(robot, "fresh");
            robot.clickOn("#job-resume");
            dev.pampa.testing.Await.until(Duration.ofSeconds(90), "every row done once resumed",
                    () -> TaskTables.count(db(), "pampa_success IS TRUE", "fresh_items") == 40);
        }
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void a_job_whose_every_row_died_is_a_red_bar_not_a_full_blue_one(FxRobot robot) throws Exception {
        TaskTables.create(db(), "doomed_items", 500);
        TaskTables.execute(db(), "UPDATE doomed_items SET pampa_reservation_id = 'local.1', pampa_reservation_times = 3, pampa_start_time = now() - interval '8 seconds',"
                + " pampa_end_time = now(), pampa_success = false, pampa_error_description = 'java.lang.IllegalStateException: always fails'");
        TaskTables.job(db(), "doomed", "doomed_items", "dev.pampa.testing.jobs.RecordingProcessor");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> jobs().stream()
                .anyMatch(j -> j.name().equals("doomed") && j.progress() != null && j.progress().dead() == 500));
        WaitForAsyncUtils.waitForFxEvents();

        OutcomeBar bar = barOf(robot, "doomed");
        Region dead = robot.from(bar).lookup(".outcome-dead").queryAs(Region.class);
        Region done = robot.from(bar).lookup(".outcome-done").queryAs(Region.class);
        assertThat(bar.deadShare()).isEqualTo(1.0);
        assertThat(bar.doneShare()).isZero();
        assertThat(dead.getWidth()).as("the dead share fills the bar").isGreaterThan(bar.getWidth() * 0.9);
        assertThat(done.getWidth()).as("nothing in the colour of success").isZero();
        assertThat(dead.getStyle()).contains(OutcomeBar.DEAD_COLOUR);
        // a finished job says how long it took and its rate, once read (the next refresh shows it)
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#jobs-table .table-cell")
                .match(LabeledMatchers.hasText("finished: took 8.0 s, 62.5 tasks/s on average")).tryQuery().isPresent());
    }

    @Test
    void run_on_one_row_shows_the_outcome_writes_nothing_and_writes_it_once_confirmed(FxRobot robot) throws Exception {
        TaskTables.create(db(), "trial_items", 1000);
        TaskTables.job(db(), "trial", "trial_items", "dev.pampa.testing.jobs.ParityProcessor");
        new dev.pampa.store.JobStore(db().dsl()).setPaused("trial", true);
        select(robot, "trial");

        // a failing row: the exception is shown, nothing to write
        robot.clickOn("#job-try-key").write("1000");
        robot.clickOn("#job-try");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> dialogs.shown.stream().anyMatch(s -> s.kind().equals("info")));
        assertThat(dialogs.shown.get(0).text()).contains("The processor failed after")
                .contains("java.lang.IllegalStateException: first try of 1000 fails on purpose").endsWith("Nothing was written.");

        // a good row, declined: shown, not written
        dialogs.answerConfirm(false);
        robot.doubleClickOn("#job-try-key").eraseText(4).write("4");
        robot.clickOn("#job-try");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> dialogs.shown.stream().anyMatch(s -> s.kind().equals("confirm")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.shown.get(1).text()).startsWith("Write this outcome to task 4?").contains("It would write:\n  parity = even");
        assertThat(screen.model().trial().lastProperty().get().kind()).isEqualTo(RowTrialOutcome.Kind.DONE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#jobs-message").queryAs(Label.class).getText().endsWith("Not written."));
        assertThat(TaskTables.string(db(), "SELECT coalesce(parity, '-') || ' ' || (pampa_end_time IS NULL) FROM trial_items WHERE id = 4"))
                .as("the row is unchanged").isEqualTo("- true");

        // the same row, confirmed: written as shown, the task done
        dialogs.answerConfirm(true);
        robot.clickOn("#job-try");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> "even true".equals(TaskTables.string(db(),
                "SELECT parity || ' ' || pampa_success FROM trial_items WHERE id = 4")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#jobs-message").queryAs(Label.class).getText()
                .equals("Task 4 of job trial written: done with parity."));
        assertThat(TaskTables.count(db(), "parity IS NOT NULL OR pampa_end_time IS NOT NULL", "trial_items")).as("only row 4").isEqualTo(1);
        assertThat(dialogs.errors()).isEmpty();
    }

    /**
     * The list as the FX thread has it: the screen's refresh replaces its items on the FX thread, and a
     * stream over the live list from the test's thread can meet a change half-made.
     */
    private java.util.List<dev.pampa.report.JobOverview> jobs() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(screen.model().jobs())).get(10, TimeUnit.SECONDS);
    }
}
