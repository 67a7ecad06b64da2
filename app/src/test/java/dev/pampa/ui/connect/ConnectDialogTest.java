package dev.pampa.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.DbUrl;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.main.MainWindow;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "Connect to database" dialog on the real scene: clear errors for a malformed URL and for a
 * server that is not there, the schema state of a reachable database, and Save, which writes no
 * password and reconnects the window; "Use the embedded database" switches back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectDialogTest {
    @TempDir
    static Path dir;

    private static final ScriptedDialogs dialogs = new ScriptedDialogs();
    private static MainWindow window;
    private static Path settings;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        var startup = CockpitFixture.startupIn(dir);
        settings = startup.settingsFile();
        FxToolkit.setupFixture(() -> {
            window = new MainWindow(new Stage(), startup, dialogs);
            window.show();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.session() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(90, TimeUnit.SECONDS);
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(3)
    void the_theme_is_switched_from_the_toolbar_at_once_and_kept_beside_the_database_choice() throws Exception {
        String before = javafx.application.Application.getUserAgentStylesheet();
        fx(() -> {
            javafx.scene.control.MenuButton menu = robot.lookup("#theme-switch").queryAs(javafx.scene.control.MenuButton.class);
            menu.getItems().stream().filter(i -> "theme-dark".equals(i.getId())).findFirst().orElseThrow().fire();
        });
        String dark = javafx.application.Application.getUserAgentStylesheet();
        assertThat(dark).isNotEqualTo(before);
        assertThat(Files.readString(settings)).contains("theme=dark");
        assertThat(dev.pampa.ui.common.Theme.read(settings)).isEqualTo(dev.pampa.ui.common.Theme.DARK);
        // the database choice written later keeps the theme, and the theme kept the file's other settings
        dev.pampa.ui.connect.DatabaseSetting.EMBEDDED.write(settings);
        assertThat(dev.pampa.ui.common.Theme.read(settings)).isEqualTo(dev.pampa.ui.common.Theme.DARK);
        fx(() -> {
            javafx.scene.control.MenuButton menu = robot.lookup("#theme-switch").queryAs(javafx.scene.control.MenuButton.class);
            menu.getItems().stream().filter(i -> "theme-light".equals(i.getId())).findFirst().orElseThrow().fire();
        });
        assertThat(javafx.application.Application.getUserAgentStylesheet()).isNotEqualTo(dark);
        assertThat(Files.readString(settings)).contains("theme=light").contains("database=embedded");
    }

    @Test
    @Order(1)
    void a_malformed_url_and_an_absent_server_say_what_is_wrong_and_what_to_do() throws Exception {
        fx(() -> window.openConnectDialog());
        type("#connect-url", "mysql://db.example/ops");
        fire("#connect-test");
        waitFor(() -> !label("#connect-result").equals("Connecting…") && !label("#connect-result").isEmpty());

        assertThat(label("#connect-result")).contains("is neither jdbc:postgresql://… nor postgresql://…");
        assertThat(label("#connect-fix")).startsWith("What to do: write e.g. postgresql://");

        int closed = CockpitFixture.freePort();
        type("#connect-url", "postgresql://ops:secret@127.0.0.1:" + closed + "/ops");
        fire("#connect-test");
        waitFor(() -> !label("#connect-result").equals("Connecting…"));

        assertThat(label("#connect-result")).startsWith("cannot connect to jdbc:postgresql://127.0.0.1:" + closed + "/ops as ops")
                .doesNotContain("secret");
        assertThat(label("#connect-fix")).contains("check that PostgreSQL runs");
        assertThat(Files.exists(settings)).as("a test writes nothing").isFalse();
    }

    @Test
    @Order(2)
    void the_embedded_databases_url_tests_current_and_save_reconnects_without_keeping_the_password() throws Exception {
        String embedded = window.session().database().url().jdbcUrl();
        String embeddedPassword = window.session().database().url().password();
        type("#connect-url", embedded);
        type("#connect-user", "postgres");
        fire("#connect-test");
        waitFor(() -> !label("#connect-result").equals("Connecting…"));
        assertThat(label("#connect-result")).as("the embedded database admits its password holder alone")
                .contains("no password was provided");

        fx(() -> robot.lookup("#connect-password").<PasswordField>query().setText(embeddedPassword));
        fire("#connect-test");
        waitFor(() -> !label("#connect-result").equals("Connecting…"));

        assertThat(label("#connect-result")).contains("the pampa schema is current (version");

        DbUrl external = TestPostgres.freshDatabase();
        type("#connect-url", "postgresql://" + external.user() + ":pw-not-kept@" + external.jdbcUrl().substring("jdbc:postgresql://".length()));
        type("#connect-user", "");
        fx(() -> robot.lookup("#connect-password").<PasswordField>query().setText("pw-not-kept"));
        fire("#connect-save");
        waitFor(() -> window.session() != null && window.session().database().description().contains(external.jdbcUrl()));

        assertThat(Files.readString(settings)).contains("database=external").contains("database.user=" + external.user())
                .doesNotContain("pw-not-kept");
        assertThat(DatabaseSetting.read(settings).jdbcUrl()).isEqualTo(external.jdbcUrl());
        assertThat(robot.lookup("#status-database").<Label>query().getText()).contains(external.jdbcUrl());
        assertThat(window.session().cluster().nodes()).as("a fresh database has no node").isEmpty();

        fx(() -> window.openConnectDialog());
        fire("#connect-embedded");
        waitFor(() -> window.session() != null && window.session().database().description().startsWith("embedded PostgreSQL"));

        assertThat(DatabaseSetting.read(settings).embedded()).isTrue();
        assertThat(dialogs.errors()).isEmpty();
    }

    private void type(String query, String text) throws Exception {
        fx(() -> robot.lookup(query).<TextField>query().setText(text));
    }

    private String label(String query) {
        String text = robot.lookup(query).<Label>query().getText();
        return text == null ? "" : text;
    }

    private void fire(String query) throws Exception {
        fx(() -> robot.lookup(query).<Button>query().fire());
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
