package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A first start (initdb, migrating, seeding) takes seconds: the window is usable meanwhile, and fills in. */
@ExtendWith(ApplicationExtension.class)
class CockpitWhileConnectingTest {
    @TempDir
    static Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private MainWindow window;
    private List<String> tabsAtShow;
    private boolean databaseButtonAtShow;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(stage, CockpitFixture.startupIn(dir), dialogs);
        window.show();
        // what the window offers the moment it is shown, long before a first start's database is open
        // (a CSS pass gives the toolbar its skin, whose children the lookup searches)
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
        TabPane tabs = (TabPane) stage.getScene().lookup("#screens");
        tabsAtShow = tabs == null ? List.of() : tabs.getTabs().stream().map(Tab::getText).toList();
        Button database = (Button) stage.getScene().lookup("#open-connect");
        databaseButtonAtShow = database != null && !database.isDisabled();
        if (tabs != null) {
            tabs.getTabs().stream().filter(t -> t.getText().equals("Jobs")).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(60, TimeUnit.SECONDS);
    }

    @Test
    void theTabsAndTheDatabaseButtonAreThereAtOnceAndTheTabChosenWhileWaitingStaysChosen(FxRobot robot) throws Exception {
        assertThat(window.session()).as("still opening the database when the window was shown").isNull();
        assertThat(tabsAtShow).containsExactly("Dashboard", "Nodes", "Jobs", "Workers", "Errors");
        assertThat(databaseButtonAtShow).isTrue();

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.session() != null);
        WaitForAsyncUtils.waitForFxEvents();

        TabPane tabs = robot.lookup("#screens").query();
        assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("Dashboard", "Nodes", "Jobs", "Workers", "Errors");
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        assertThat(selected.getText()).isEqualTo("Jobs");
        assertThat(selected.getUserData()).as("the Jobs screen filled its tab").isInstanceOf(dev.pampa.ui.jobs.JobsScreen.class);
        assertThat(selected.getContent()).isSameAs(((dev.pampa.ui.common.Screen) selected.getUserData()).view());
        assertThat(robot.lookup("#cluster-start").tryQuery()).isPresent();
        assertThat(dialogs.errors()).isEmpty();
    }
}
