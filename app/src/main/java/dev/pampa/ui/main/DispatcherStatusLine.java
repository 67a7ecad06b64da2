package dev.pampa.ui.main;

import dev.pampa.report.DispatcherState;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.StatusBar;
import java.time.Duration;

/**
 * The status bar's dispatcher state, read from the lease every few seconds for as long as the
 * cockpit is connected, whichever screen is shown: it tells whether Start is needed.
 */
final class DispatcherStatusLine {
    static final Duration PERIOD = Duration.ofSeconds(3);

    private final PeriodicRefresh<DispatcherState> refresh;
    /** The cluster's desktop notifications, which live as long as this line: while the cockpit is connected. */
    private final ClusterNotices notices;

    DispatcherStatusLine(CockpitSession session, StatusBar statusBar, javafx.stage.Window owner) {
        notices = new ClusterNotices(session, owner);
        refresh = new PeriodicRefresh<>("dispatcher-status", PERIOD,
                () -> session.monitor().dispatcher(),
                state -> statusBar.dispatcherProperty().set(state.line()),
                failure -> statusBar.dispatcherProperty().set("dispatcher: unknown (cannot read the database)"));
    }

    void start() {
        refresh.start();
        notices.start();
    }

    void stop() {
        refresh.stop();
        notices.stop();
    }

    ClusterNotices notices() {
        return notices;
    }
}
