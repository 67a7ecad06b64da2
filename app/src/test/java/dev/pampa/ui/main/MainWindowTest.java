package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(stage, CockpitFixture.startupIn(dir), dialogs);
        window.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(60, TimeUnit.SECONDS);
    }

    @Test
    void first_run_starts_the_embedded_database_seeds_it_and_shows_it_in_the_status_bar(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.session() != null);
        // the session is set last in the FX runnable that fills the window; let any queued FX work finish too
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#status-database").queryAs(Label.class).getText())
                .startsWith("database: embedded PostgreSQL on localhost:");
        assertThat(window.session().cluster().nodes()).singleElement()
                .satisfies(n -> assertThat(n.maxWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors()));
        assertThat(robot.lookup("#cluster-start").tryQuery()).isPresent();
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void closing_while_workers_run_on_another_node_asks_naming_it_and_cancel_keeps_the_window(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.session() != null);
        WaitForAsyncUtils.waitForFxEvents();
        new dev.pampa.store.WorkerRegistry(window.session().database().database().dsl()).register("n01.1", "n01", "test", 4242, "test", "inc", 10);
        Stage stage = (Stage) robot.lookup("#screens").query().getScene().getWindow();
        dialogs.answerChoice(2);
        WaitForAsyncUtils.asyncFx(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST))).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialogs.shown.stream().anyMatch(d -> d.kind().equals("choose")));
        WaitForAsyncUtils.waitForFxEvents();

        ScriptedDialogs.Shown asked = dialogs.shown.stream().filter(d -> d.kind().equals("choose")).findFirst().orElseThrow();
        assertThat(asked.text()).startsWith("Workers still run on n01 (1 worker).")
                .contains("embedded database stops with it").endsWith("Stop them, then close | Leave them running and close | Cancel");
        assertThat(stage.isShowing()).as("cancel keeps the window").isTrue();
        assertThat(window.session()).isNotNull();
        assertThat(MainWindow.nodesWithWorkers(window.session().monitor().workers())).containsExactly("n01 (1 worker)");
    }
}
