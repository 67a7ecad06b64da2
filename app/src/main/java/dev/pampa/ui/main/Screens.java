package dev.pampa.ui.main;

import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.dashboard.DashboardScreen;
import dev.pampa.ui.errors.ErrorsScreen;
import dev.pampa.ui.workers.WorkersScreen;
import dev.pampa.ui.common.Screen;
import dev.pampa.ui.common.StatusBar;
import java.util.List;

/** The cockpit's screens, in tab order: the one place a new screen is added. */
final class Screens {
    private Screens() {
    }

    /** Their titles, shown as tabs while the database opens; each screen's own title() must be one of them. */
    static final List<String> TITLES = List.of("Dashboard", "Nodes", "Jobs", "Workers", "Errors");

    static List<Screen> all(CockpitSession session, StatusBar statusBar) {
        return List.of(
                new DashboardScreen(session),
                new dev.pampa.ui.nodes.NodesScreen(session),
                new dev.pampa.ui.jobs.JobsScreen(session),
                new WorkersScreen(session),
                new ErrorsScreen(session));
    }
}
