package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.store.Database;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The cockpit's desktop notifications on a real scene over a real PostgreSQL: a job finishing, a
 * worker's heartbeat stopping and a node's agent going silent are each told once, however many
 * refreshes follow; what was already so when the cockpit opened is not told.
 */
@ExtendWith(ApplicationExtension.class)
class ClusterNoticesTest {
    private OperatorDatabase database;
    private Database db;
    private Background background;
    private ClusterNotices notices;
    private Stage stage;

    @BeforeEach
    void database() {
        database = OperatorDatabase.external(TestPostgres.freshDatabase());
        db = database.database();
        db.migrate();
        TaskTables.create(db, "items", 500);
        TaskTables.create(db, "old", 10);
        TaskTables.job(db, "items_job", "items", "dev.pampa.testing.NoopProcessor");
        TaskTables.job(db, "old_job", "old", "dev.pampa.testing.NoopProcessor");
        // heartbeats an hour ahead: fresh for the whole test, until the test makes one old
        TaskTables.execute(db, "INSERT INTO pampa.agent (node, state, incarnation, heartbeat_at) VALUES ('n1', 'running', 'a', now() + interval '1 hour')");
        TaskTables.execute(db, "INSERT INTO pampa.worker (name, node, state, agent, heartbeat_at) VALUES ('n1.1', 'n1', 'running', 'n1', now() + interval '1 hour'), "
                + "('n1.2', 'n1', 'running', 'n1', now() + interval '1 hour')");
        // the dispatcher counted both jobs just now, the first half done, the second finished
        snapshot("items_job", 250, 250, 0);
        snapshot("old_job", 0, 10, 0);
        background = new Background();
    }

    /** A snapshot of the job as the dispatcher writes one every 5 s, dated now: the watcher reads only these. */
    private void snapshot(String job, long pending, long done, long dead) {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) VALUES ('"
                + job + "', clock_timestamp(), " + pending + ", 0, 0, " + done + ", " + dead + ", 0, 0)");
    }

    @AfterEach
    void close() throws Exception {
        onFx(() -> {
            notices.stop();
            return null;
        });
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(new Label("cockpit")), 800, 600));
        stage.show();
    }

    @Test
    void aJobFinishingAWorkerDyingAndANodeGoingSilentAreEachToldOnce(FxRobot robot) throws Exception {
        onFx(() -> {
            notices = new ClusterNotices(new CockpitSession(database, null, background, new ScriptedDialogs()), stage);
            notices.start();
            return null;
        });
        // two readings: the first is the baseline (old_job was finished before the cockpit opened)
        robot.sleep(ClusterNotices.PERIOD.toMillis() * 2 + 500);
        assertThat(onFx(() -> List.copyOf(notices.shown()))).isEmpty();

        // the dispatcher's snapshot of the job, finished
        snapshot("items_job", 0, 480, 20);
        TaskTables.execute(db, "UPDATE pampa.worker SET heartbeat_at = now() - interval '1 minute' WHERE name = 'n1.2'");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> notices.shown().size()) >= 2);
        // more refreshes: nothing is told twice
        robot.sleep(ClusterNotices.PERIOD.toMillis() * 2 + 500);
        TaskTables.execute(db, "UPDATE pampa.agent SET heartbeat_at = now() - interval '1 minute'");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> notices.shown().size()) >= 3);
        robot.sleep(ClusterNotices.PERIOD.toMillis() * 2 + 500);

        List<NoticeRules.Notice> shown = onFx(() -> List.copyOf(notices.shown()));
        assertThat(shown).extracting(n -> n.kind() + " " + n.subject()).containsExactlyInAnyOrder(
                "JOB_FINISHED items_job", "WORKER_DEAD n1.2", "NODE_UNREACHABLE n1");
        NoticeRules.Notice finished = shown.stream().filter(n -> n.kind() == NoticeRules.Kind.JOB_FINISHED).findFirst().orElseThrow();
        assertThat(finished.title()).isEqualTo("Job items_job finished");
        assertThat(finished.text()).isEqualTo("480 done, 20 dead");
        // and the operator saw it: a ControlsFX notification popup holding the title
        assertThat(onFx(() -> Window.getWindows().stream().filter(w -> w != stage && w.getScene() != null)
                .flatMap(w -> w.getScene().getRoot().lookupAll(".label").stream())
                .anyMatch(l -> l instanceof javafx.scene.control.Labeled lb && lb.getText() != null && lb.getText().contains("Job items_job finished")))).isTrue();
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
    }
}
