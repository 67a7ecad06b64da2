package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
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
}
