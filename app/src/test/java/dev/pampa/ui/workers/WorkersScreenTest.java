package dev.pampa.ui.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.model.NodeDraft;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.testing.ScriptedDialogs;
import dev.pampa.ui.testing.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Workers screen on its real scene, reading a real PostgreSQL where a real node agent serves two
 * real worker processes (one kept busy on CPU and disk): each node's workers hang under its agent, with
 * what the agent measured of them, and Start and Stop are enabled only where they make sense.
 */
@ExtendWith(ApplicationExtension.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class WorkersScreenTest {
    static Path dir;
    static Database db;
    static RuntimeProcesses procs;
    static RuntimeProcess agent;
    static RuntimeProcess busyWorker;
    static DbUrl url;
    static Path socket;
    static OperatorDatabase database;
    static Background background;

    private WorkersScreen screen;

    @BeforeAll
    static void cluster() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), "screen");
        url = TestPostgres.freshDatabase();
        db = Database.open(url, 4, "test");
        db.migrate();
        new NodeStore(db.dsl()).save(new NodeDraft("n01", "127.0.0.1", null, "nobody", null, 3, null, null, 256, 100).toSpec());
        // a node with nothing running: Stop has nothing to stop there, for its workers or the dispatcher
        new NodeStore(db.dsl()).save(new NodeDraft("n02", "127.0.0.2", null, "nobody", null, 1, null, null, 256, 100).toSpec());
        TaskTables.create(db, "items", 100_000);
        TaskTables.execute(db, "UPDATE items SET work_ms = 200");
        TaskTables.job(db, "busy", "items", "dev.pampa.testing.jobs.BusyWriter", "queue_size: 2", "filter_worker_id: '^n01\\.1$'");
        procs = new RuntimeProcesses();
        procs.startDispatcher(url, dir.resolve("dispatcher.log"));
        socket = dir.resolve("run/agent.sock");
        agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"), "--heartbeat-ms", "1000");
        agent.awaitLog("serves workers on", Duration.ofSeconds(60));
        busyWorker = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
        procs.startServedWorker(url, "n01.2", socket, dir.resolve("w2.log"));
        database = OperatorDatabase.external(url);
        background = new Background();
    }

    @AfterAll
    static void stop() {
        procs.close();
        background.close();
        database.close();
        db.close();
    }

    @Start
    void start(Stage stage) {
        CockpitSession session = CockpitSession.open(database, new NodeConnections.Settings(dir.resolve("operator_key"),
                new HostKeyTrust(dir.resolve("known_hosts"), null, false), SshSession.Timeouts.defaults()), background, new ScriptedDialogs());
        screen = new WorkersScreen(session);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1400, 700));
        stage.show();
        screen.shown();
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<WorkerItem> table(FxRobot robot) {
        return robot.lookup("#workers-table").queryAs(TreeTableView.class);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** The row's item once the table shows it: a screen opened for a test is empty until its first read. */
    private java.util.Optional<WorkerItem> shown(FxRobot robot, String label) throws Exception {
        return java.util.Optional.ofNullable(item(robot, label)).map(TreeItem::getValue);
    }

    private TreeItem<WorkerItem> item(FxRobot robot, String label) throws Exception {
        return onFx(() -> {
            for (TreeItem<WorkerItem> node : table(robot).getRoot().getChildren()) {
                if (node.getValue().label().equals(label)) {
                    return node;
                }
                for (TreeItem<WorkerItem> w : node.getChildren()) {
                    if (w.getValue().label().equals(label)) {
                        return w;
                    }
                }
            }
            return null;
        });
    }

    private void select(FxRobot robot, String label) throws Exception {
        onFx(() -> {
            table(robot).getSelectionModel().select(item(robot, label));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean enabled(FxRobot robot, String id) throws Exception {
        return onFx(() -> !robot.lookup(id).queryAs(Button.class).isDisabled());
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void workers_hang_under_their_agent_with_what_it_measured_and_start_and_stop_only_where_they_make_sense(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> {
            TreeItem<WorkerItem> busy = item(robot, "n01.1");
            TreeItem<WorkerItem> idle = item(robot, "n01.2");
            return busy != null && idle != null && !busy.getValue().cpu().isEmpty() && !idle.getValue().rss().isEmpty()
                    && busy.getValue().disk().matches(".* r, .*[1-9].* w");
        });

        List<String> tree = onFx(() -> {
            List<String> lines = new ArrayList<>();
            for (TreeItem<WorkerItem> node : table(robot).getRoot().getChildren()) {
                lines.add(node.getValue().label() + " | " + node.getValue().state());
                node.getChildren().forEach(w -> lines.add("  " + w.getValue().label() + " | " + w.getValue().state()));
            }
            return lines;
        });
        assertThat(tree).containsExactly("n01 (agent) | running, serving 2 workers", "  n01.1 | running", "  n01.2 | running", "  n01.3 | not started",
                "n02 (agent) | not running", "  n02.1 | not started");
        WorkerItem agentRow = item(robot, "n01 (agent)").getValue();
        assertThat(agentRow.heartbeat()).endsWith(" ago");
        assertThat(agentRow.rss()).matches("\\d+ MB");
        WorkerItem busy = item(robot, "n01.1").getValue();
        assertThat(busy.cpu()).matches("\\d+ %");
        assertThat(busy.rss()).matches("\\d+ MB");
        assertThat(busy.net()).matches(".* in, .* out");
        assertThat(item(robot, "n01.3").getValue().cpu()).as("a worker that never started has nothing measured").isEmpty();
        Snapshots.write(onFx(() -> robot.lookup("#workers").query()), Snapshots.docsImage("workers-resources"));

        select(robot, "n01.1");
        assertThat(enabled(robot, "#worker-start")).as("Start on a running worker").isFalse();
        assertThat(enabled(robot, "#worker-stop")).as("Stop on a running worker").isTrue();
        select(robot, "n01.3");
        assertThat(enabled(robot, "#worker-start")).as("Start on a worker never started").isTrue();
        assertThat(enabled(robot, "#worker-stop")).as("Stop on a worker never started").isFalse();
        select(robot, "n01 (agent)");
        assertThat(enabled(robot, "#worker-start")).as("Start on the agent's row").isFalse();
        assertThat(enabled(robot, "#worker-stop")).as("Stop on the agent's row").isFalse();

        // a refresh rebuilds the rows: the selection stays on the same worker, and the buttons follow its state
        select(robot, "n01.1");
        robot.sleep(2500);
        assertThat(onFx(() -> table(robot).getSelectionModel().getSelectedItem().getValue().name())).isEqualTo("n01.1");
        assertThat(enabled(robot, "#worker-stop")).isTrue();
    }

    @Test
    void the_nodes_and_the_dispatchers_start_and_stop_are_enabled_by_what_runs_there(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> item(robot, "n02.1") != null && item(robot, "n01.1") != null
                && item(robot, "n01.1").getValue().state().equals("running"));
        assertThat(enabled(robot, "#workers-start-node")).as("Start with every node shown").isFalse();
        assertThat(enabled(robot, "#workers-stop-node")).as("Stop with every node shown").isFalse();

        chooseNode(robot, "n01");
        assertThat(enabled(robot, "#workers-start-node")).as("Start on n01: n01.3 never started").isTrue();
        assertThat(enabled(robot, "#workers-stop-node")).as("Stop on n01: two workers run").isTrue();
        chooseNode(robot, "n02");
        assertThat(enabled(robot, "#workers-start-node")).as("Start on n02: nothing runs").isTrue();
        assertThat(enabled(robot, "#workers-stop-node")).as("Stop on n02: nothing runs").isFalse();

        onFx(() -> {
            robot.lookup("#dispatcher-node").<ComboBox<String>>query().setValue("n02");
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(enabled(robot, "#dispatcher-stop")).as("Stop the dispatcher where none runs").isFalse();
        assertThat(enabled(robot, "#dispatcher-start")).as("Start the dispatcher where none runs").isTrue();
    }

    private void chooseNode(FxRobot robot, String node) throws Exception {
        onFx(() -> {
            robot.lookup("#workers-node").<ComboBox<String>>query().setValue(node);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Issue 12: CPU and memory with their recent history (sparklines), and a node's figures as the sum of its processes'. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void each_row_keeps_its_recent_cpu_and_memory_for_a_sparkline_and_the_node_sums_its_processes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> shown(robot, "n01.1").map(w -> screen.model().cpuTrend(w).size() >= 3).orElse(false)
                && shown(robot, "n01 (agent)").map(a -> screen.model().rssTrend(a).size() >= 3).orElse(false)));
        assertThat(onFx(() -> screen.model().cpuTrend(item(robot, "n01.3").getValue()))).as("never started: nothing measured").isEmpty();
        assertThat(onFx(() -> screen.model().rssTrend(item(robot, "n01.1").getValue()))).allSatisfy(mb -> assertThat(mb).isGreaterThan(1));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#workers-table .sparkline").queryAll().size() >= 6));

        dev.pampa.report.NodeRow n01 = new dev.pampa.monitor.Monitor(db).nodes().get(0);
        dev.pampa.report.WorkersView view = new dev.pampa.monitor.Monitor(db).workers();
        long largest = view.nodes().get(0).workers().stream().mapToLong(w -> w.usage().rssKb() == null ? 0 : w.usage().rssKb()).max().orElse(0);
        assertThat(n01.usage().rssKb()).as("three JVMs together (agent, two workers)").isGreaterThan(largest + view.nodes().get(0).agent().usage().rssKb() / 2);
        assertThat(n01.usage().cpuPercent()).isNotNull();
        assertThat(n01.usage().diskText()).matches(".* r, .* w");
    }

    /** Issue 12: a restarted worker's Done count went silently back to 0; it keeps what the name did and says it restarted. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void a_restarted_worker_keeps_its_done_count_and_says_it_restarted(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> shown(robot, "n01.1").map(w -> w.done() >= 3).orElse(false));
        busyWorker.terminate();
        assertThat(busyWorker.waitFor(Duration.ofSeconds(60))).isZero();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shown(robot, "n01.1").map(w -> w.state().equals("stopped")).orElse(false));
        long before = item(robot, "n01.1").getValue().done();
        assertThat(before).isGreaterThanOrEqualTo(3);

        busyWorker = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1-again.log"));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> shown(robot, "n01.1").map(w -> w.state().equals("running")).orElse(false));
        WorkerItem again = item(robot, "n01.1").getValue();
        assertThat(again.done()).as("what the worker of that name did, across the restart").isGreaterThanOrEqualTo(before);
        assertThat(again.doneText()).matches("[\\d,]+ \\(restarted, [\\d,]+ since\\)");
        assertThat(onFx(() -> robot.lookup("#workers-table .tree-table-cell").queryAll().stream()
                .anyMatch(c -> c instanceof javafx.scene.control.Labeled l && l.getText() != null && l.getText().contains("(restarted, ")))).isTrue();
    }
}
