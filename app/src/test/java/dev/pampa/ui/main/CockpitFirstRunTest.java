package dev.pampa.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.model.NodeSpec;
import dev.pampa.report.ErrorGroup;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.TaskTables;
import dev.pampa.ui.dashboard.DashboardScreen;
import dev.pampa.ui.dashboard.DashboardViewModel;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.Snapshots;
import dev.pampa.ui.testing.ScriptedDialogs;
import dev.pampa.ui.workers.WorkerItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The cockpit as an operator first meets it, on one embedded database for the whole class: Start runs
 * the sample job to completion on the local node and the dashboard shows it; then one worker stopped
 * and started from the workers screen; then dead tasks retried from the errors screen. Real worker
 * processes, a real scene driven headless. Renders the three screens to docs/images.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitFirstRunTest {
    @TempDir
    static Path dir;

    private static final ScriptedDialogs dialogs = new ScriptedDialogs();
    private static MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        CockpitStartup startup = CockpitFixture.startupIn(dir);
        WaitForAsyncUtils.asyncFx(() -> {
            window = new MainWindow(stage, startup, dialogs);
            window.show();
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.session() != null);
        // the local node's files and pid files in the test's directory, not the operator's ~/.pampa
        Database db = database();
        NodeSpec local = new NodeStore(db.dsl()).find(NodeSpec.LOCAL).orElseThrow().spec();
        new NodeStore(db.dsl()).save(new NodeSpec(local.name(), local.host(), local.port(), local.user(), local.auth(), local.keyPath(),
                local.maxWorkers(), local.javaCommand(), dir.resolve("node").toString(), local.maxRamMb(), local.maxCpuPercent()));
    }

    @AfterAll
    static void close() throws Exception {
        if (window != null) {
            WaitForAsyncUtils.asyncFx(() -> window.close()).get(120, TimeUnit.SECONDS);
        }
        assertThat(runtimeProcessesIn(dir)).as("no worker or dispatcher left behind").isEmpty();
    }

    /** The whole window: toolbar, the screen shown and the status bar. */
    private static javafx.scene.Parent window() {
        return onFx(() -> FxToolkit.toolkitContext().getRegisteredStage().getScene().getRoot());
    }

    private static Database database() {
        return window.session().database().database();
    }

    @Test
    @Order(1)
    void startRunsTheOddNumbersJobToCompletionAndTheDashboardShowsIt() throws Exception {
        // the overview of every job comes first; a click opens the job's charts
        Node row = cell("#overview-table .table-cell", "search_odd_numbers");
        // at the cell's place on the screen (TestFX's own point for a node of a table refreshed in place lands below it here)
        robot.clickOn(onFx(() -> {
            javafx.geometry.Bounds b = row.localToScreen(row.getBoundsInLocal());
            return new javafx.geometry.Point2D(b.getCenterX(), b.getCenterY());
        }));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#tile-done").tryQuery().isPresent()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#tile-pending").equals("100,000"));
        assertThat(text("#tile-done")).as("the sample job, seen before Start").isEqualTo("0");

        // every step shown while Start runs is recorded, in order, until Start ends (its button enabled again)
        List<String> stepsBeforeEnd = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> allSteps = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean startEnded = new java.util.concurrent.atomic.AtomicBoolean();
        onFx(() -> {
            javafx.scene.layout.VBox steps = robot.lookup("#cluster-steps").queryAs(javafx.scene.layout.VBox.class);
            steps.getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> {
                while (c.next()) {
                    for (Node added : c.getAddedSubList()) {
                        Label line = (Label) added;
                        line.textProperty().addListener((o, was, now) -> {
                            if (!startEnded.get()) {
                                stepsBeforeEnd.add(now);
                            }
                            allSteps.add(now);
                        });
                    }
                }
            });
            Button start = robot.lookup("#cluster-start").queryAs(Button.class);
            start.disabledProperty().addListener((o, was, now) -> {
                if (was && !now) {
                    startEnded.set(true);
                }
            });
            return null;
        });
        robot.clickOn("#cluster-start");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, startEnded::get);
        // issue 12: Start showed nothing for 8 s; each node's steps appear as they happen, before Start ends
        assertThat(stepsBeforeEnd).as("the local node's steps, shown while Start ran").contains("local: connecting and deploying the runtime")
                .anySatisfy(l -> assertThat(l).matches("local: started local\\.1 as pid \\d+.*"))
                .anySatisfy(l -> assertThat(l).startsWith("local: done: "));
        assertThat(stepsBeforeEnd.indexOf("local: connecting and deploying the runtime"))
                .isLessThan(stepsBeforeEnd.indexOf(stepsBeforeEnd.stream().filter(l -> l.startsWith("local: done: ")).findFirst().orElseThrow()));

        // 100,000 tasks: about 10-30 s of work on 2 cores, far more on a busy machine
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> {
            // a failed Start (no runtime jar built, a node that cannot deploy) is shown in a dialog: fail on it, not on the timeout
            assertThat(dialogs.errors()).as("errors shown by the cockpit").isEmpty();
            return text("#tile-done").equals("100,000");
        });
        assertThat(text("#tile-dead")).isEqualTo("0");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#dashboard-progress-text").startsWith("Finished: 100,000 done"));
        // a desktop notification, once, however many refreshes follow
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> window.notices()).contains("Job search_odd_numbers finished: 100,000 done, 0 dead"));
        robot.sleep(ClusterNotices.PERIOD.toMillis() * 3);
        assertThat(onFx(() -> window.notices())).filteredOn(n -> n.startsWith("Job search_odd_numbers finished")).hasSize(1);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#status-dispatcher").startsWith("dispatcher: leading on local"));
        DashboardScreen dashboard = (DashboardScreen) window.screens().get(0);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dashboard.model().stateSeries().get(3).getData().size() >= 2);
        assertThat(dashboard.model().stateSeries()).allSatisfy(s -> assertThat(s.getData()).hasSizeLessThanOrEqualTo(DashboardViewModel.MAX_POINTS));
        Snapshots.write(window(), Snapshots.docsImage("dashboard"));

        robot.clickOn("#cluster-stop");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !onFx(() -> robot.lookup("#cluster-stop").queryAs(Button.class).isDisabled())
                && runtimeProcessesIn(dir).isEmpty());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#status-dispatcher").equals("no dispatcher running"));
        assertThat(dialogs.errors()).isEmpty();
        // Stop shows each node's steps as Start does: each worker as it stops, then the node's outcome
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#cluster-step-local").startsWith("local: done: "));
        assertThat(text("#cluster-step-local")).isEqualTo("local: done: 2 workers stopped, dispatcher stopped");
        assertThat(allSteps).as("the local node's steps, shown while Stop ran")
                .anySatisfy(l -> assertThat(l).matches("local: stopped local\\.1 \\(pid \\d+\\) with SIGTERM"))
                .contains("local: stopping any dispatcher");
    }

    @Test
    @Order(2)
    void oneWorkerStopsAndStartsFromTheWorkersScreen() throws Exception {
        robot.clickOn("#tab-workers");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> state("local.1").isPresent());
        assertThat(state("local.1")).hasValueSatisfying(s -> assertThat(s).isIn("stopped", "not started"));

        robot.clickOn(cell("#workers-table .tree-table-cell", "local.1"));
        robot.clickOn("#worker-start");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> state("local.1").filter("running"::equals).isPresent());
        assertThat(state("local.2")).as("only the chosen worker").hasValueSatisfying(s -> assertThat(s).isIn("stopped", "not started"));
        assertThat(text("#workers-result")).startsWith("started local.1 as pid");
        Snapshots.write(window(), Snapshots.docsImage("workers"));

        robot.clickOn("#worker-stop");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> state("local.1").filter("stopped"::equals).isPresent());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> runtimeProcessesIn(dir).isEmpty());

        // the dispatcher panel: started on the chosen node, then stopped
        assertThat(text("#dispatcher-leader")).isEqualTo("none: no dispatcher running");
        robot.clickOn("#dispatcher-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text("#dispatcher-on").equals("local"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#status-dispatcher").startsWith("dispatcher: leading on local"));
        robot.clickOn("#dispatcher-stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text("#dispatcher-leader").equals("none: no dispatcher running"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> runtimeProcessesIn(dir).isEmpty());
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    @Order(3)
    void deadTasksOfAGroupArePendingAgainAfterRetryFromTheErrorsScreen() throws Exception {
        String refused = "java.lang.IllegalStateException: gateway refused the number";
        String timeout = "java.net.SocketTimeoutException: Read timed out";
        dead("value % 1000 = 0", refused + "\n\tat com.example.Gateway.check(Gateway.java:41)\n\tat dev.pampa.work.Worker.run(Worker.java:12)");
        dead("value % 1000 = 500", timeout + "\n\tat com.example.Gateway.read(Gateway.java:57)");

        robot.clickOn("#tab-errors");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups().size() == 2);
        assertThat(groups()).extracting(ErrorGroup::message).containsExactlyInAnyOrder(refused, timeout);
        assertThat(groups()).allSatisfy(g -> assertThat(g.dead()).isEqualTo(100));

        robot.clickOn(cell("#errors-table .table-cell", refused));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> !robot.lookup("#errors-keys").queryAs(ListView.class).getItems().isEmpty()));
        String key = onFx(() -> (String) robot.lookup("#errors-keys").queryAs(ListView.class).getItems().get(0));
        robot.clickOn(cell("#errors-keys .list-cell", key));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> onFx(() -> robot.lookup("#errors-trace").queryAs(TextArea.class).getText()).contains("at com.example.Gateway.check(Gateway.java:41)"));
        Snapshots.write(window(), Snapshots.docsImage("errors"));

        dialogs.answerConfirm(true);
        robot.clickOn("#errors-retry-group");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups().size() == 1);
        assertThat(groups()).extracting(ErrorGroup::message).containsExactly(timeout);
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s.text()).contains("Put the 100 dead tasks of this group back to pending?"));
        assertThat(TaskTables.count(database(), "value % 1000 = 0 AND odd_checking_reservation_times = 0 AND odd_checking_success IS NULL "
                + "AND odd_checking_end_time IS NULL AND odd_checking_error_description IS NULL", "numbers")).isEqualTo(100);
        assertThat(TaskTables.count(database(), "value % 1000 = 500 AND odd_checking_success = false", "numbers")).isEqualTo(100);

        dialogs.answerConfirm(false);
        robot.clickOn("#errors-retry-all");
        assertThat(groups()).as("a question answered no changes nothing").hasSize(1);
        dialogs.answerConfirm(true);
        robot.clickOn("#errors-retry-all");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> groups().isEmpty());
        assertThat(text("#errors-result")).isEqualTo("100 tasks pending again");
        assertThat(TaskTables.count(database(), "odd_checking_success = false", "numbers")).isZero();
        assertThat(dialogs.errors()).isEmpty();
    }

    private static void dead(String where, String error) {
        TaskTables.execute(database(), "UPDATE numbers SET odd_checking_reservation_times = 3, odd_checking_success = false, "
                + "odd_checking_end_time = now(), odd_checking_error_description = '" + error + "' WHERE " + where);
    }

    @SuppressWarnings("unchecked")
    private List<ErrorGroup> groups() {
        return onFx(() -> List.copyOf(robot.lookup("#errors-table").queryAs(TableView.class).getItems()));
    }

    @SuppressWarnings("unchecked")
    private java.util.Optional<String> state(String worker) {
        List<WorkerItem> rows = onFx(() -> {
            List<WorkerItem> all = new ArrayList<>();
            for (var agent : ((javafx.scene.control.TreeTableView<WorkerItem>) robot.lookup("#workers-table").queryAs(javafx.scene.control.TreeTableView.class))
                    .getRoot().getChildren()) {
                all.add(agent.getValue());
                agent.getChildren().forEach(w -> all.add(w.getValue()));
            }
            return all;
        });
        return rows.stream().filter(w -> !w.agent()).filter(w -> w.name().equals(worker)).map(WorkerItem::state).findFirst();
    }

    /** A table or list cell once it is laid out (the rows come a pulse after the items). */
    private Node cell(String query, String text) throws java.util.concurrent.TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup(query).match(LabeledMatchers.hasText(text)).tryQuery().isPresent()));
        return onFx(() -> robot.lookup(query).match(LabeledMatchers.hasText(text)).query());
    }

    /** Read on the FX thread: the charts change the scene graph while a lookup walks it. */
    private String text(String query) {
        return onFx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Processes of this test's node (workers, dispatcher) by their command line; not the database server. */
    static List<String> runtimeProcessesIn(Path dir) {
        List<String> found = new ArrayList<>();
        String needle = dir.resolve("node").toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(needle)) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
