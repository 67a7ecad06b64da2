package dev.pampa.ui.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.SelectingFunction;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Cancel task from the Errors screen's lookup, on its real scene: every row is queued on worker
 * local.1 before it starts, key 7 is cancelled after the operator confirmed what that does; the real
 * worker and dispatcher then run the 29 others and never key 7, until it is retried.
 */
@ExtendWith(ApplicationExtension.class)
class CancelTaskTest {
    @TempDir
    static Path dir;

    private static OperatorDatabase database;
    private static Background background;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ErrorsScreen screen;

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
        screen = new ErrorsScreen(new CockpitSession(database, null, background, dialogs));
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1280, 800));
        stage.show();
        screen.shown();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> screen.hidden()).get(10, TimeUnit.SECONDS);
    }

    private static Database db() {
        return database.database();
    }

    @Test
    void a_cancelled_queued_task_never_runs_on_a_real_worker_until_retried(FxRobot robot) throws Exception {
        TaskTables.create(db(), "items", 30);
        TaskTables.job(db(), "rec", "items", "dev.pampa.testing.jobs.RecordingProcessor", "queue_size: 30");
        TaskTable table = new TaskTable(new JobStore(db().dsl()).find("rec").orElseThrow().spec());
        assertThat((int) db().dsl().transactionResult(c -> table.claim(DSL.using(c), "local.1", 30, SelectingFunction.DEFAULT))).isEqualTo(30);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.model().jobs().contains("rec"));
        robot.interact(() -> screen.model().jobProperty().set("rec"));

        find(robot, "7");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 7: queued on a worker"));
        assertThat(robot.lookup("#errors-cancel-task").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#errors-retry-task").queryButton().isDisabled()).isTrue();
        dialogs.answerConfirm(true);
        robot.clickOn("#errors-cancel-task");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-result").startsWith("Task 7 of job rec cancelled"));
        assertThat(dialogs.shown.get(0).text()).startsWith("Cancel task 7 of rec?\nIt is queued on a worker (local.1). It ends cancelled and never runs");

        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            procs.startWorker(database.url(), "local.1", dir.resolve("w1.log"), "--heartbeat-ms", "500");
            procs.startDispatcher(database.url(), dir.resolve("dispatcher.log"));
            Await.until(Duration.ofSeconds(90), "29 tasks done", () -> TaskTables.count(db(), "pampa_success IS TRUE", "items") == 29);
            Await.until(Duration.ofSeconds(30), "a snapshot counting 1 cancelled apart from dead",
                    () -> TaskTables.count(db(), "job = 'rec' AND cancelled = 1 AND dead = 0 AND done = 29", "pampa.job_stats") > 0);
            assertThat(TaskTables.count(db(), "task_id = 7", "runs")).as("the cancelled task never ran").isZero();

            find(robot, "7");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 7: cancelled"));
            assertThat(text(robot, "#errors-trace")).contains("cancelled: by the cockpit, while queued on worker local.1");
            assertThat(robot.lookup("#errors-cancel-task").queryButton().isDisabled()).isTrue();
            dialogs.answerConfirm(true);
            robot.clickOn("#errors-retry-task");
            Await.until(Duration.ofSeconds(60), "task 7 retried and done", () -> TaskTables.count(db(), "pampa_success IS TRUE", "items") == 30);
            assertThat(TaskTables.count(db(), "task_id = 7", "runs")).isEqualTo(1);
        }
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void tasks_are_searched_by_state_worker_and_error_text_and_a_found_key_is_looked_up(FxRobot robot) throws Exception {
        TaskTables.create(db(), "graded", 20);
        TaskTables.job(db(), "a_graded", "graded", "dev.pampa.testing.jobs.RecordingProcessor");
        TaskTables.execute(db(), "UPDATE graded SET pampa_reservation_id = 'n.' || (id % 2 + 1), pampa_reservation_times = 3, pampa_start_time = now(),"
                + " pampa_end_time = now() - id * interval '1 second', pampa_success = false,"
                + " pampa_error_description = CASE WHEN id % 3 = 0 THEN 'java.net.SocketTimeoutException: Read timed out' ELSE 'boom' END WHERE id <= 10");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.model().jobs().contains("a_graded"));
        robot.interact(() -> screen.model().jobProperty().set("a_graded"));
        robot.interact(() -> screen.model().searchStateProperty().set(dev.pampa.report.TaskDetail.State.DEAD));
        robot.clickOn("#errors-search-worker").write("n.2");
        robot.clickOn("#errors-search-error").write("TIMED OUT");
        robot.clickOn("#errors-search");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-search-result").equals("2 matching tasks, latest first."));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> keys = robot.lookup("#errors-keys").queryAs(javafx.scene.control.ListView.class);
        assertThat(onFx(() -> java.util.List.copyOf(keys.getItems()))).containsExactly("3", "9");

        robot.interact(() -> keys.getSelectionModel().select("9"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 9: dead"));
        assertThat(text(robot, "#errors-trace")).contains("SocketTimeoutException").contains("last on n.2");
    }

    private static void find(FxRobot robot, String key) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#errors-key").queryTextInputControl().setText(key)).get(5, TimeUnit.SECONDS);
        robot.clickOn("#errors-show");
    }

    private static String text(FxRobot robot, String id) {
        return onFx(() -> {
            var node = robot.lookup(id).query();
            return node instanceof TextArea a ? a.getText() : ((Label) node).getText();
        });
    }

    private static <T> T onFx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
