package dev.pampa.ui.main;

import dev.pampa.report.JobSummary;
import dev.pampa.report.WorkersView;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import java.time.Duration;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktop notifications (ControlsFX {@link Notifications}) for what an operator wants to hear of
 * whichever screen is shown: a job finished, a node unreachable, a worker dead. Reads every
 * {@link #PERIOD} while the cockpit is connected; {@link NoticeRules} decides what is news.
 */
final class ClusterNotices {
    static final Duration PERIOD = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNotices.class);

    record Reading(List<JobSummary> jobs, WorkersView workers) {
    }

    private final Window owner;
    private final NoticeRules rules = new NoticeRules();
    private final ObservableList<NoticeRules.Notice> shown = FXCollections.observableArrayList();
    private final PeriodicRefresh<Reading> refresh;

    ClusterNotices(CockpitSession session, Window owner) {
        this.owner = owner;
        refresh = new PeriodicRefresh<>("notices", PERIOD,
                // from the dispatcher's snapshots only: never a scan of every task table each few seconds
                () -> new Reading(session.monitor().summariesFromSnapshots(), session.monitor().workers()),
                r -> rules.next(r.jobs(), r.workers()).forEach(this::show),
                failure -> { }); // the status bar says when the database cannot be read
    }

    void start() {
        refresh.start();
    }

    void stop() {
        refresh.stop();
    }

    /** Every notification shown since the cockpit connected, oldest first. */
    ObservableList<NoticeRules.Notice> shown() {
        return shown;
    }

    private void show(NoticeRules.Notice n) {
        shown.add(n);
        LOG.info("notice: {}: {}", n.title(), n.text());
        Notifications note = Notifications.create().title(n.title()).text(n.text())
                .position(Pos.BOTTOM_RIGHT).hideAfter(javafx.util.Duration.seconds(n.bad() ? 20 : 8));
        if (owner != null && owner.isShowing()) {
            note.owner(owner);
        }
        if (n.bad()) {
            note.showWarning();
        } else {
            note.showInformation();
        }
    }
}
