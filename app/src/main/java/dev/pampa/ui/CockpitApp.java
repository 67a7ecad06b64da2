package dev.pampa.ui;

import dev.pampa.ui.common.FxDialogService;
import dev.pampa.ui.main.CockpitStartup;
import dev.pampa.ui.main.MainWindow;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application; started by {@link CockpitLauncher}. */
public final class CockpitApp extends Application {
    private MainWindow window;

    @Override
    public void init() {
        // asks the desktop whether it prefers dark (a process or two) before the window, off the FX thread
        dev.pampa.ui.common.Theme.read(CockpitStartup.forOperator().settingsFile()).dark();
    }

    @Override
    public void start(Stage stage) {
        window = new MainWindow(stage, CockpitStartup.forOperator(), new FxDialogService(stage));
        window.show();
        // SIGTERM or a logout skips stop(): the embedded server and the local workers must still end cleanly
        Runtime.getRuntime().addShutdownHook(new Thread(window::close, "pampa-cockpit-shutdown"));
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
