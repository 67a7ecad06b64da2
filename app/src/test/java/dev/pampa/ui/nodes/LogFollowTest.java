package dev.pampa.ui.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.model.NodeSpec;
import dev.pampa.report.NodeRow;
import dev.pampa.store.NodeStore;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.main.CockpitStartup;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import dev.pampa.ui.workers.WorkerItem;
import dev.pampa.ui.workers.WorkersScreen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Live log following on the real Nodes and Workers screens, over the local node (the cockpit's own
 * machine, read through NodeOperations' log reading as any node's): lines written while the log is
 * shown appear, also after the file was rotated, without pressing anything.
 */
@ExtendWith(ApplicationExtension.class)
class LogFollowTest {
    @TempDir
    static Path dir;

    private static OperatorDatabase database;
    private static Background background;
    private static CockpitStartup startup;
    private static Path logs;

    private CockpitSession session;
    private NodesScreen nodes;
    private WorkersScreen workers;

    @BeforeAll
    static void openDatabase() throws Exception {
        startup = CockpitFixture.startupIn(dir);
        database = EmbeddedDefault.open(startup.embedded(), m -> { });
        background = new Background();
        NodeStore store = new NodeStore(database.database().dsl());
        NodeSpec local = store.find(NodeSpec.LOCAL).orElseThrow().spec();
        store.save(new NodeSpec(local.name(), local.host(), local.port(), local.user(), local.auth(), local.keyPath(),
                local.maxWorkers(), local.javaCommand(), dir.resolve("node").toString(), local.maxRamMb(), local.maxCpuPercent()));
        logs = Files.createDirectories(dir.resolve("node/logs"));
        Files.writeString(logs.resolve("local.1.log"), "line 1\nline 2\nline 3\n");
        Files.writeString(logs.resolve("agent.log"), "agent line 1\n");
        // each test its own file: they may run in any order
        Files.writeString(logs.resolve("local.2.log"), "two 1\ntwo 2\ntwo 3\n");
    }

    @AfterAll
    static void closeDatabase() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        session = CockpitSession.open(database, startup.ssh(), background, new ScriptedDialogs());
        nodes = new NodesScreen(session);
        workers = new WorkersScreen(session);
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(new javafx.scene.control.Tab("Nodes", nodes.view()),
                new javafx.scene.control.Tab("Workers", workers.view()));
        stage.setScene(new Scene(tabs, 1200, 700));
        stage.show();
    }

    @AfterEach
    void hide() throws Exception {
        onFx(() -> {
            nodes.hidden();
            workers.hidden();
            return null;
        });
    }

    private static void append(String file, String text) throws Exception {
        Files.writeString(logs.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNodesScreenFollowsAWorkersLogAcrossARotation(FxRobot robot) throws Exception {
        onFx(() -> {
            nodes.shown();
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> !robot.lookup("#nodes-table").queryAs(TableView.class).getItems().isEmpty()));
        onFx(() -> {
            TableView<NodeRow> table = robot.lookup("#nodes-table").queryAs(TableView.class);
            table.getSelectionModel().select(0);
            return null;
        });
        robot.clickOn("Log");
        robot.clickOn("#log-follow");
        assertThat(onFx(() -> robot.lookup("#log-follow").queryAs(CheckBox.class).isSelected())).isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#log-text").endsWith("line 3"));

        append("local.1.log", "line 4\nline 5\n");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#log-text").endsWith("line 5"));
        // rotated as the runtime's log rotation does: the file renamed to .1, a new one begun
        append("local.1.log", "line 6\n");
        Files.move(logs.resolve("local.1.log"), logs.resolve("local.1.log.1"));
        Files.writeString(logs.resolve("local.1.log"), "after rotation 1\n");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#log-text").endsWith("after rotation 1"));
        assertThat(logText(robot, "#log-text")).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nafter rotation 1");

        robot.clickOn("#log-follow");
        append("local.1.log", "after rotation 2\n");
        robot.sleep(2500);
        assertThat(logText(robot, "#log-text")).as("not followed any more").endsWith("after rotation 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWorkersScreenFollowsTheSelectedRowsLogWhileItsPaneIsOpen(FxRobot robot) throws Exception {
        robot.clickOn("Workers");
        onFx(() -> {
            workers.shown();
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> {
            TreeTableView<WorkerItem> t = robot.lookup("#workers-table").queryAs(TreeTableView.class);
            return t.getRoot() != null && !t.getRoot().getChildren().isEmpty();
        }));
        onFx(() -> {
            TreeTableView<WorkerItem> t = robot.lookup("#workers-table").queryAs(TreeTableView.class);
            TreeItem<WorkerItem> agent = t.getRoot().getChildren().get(0);
            t.getSelectionModel().select(agent.getChildren().stream().filter(w -> w.getValue().name().equals("local.2")).findFirst().orElseThrow());
            robot.lookup("#workers-log").queryAs(TitledPane.class).setExpanded(true);
            return null;
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#workers-log-text").equals("two 1\ntwo 2\ntwo 3"));
        String before = logText(robot, "#workers-log-text");
        append("local.2.log", "worker screen line\n");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#workers-log-text").endsWith("worker screen line"));
        assertThat(logText(robot, "#workers-log-text")).startsWith(before);

        // the agent's row: its own log
        onFx(() -> {
            TreeTableView<WorkerItem> t = robot.lookup("#workers-table").queryAs(TreeTableView.class);
            t.getSelectionModel().select(t.getRoot().getChildren().get(0));
            return null;
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#workers-log-text").equals("agent line 1"));
        append("agent.log", "agent line 2\n");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> logText(robot, "#workers-log-text").equals("agent line 1\nagent line 2"));
    }

    private static String logText(FxRobot robot, String id) throws Exception {
        return onFx(() -> robot.lookup(id).queryAs(TextArea.class).getText());
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
    }
}
