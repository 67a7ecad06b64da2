package dev.pampa.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pampa.ui.connect.ConnectDialog;
import dev.pampa.ui.connect.ConnectViewModel;
import dev.pampa.ui.onboarding.OnboardingViewModel;
import dev.pampa.ui.onboarding.OnboardingWizard;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Where the cockpit's dialogs and wizards open, on the real scene: owned by the window they are about,
 * centred on it (the main window put off the screen's centre, so that centring on the screen shows),
 * whole on the screen, and as big as their content; a question's long explanation readable, not a
 * two-line box.
 */
@ExtendWith(ApplicationExtension.class)
class DialogPlacementTest {
    private static final double TOLERANCE = 4;

    @TempDir
    Path dir;

    private Stage main;
    private final Background background = new Background();

    @Start
    void start(Stage stage) {
        main = stage;
        stage.setScene(new Scene(new StackPane(), 900, 620));
        stage.setX(10);
        stage.setY(20);
        stage.show();
    }

    @AfterEach
    void closeOthers() throws Exception {
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != main && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
        background.close();
    }

    @Test
    void the_add_node_wizard_is_owned_by_the_main_window_centred_on_it_and_whole_on_the_screen() throws Exception {
        Stage wizard = fx(() -> OnboardingWizard.open(main, new OnboardingViewModel(null, null, background, new ScriptedDialogs(), () -> { }),
                new ScriptedDialogs()));
        WaitForAsyncUtils.waitForFxEvents();
        assertPlacedOver(wizard);
        // its content fits: no page cut off at the bottom
        double contentHeight = fx(() -> wizard.getScene().getRoot().prefHeight(wizard.getScene().getWidth()));
        assertThat(wizard.getScene().getHeight()).isGreaterThanOrEqualTo(contentHeight - 1);
    }

    @Test
    void the_database_dialog_is_owned_by_the_main_window_and_centred_on_it() throws Exception {
        Stage connect = fx(() -> ConnectDialog.open(main, new ConnectViewModel(background, dir.resolve("cockpit.properties"), (s, p) -> { })));
        WaitForAsyncUtils.waitForFxEvents();
        assertPlacedOver(connect);
    }

    @Test
    void a_confirmation_with_a_long_explanation_is_centred_on_its_window_and_shows_the_explanation_whole() throws Exception {
        String explanation = "Compare it with the fingerprint the node's administrator gives you (on the node: ssh-keygen -lf "
                + "/etc/ssh/ssh_host_ed25519_key.pub). Approve only if they are the same: a different key may mean "
                + "someone is between you and the node. An approved key is kept in /home/operator/.pampa/known_hosts.";
        FxDialogService dialogs = new FxDialogService(main);
        Platform.runLater(() -> dialogs.confirm("Approve the host key of [127.0.0.1]:2222?",
                "The node presents a host key Pampa has not seen before:\nSHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", explanation));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialogWindow() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Stage alert = dialogWindow();
        assertPlacedOver(alert);
        javafx.scene.control.Control details = fx(() -> (javafx.scene.control.Control) alert.getScene().getRoot().lookup("#dialog-details"));
        double lineHeight = fx(() -> javafx.scene.text.Font.getDefault().getSize() * 1.2);
        assertThat(details.getHeight()).as("the explanation: more than a two-line box").isGreaterThan(3 * lineHeight);
        double whole = fx(() -> details.prefHeight(details.getWidth()));
        assertThat(details.getHeight()).as("the explanation shows whole").isGreaterThanOrEqualTo(whole - 1);
        fx(() -> {
            ((DialogPane) alert.getScene().getRoot()).lookupButton(ButtonType.NO).fireEvent(new javafx.event.ActionEvent());
            return null;
        });
    }

    @Test
    void the_ddl_preview_shows_every_statement_not_a_two_line_box() throws Exception {
        List<String> ddl = List.of(
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_reservation_id varchar(100)",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_reservation_time timestamptz",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_reservation_times integer",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_start_time timestamptz",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_end_time timestamptz",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_success boolean",
                "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS billing_error_description text",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_pampa_pending ON public.invoices (id) WHERE billing_end_time IS NULL",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_pampa_reserved ON public.invoices (billing_reservation_id)",
                "CREATE OR REPLACE TRIGGER invoices_pampa_new_tasks AFTER INSERT ON public.invoices EXECUTE FUNCTION pampa.notify_new_tasks()");
        FxDialogService dialogs = new FxDialogService(main);
        Platform.runLater(() -> dialogs.confirm("Prepare table invoices", "Run these 10 statements on table invoices?", String.join("\n", ddl)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialogWindow() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Stage alert = dialogWindow();
        assertPlacedOver(alert);
        javafx.scene.control.TextArea details = fx(() -> (javafx.scene.control.TextArea) alert.getScene().getRoot().lookup("#dialog-details"));
        assertThat(details.getPrefRowCount()).as("a row per statement at least").isGreaterThanOrEqualTo(ddl.size());
        double whole = fx(() -> details.prefHeight(details.getWidth()));
        assertThat(details.getHeight()).as("the box as tall as its rows").isGreaterThanOrEqualTo(whole - 1);
        fx(() -> {
            ((DialogPane) alert.getScene().getRoot()).lookupButton(ButtonType.NO).fireEvent(new javafx.event.ActionEvent());
            return null;
        });
    }

    @Test
    void the_main_window_fits_a_1280_by_800_screen_with_room_for_its_title_bar() throws Exception {
        Stage stage = fx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane()));
            Windows.fitMain(s, 1200, 780);
            s.show();
            return s;
        });
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.getHeight()).isLessThanOrEqualTo(screen.getHeight() - Windows.MARGIN);
        assertThat(stage.getWidth()).isLessThanOrEqualTo(screen.getWidth());
        assertThat(stage.getY()).isGreaterThanOrEqualTo(screen.getMinY());
        assertThat(stage.getX()).isGreaterThanOrEqualTo(screen.getMinX());
    }

    private void assertPlacedOver(Stage child) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(child.getOwner()).as("owner").isSameAs(main);
        assertThat(child.getX() + child.getWidth() / 2).as("centre x").isCloseTo(main.getX() + main.getWidth() / 2, within(TOLERANCE));
        assertThat(child.getY() + child.getHeight() / 2).as("centre y").isCloseTo(main.getY() + main.getHeight() / 2, within(TOLERANCE));
        assertThat(child.getWidth()).as("width").isGreaterThan(300).isLessThanOrEqualTo(screen.getWidth());
        assertThat(child.getHeight()).as("height").isGreaterThan(150).isLessThanOrEqualTo(screen.getHeight());
        assertThat(child.getX()).isGreaterThanOrEqualTo(screen.getMinX());
        assertThat(child.getY()).isGreaterThanOrEqualTo(screen.getMinY());
    }

    private Stage dialogWindow() {
        for (Window w : Window.getWindows()) {
            if (w != main && w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane && w instanceof Stage s) {
                return s;
            }
        }
        return null;
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
