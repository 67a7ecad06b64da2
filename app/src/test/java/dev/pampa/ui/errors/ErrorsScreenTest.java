package dev.pampa.ui.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.report.ErrorGroup;
import dev.pampa.testing.TaskTables;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.main.CockpitStartup;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Errors screen on its real scene and an embedded database: 10,000 dead tasks whose messages all
 * differ (each names its key) in 150 groups by where they were thrown; totals that match the table,
 * paging, and a task looked up in any state with its row's values.
 */
@ExtendWith(ApplicationExtension.class)
class ErrorsScreenTest {
    private static final String JOB = "search_odd_numbers";

    @TempDir
    static Path dir;

    private static OperatorDatabase database;
    private static Background background;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ErrorsScreen screen;

    @BeforeAll
    static void openDatabase() throws Exception {
        CockpitStartup startup = CockpitFixture.startupIn(dir);
        database = EmbeddedDefault.open(startup.embedded(), m -> { });
        background = new Background();
        // values 1..10,000 dead, each message naming its key, thrown from one of 150 methods; 10,001..10,010 done
        TaskTables.execute(database.database(), "UPDATE numbers SET odd_checking_reservation_id = 'local.1', odd_checking_reservation_times = 3, "
                + "odd_checking_start_time = now(), odd_checking_end_time = now() - value * interval '1 second', odd_checking_success = false, "
                + "odd_checking_error_description = 'java.lang.IllegalStateException: key ' || value || ' always fails' || E'\\n\\tat com.acme.Stage'"
                + " || chr(65 + (value % 15)::int) || chr(65 + (value / 15 % 10)::int) || '.run(Stage.java:' || value || ')' WHERE value <= 10000");
        TaskTables.execute(database.database(), "UPDATE numbers SET is_odd = value % 2 = 1, odd_checking_reservation_id = 'local.2', odd_checking_reservation_times = 1, "
                + "odd_checking_start_time = now(), odd_checking_end_time = now(), odd_checking_success = true WHERE value BETWEEN 10001 AND 10010");
    }

    @AfterAll
    static void closeDatabase() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        CockpitSession session = new CockpitSession(database, null, background, dialogs);
        screen = new ErrorsScreen(session);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1280, 800));
        stage.show();
        screen.shown();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> screen.hidden()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void totalsMatchTheTableAndEveryGroupCanBeShown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> groups(robot).size() == 100);
        long dead = TaskTables.count(database.database(), "odd_checking_end_time IS NOT NULL AND odd_checking_success IS NOT TRUE", "numbers");
        assertThat(dead).isEqualTo(10_000);
        assertThat(text(robot, "#errors-summary")).isEqualTo("10,000 failed or dead tasks in 150 groups, 10,000 dead; showing 100 of 150 groups");
        assertThat(groups(robot)).allSatisfy(g -> assertThat(g.message()).isEqualTo("java.lang.IllegalStateException: key N always fails"));
        assertThat(groups(robot)).extracting(ErrorGroup::frame).doesNotHaveDuplicates();
        assertThat(groups(robot).stream().mapToLong(ErrorGroup::count).sum()).isLessThan(10_000);

        robot.clickOn("#errors-more");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups(robot).size() == 150);
        assertThat(groups(robot).stream().mapToLong(ErrorGroup::count).sum()).isEqualTo(dead);
        assertThat(text(robot, "#errors-summary")).isEqualTo("10,000 failed or dead tasks in 150 groups, 10,000 dead");
        assertThat(robot.lookup("#errors-more").queryButton().isVisible()).isFalse();

        dialogs.answerConfirm(false);
        robot.clickOn("#errors-retry-all");
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s.text()).startsWith("Put all 10,000 dead tasks of " + JOB + " back to pending?"));
    }

    @Test
    void aTaskIsFoundInAnyStateWithItsRowAndOnlyTheActionsThatFitIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !groups(robot).isEmpty());
        find(robot, "10002");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 10002: done"));
        assertThat(text(robot, "#errors-trace")).contains("is_odd = false").contains("last on local.2");
        assertThat(button(robot, "#errors-retry-task").isDisabled()).as("a done task is not retried").isTrue();
        assertThat(button(robot, "#errors-run-again").isDisabled()).isFalse();

        find(robot, "50000");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 50000: pending"));
        assertThat(button(robot, "#errors-retry-task").isDisabled()).isTrue();
        assertThat(button(robot, "#errors-run-again").isDisabled()).isTrue();

        find(robot, "7");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").startsWith("Task 7: dead, 3 tries"));
        assertThat(text(robot, "#errors-trace")).contains("key 7 always fails").contains("value = 7");
        assertThat(button(robot, "#errors-retry-task").isDisabled()).isFalse();

        find(robot, "not a key");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#errors-trace").equals("No task of " + JOB + " has the key not a key."));
        assertThat(dialogs.errors()).isEmpty();
    }

    private static void find(FxRobot robot, String key) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#errors-key").queryTextInputControl().setText(key)).get(5, TimeUnit.SECONDS);
        robot.clickOn("#errors-show");
    }

    @SuppressWarnings("unchecked")
    private static List<ErrorGroup> groups(FxRobot robot) {
        return onFx(() -> List.copyOf(robot.lookup("#errors-table").queryAs(TableView.class).getItems()));
    }

    private static String text(FxRobot robot, String id) {
        return onFx(() -> {
            var node = robot.lookup(id).query();
            return node instanceof TextArea a ? a.getText() : ((Label) node).getText();
        });
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup(id).queryButton();
    }

    private static <T> T onFx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
