package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.DbUrl;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
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

/** A cockpit started from a shell with PAMPA_DB works on that database, as every command does. */
@ExtendWith(ApplicationExtension.class)
class CockpitEnvironmentDbTest {
    @TempDir
    static Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private MainWindow window;
    private DbUrl url;

    @Start
    void start(Stage stage) throws Exception {
        url = TestPostgres.freshDatabase();
        window = new MainWindow(stage, CockpitFixture.startupIn(dir).withEnvironmentDb(url.withCredentials()), dialogs);
        window.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(60, TimeUnit.SECONDS);
    }

    @Test
    void pampa_db_wins_over_the_embedded_default_asks_no_password_and_is_not_written_to_the_settings(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.session() != null);
        WaitForAsyncUtils.waitForFxEvents();

        String shown = robot.lookup("#status-database").queryAs(Label.class).getText();
        assertThat(shown).startsWith("database: ").contains(url.jdbcUrl().replaceAll("\\?.*", ""));
        assertThat(shown).doesNotContain("embedded").doesNotContain("null");
        assertThat(dialogs.shown).as("no password asked: it comes with the URL").isEmpty();
        assertThat(Files.exists(dir.resolve("db"))).as("the embedded database was not started").isFalse();
        assertThat(Files.exists(dir.resolve("cockpit.properties"))).as("nothing written: the choice stays the operator's").isFalse();
        assertThat(window.session().database().database().appliedSchemaVersion()).isEqualTo(dev.pampa.store.Database.SCHEMA_VERSION);
    }
}
