package dev.pampa.ui.nodes;

import static dev.pampa.store.schema.Tables.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.testing.TestSshServer;
import dev.pampa.report.NodeRow;
import dev.pampa.ui.main.MainWindow;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import dev.pampa.ui.testing.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TabPane;
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
 * The Nodes screen and the onboarding wizard on the real scene, against an in-process SSH node with a
 * password and SFTP, the real runtime jar and a real worker: a rejected host key, a wrong password,
 * then the node onboarded, deployed and running; its log; its removal stopping its worker first.
 * One cockpit for the class, since starting and seeding the embedded database is the slow part.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodesAndOnboardingTest {
    private static final String PASSWORD = "right-pw";

    @TempDir
    static Path dir;

    private static final ScriptedDialogs dialogs = new ScriptedDialogs();
    private static MainWindow window;
    private static TestSshServer ssh;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        ssh = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), PASSWORD);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            try {
                window = new MainWindow(new Stage(), CockpitFixture.startupIn(dir), dialogs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            window.show();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.session() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(90, TimeUnit.SECONDS);
        FxToolkit.cleanupStages();
        ssh.close();
    }

    @Test
    @Order(1)
    void the_wizard_refuses_an_unapproved_host_key_and_a_wrong_password_then_onboards_deploys_and_starts_the_node() throws Exception {
        selectTab("tab-nodes");
        fire("#nodes-add");
        waitFor(() -> robot.lookup("#onboarding-wizard").tryQuery().isPresent());
        fx(() -> {
            text("#wizard-name").setText("n01");
            text("#wizard-host").setText("127.0.0.1");
            text("#wizard-port").setText(Integer.toString(ssh.port()));
            text("#wizard-user").setText(TestSshServer.USER);
        });

        dialogs.answerConfirm(false);
        fire("#wizard-next");
        waitFor(() -> label("#wizard-problem").contains("was not approved"));

        assertThat(label("#check-detail-1")).startsWith("not approved: SHA256:");
        assertThat(label("#wizard-problem")).contains("nothing was saved");
        assertThat(label("#wizard-fix")).contains("Check again");
        assertThat(window.session().cluster().node("n01")).isEmpty();
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s.text()).contains("SHA256:"));
        Snapshots.write(robot.lookup("#onboarding-wizard").query(), Snapshots.docsImage("onboarding"));

        dialogs.answerConfirm(true).answerSecret("wrong-pw");
        fire("#wizard-check-again");
        waitFor(() -> label("#wizard-problem").contains("refused"));

        assertThat(label("#wizard-problem")).isEqualTo("The node refused " + TestSshServer.USER + " with that password.");
        assertThat(label("#wizard-fix")).contains("check the user name and the password");
        assertThat(robot.lookup("#wizard-name").query().isVisible()).as("back on the node's page").isTrue();
        assertThat(window.session().cluster().node("n01")).isEmpty();

        dialogs.answerSecret(PASSWORD);
        fire("#wizard-next");
        waitFor(() -> !label("#wizard-saved").isEmpty() || !label("#wizard-problem").isEmpty());

        assertThat(label("#wizard-problem")).isEmpty();
        assertThat(window.session().cluster().node("n01")).get()
                .satisfies(n -> assertThat(n.maxWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors()));
        assertThat(Files.readString(dir.resolve("node-home").resolve(".ssh/authorized_keys"))).contains("ssh-ed25519");
        assertThat(dialogs.shown.stream().filter(s -> s.kind().equals("secret")).count()).isEqualTo(2);

        // the probe's findings stay in view, the node saved, before the operator goes on to deploy
        assertThat(visible("#wizard-check-again")).as("still on the checks page").isTrue();
        assertThat(visible("#wizard-probe-result")).isTrue();
        assertThat(label("#wizard-probe-result")).contains("n01 is ready and saved");
        assertThat(label("#check-detail-5")).as("OS and CPUs").contains(Runtime.getRuntime().availableProcessors() + " CPUs");
        assertThat(label("#check-detail-6")).as("Java").startsWith("Java " + System.getProperty("java.specification.version"));
        assertThat(disabled("#wizard-finish")).as("Finish before Deploy").isTrue();
        assertThat(disabled("#wizard-next")).isFalse();
        fire("#wizard-next");
        waitFor(() -> visible("#wizard-deploy"));
        assertThat(disabled("#wizard-finish")).as("Finish before Deploy").isTrue();

        fx(() -> robot.lookup("#wizard-max-workers").<Spinner<Integer>>query().getValueFactory().setValue(1));
        fire("#wizard-deploy");
        waitFor(() -> label("#wizard-deploy-status").startsWith("Deployed to") || !label("#wizard-problem").isEmpty());
        assertThat(label("#wizard-problem")).isEmpty();
        assertThat(label("#wizard-deploy-status")).contains("sent 2 files").contains("skipped 0 unchanged")
                .contains("class data archive created");
        assertThat(dir.resolve("node-home").resolve(".pampa/lib/pampa-runtime.jar")).isRegularFile();
        assertThat(dir.resolve("node-home").resolve(".pampa/lib/pampa-runtime.jsa")).as("the deploy trained the archive").isNotEmptyFile();
        waitFor(() -> !disabled("#wizard-finish"));

        fire("#wizard-start-workers");
        waitFor(() -> label("#wizard-workers-status").contains("started") || !label("#wizard-problem").isEmpty());
        assertThat(label("#wizard-workers-status")).isEqualTo("1 of 1 worker started");
        Snapshots.write(robot.lookup("#onboarding-wizard").query(), Snapshots.docsImage("onboarding-deploy"));

        fire("#wizard-finish");
        waitFor(() -> robot.lookup("#onboarding-wizard").tryQuery().isEmpty());
        waitFor(() -> row("n01") != null && row("n01").workersRunning() == 1);

        NodeRow n01 = row("n01");
        assertThat(n01.state()).isEqualTo("running");
        assertThat(n01.javaVersion()).startsWith(System.getProperty("java.specification.version"));
        assertThat(n01.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(n01.runtimeVersion()).isNotBlank();
        assertThat(n01.lastHeartbeatAgeSeconds()).isNotNull().isLessThan(60.0);
    }

    @Test
    @Order(2)
    void the_table_shows_every_node_probed_and_the_log_of_a_chosen_worker() throws Exception {
        waitFor(() -> row("local") != null && row("local").probed());
        assertThat(row("local").javaVersion()).isNotBlank();

        fx(() -> table().getSelectionModel().select(row("n01")));
        fx(() -> robot.lookup("#nodes-details").<TabPane>query().getSelectionModel().select(1));
        fire("#log-refresh");
        waitFor(() -> !robot.lookup("#log-text").<TextArea>query().getText().startsWith("Reading"));

        assertThat(robot.lookup("#log-text").<TextArea>query().getText()).as("the worker's log").contains("n01.1");
        Snapshots.write(table().getScene().getRoot(), Snapshots.docsImage("nodes"));

        fire("#nodes-refresh");
        waitFor(() -> window.background().runningProperty().get() == 0);
        assertThat(robot.lookup("#log-text").<TextArea>query().getText()).as("a refresh keeps the log shown").contains("n01.1");
        assertThat(table().getSelectionModel().getSelectedItem().spec().name()).isEqualTo("n01");
    }

    @Test
    @Order(3)
    void the_editor_checks_values_as_typed_and_saves_the_node() throws Exception {
        fx(() -> robot.lookup("#nodes-details").<TabPane>query().getSelectionModel().select(0));
        fx(() -> text("#edit-max-workers").setText("0"));

        assertThat(label("#edit-problem-max_workers")).contains("out of range").contains("1 to 1000");
        assertThat(robot.lookup("#edit-save").<Button>query().isDisabled()).isTrue();

        fx(() -> text("#edit-max-workers").setText("2"));
        assertThat(label("#edit-problem-max_workers")).isEmpty();
        fire("#edit-save");
        waitFor(() -> label("#nodes-status").startsWith("Saved") || label("#nodes-status").contains("failed"));

        assertThat(label("#nodes-status")).startsWith("Saved n01");
        assertThat(window.session().cluster().node("n01")).get().satisfies(n -> assertThat(n.maxWorkers()).isEqualTo(2));
        waitFor(() -> row("n01").spec().maxWorkers() == 2);
    }

    @Test
    @Order(4)
    void removing_a_node_stops_its_workers_first() throws Exception {
        fx(() -> table().getSelectionModel().select(row("n01")));
        dialogs.answerConfirm(true);
        fire("#nodes-remove");
        waitFor(() -> label("#nodes-status").startsWith("Removed") || label("#nodes-status").contains("failed"));

        assertThat(label("#nodes-status")).isEqualTo("Removed n01 after stopping 1 process");
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s.title()).isEqualTo("Remove node n01?"));
        assertThat(window.session().cluster().node("n01")).isEmpty();
        assertThat(window.session().database().database().dsl().select(WORKER.STATE).from(WORKER).where(WORKER.NAME.eq("n01.1"))
                .fetchOne(WORKER.STATE)).isEqualTo("stopped");
        waitFor(() -> row("n01") == null);
        assertThat(dialogs.errors()).isEmpty();
    }

    private NodeRow row(String name) {
        return table().getItems().stream().filter(r -> r.spec().name().equals(name)).findFirst().orElse(null);
    }

    private TableView<NodeRow> table() {
        return robot.lookup("#nodes-table").query();
    }

    private void selectTab(String id) throws Exception {
        fx(() -> {
            TabPane tabs = robot.lookup("#screens").query();
            tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        });
    }

    private TextField text(String query) {
        return robot.lookup(query).query();
    }

    private boolean visible(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Node n = robot.lookup(query).query();
            for (Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return true;
        }).get(10, TimeUnit.SECONDS);
    }

    private boolean disabled(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).query().isDisabled()).get(10, TimeUnit.SECONDS);
    }

    private String label(String query) {
        Node node = robot.lookup(query).query();
        String text = node instanceof Label l ? l.getText() : ((javafx.scene.control.Labeled) node).getText();
        return text == null ? "" : text;
    }

    private void fire(String query) throws Exception {
        fx(() -> {
            Button b = robot.lookup(query).query();
            assertThat(b.isDisabled()).as(query + " is enabled").isFalse();
            b.fire();
        });
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
