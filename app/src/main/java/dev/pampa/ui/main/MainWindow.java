package dev.pampa.ui.main;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.database.ExternalDatabase;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.DialogService;
import dev.pampa.ui.common.ProblemText;
import dev.pampa.ui.common.Screen;
import dev.pampa.ui.common.StatusBar;
import dev.pampa.ui.common.Icons;
import dev.pampa.ui.common.Theme;
import dev.pampa.ui.common.Windows;
import dev.pampa.ui.connect.ConnectDialog;
import dev.pampa.ui.connect.ConnectViewModel;
import dev.pampa.ui.connect.DatabaseSetting;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The cockpit's window: while connecting, a progress pane; then a tab per screen, and the status bar.
 * Connecting (starting the embedded database, migrating, seeding) runs in the background, so the
 * window is up at once.
 */
public final class MainWindow {
    private static final double WIDTH = 1200;
    private static final double HEIGHT = 780;
    private static final double MIN_WIDTH = 900;
    private static final double MIN_HEIGHT = 600;
    private final Stage stage;
    private final CockpitStartup startup;
    private final Background background = new Background();
    private final StatusBar statusBar = new StatusBar(background);
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Label connecting = new Label("Starting…");
    private final List<Screen> screens = new ArrayList<>();
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final DialogService dialogs;
    private CockpitSession session;
    /** Set once the operator picks another database: PAMPA_DB then no longer decides, until the next start. */
    private boolean environmentDbLeft;
    private Stage connectDialog;
    private DispatcherStatusLine dispatcherStatus;

    public MainWindow(Stage stage, CockpitStartup startup, DialogService dialogs) {
        this.stage = stage;
        this.startup = startup;
        this.dialogs = dialogs;
        tabs.setId("screens");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            screenOf(was).ifPresent(Screen::hidden);
            screenOf(now).ifPresent(Screen::shown);
        });
        root.setBottom(statusBar.view());
        Theme.read(startup.settingsFile()).apply();
        stage.setTitle("Pampa");
        stage.setScene(new Scene(root, WIDTH, HEIGHT));
        stage.setOnCloseRequest(e -> {
            if (session != null && !closed.get() && !closing) {
                e.consume();
                askThenClose();
            }
        });
    }

    /**
     * Closing while workers run on other nodes: they would go on unseen (and, with the embedded
     * database gone, retry it), so the operator says whether to stop them first, naming the nodes.
     */
    private void askThenClose() {
        CockpitSession s = session;
        closing = true;
        s.background().call("Looking for workers still running", () -> nodesWithWorkers(s.monitor().workers()), busy -> {
            if (busy.isEmpty()) {
                closeThenExit(List.of());
                return;
            }
            int answer = dialogs.choose("Close Pampa", "Workers still run on " + String.join(", ", busy) + ".",
                    "Stop them: each node's workers hand back their tasks and stop (up to " + ClusterToolbar.STOP_GRACE.toSeconds()
                            + " s), then the cockpit closes.\nLeave them running: they go on with their jobs"
                            + (s.database().ownsServer()
                                    ? "; but this cockpit's embedded database stops with it, so they wait for it, retrying, until Pampa is opened again."
                                    : ", and can be stopped later from the cockpit or with pampa workers stop --all."),
                    List.of("Stop them, then close", "Leave them running and close", "Cancel"));
            if (answer == 0) {
                closeThenExit(busy.stream().map(b -> b.substring(0, b.indexOf(' '))).toList());
            } else if (answer == 1) {
                closeThenExit(List.of());
            } else {
                closing = false;
            }
        }, failure -> {
            // the database is unreachable: nothing can be asked about, and nothing here can stop what it cannot see
            closeThenExit(List.of());
        });
    }

    /** "n01 (3 workers)" for each node other than this machine's whose workers are running or stopping. */
    static List<String> nodesWithWorkers(dev.pampa.report.WorkersView view) {
        List<String> busy = new java.util.ArrayList<>();
        for (dev.pampa.report.WorkersView.NodeWorkers n : view.nodes()) {
            long live = n.workers().stream().filter(w -> w.liveness() == dev.pampa.report.WorkerLiveness.RUNNING
                    || w.liveness() == dev.pampa.report.WorkerLiveness.STOPPING).count();
            if (live > 0 && !n.node().equals(dev.pampa.model.NodeSpec.LOCAL)) {
                busy.add(n.node() + " (" + live + " worker" + (live == 1 ? "" : "s") + ")");
            }
        }
        return busy;
    }

    /**
     * Closes after stopping the workers of {@code stopNodes}, and with the embedded server this window
     * started, its local workers: they get their grace period to finish their tasks, which must not
     * freeze the window, so the window says what it waits for.
     */
    private void closeThenExit(List<String> stopNodes) {
        root.setDisable(true);
        CockpitSession s = session;
        String local = s != null && s.database().ownsServer() ? "the local workers and the dispatcher, then the embedded database" : "";
        String remote = stopNodes.isEmpty() ? "" : "the workers on " + String.join(", ", stopNodes);
        statusBar.databaseProperty().set("closing: stopping " + (remote.isEmpty() ? local : local.isEmpty() ? remote : remote + ", " + local) + "…");
        screens.forEach(Screen::dispose);
        if (dispatcherStatus != null) {
            dispatcherStatus.stop();
        }
        Thread closer = new Thread(() -> {
            for (String name : stopNodes) {
                s.cluster().node(name).ifPresent(n -> {
                    try {
                        s.nodeOperations().stopWorkers(n, ClusterToolbar.STOP_GRACE);
                    } catch (dev.pampa.control.shell.NodeOperationException e) {
                        org.slf4j.LoggerFactory.getLogger(MainWindow.class).warn("could not stop the workers on {}: {}", name, e.problem());
                    }
                });
            }
            close();
            javafx.application.Platform.runLater(javafx.application.Platform::exit);
        }, "pampa-cockpit-close");
        closer.start();
    }

    /** Shows the window and connects to the database in the background. */
    public void show() {
        // Size hints for the window manager: some (openbox, seen under Xvfb) otherwise map the window at 200x200
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        Windows.fitMain(stage, WIDTH, HEIGHT);
        stage.show();
        // the window manager may have placed it on its own: whole on the screen, its title bar included
        Windows.fitMain(stage, WIDTH, HEIGHT);
        connect();
    }

    /** Connects to the database the settings file names: an external one's password is asked for first. */
    private void connect() {
        if (startup.environmentDb() != null && !environmentDbLeft) {
            connectToEnvironmentDb(startup.environmentDb());
            return;
        }
        DatabaseSetting setting;
        try {
            setting = DatabaseSetting.read(startup.settingsFile());
        } catch (RuntimeException e) {
            connectionFailed(e);
            return;
        }
        char[] password = new char[0];
        if (!setting.embedded()) {
            password = dialogs.askSecret("Database password", "The password for " + setting
                    + " (leave empty if it needs none; the cockpit keeps no password on disk):").orElse(new char[0]);
        }
        connect(setting, password);
    }

    /**
     * PAMPA_DB wins over the saved choice, as it does for every command, so a cockpit started from an
     * operator's shell works on the database its commands do; its password comes with the URL.
     */
    private void connectToEnvironmentDb(String url) {
        String shown;
        try {
            shown = ExternalDatabase.describe(url, null) + " (from PAMPA_DB)";
        } catch (IllegalArgumentException e) {
            connectionFailed(new IllegalArgumentException("PAMPA_DB cannot be read: " + e.getMessage()
                    + " — fix or unset PAMPA_DB, or choose another database with Database…", e));
            return;
        }
        showConnecting(background.run("Connecting to the database", progress -> {
            progress.message("Connecting to " + shown);
            return CockpitSession.open(ExternalDatabase.open(url, null, null), startup.ssh(), background, dialogs);
        }, this::connected, this::connectionFailed));
    }

    /**
     * The window is usable while the database opens (a first start spends seconds in initdb, migrating
     * and seeding): the tabs are there to move between, the toolbar's Database… works, and each tab
     * says the step in progress until its screen fills in.
     */
    private void showConnecting(javafx.concurrent.Task<CockpitSession> task) {
        connecting.setId("connecting");
        connecting.textProperty().unbind();
        connecting.textProperty().bind(task.messageProperty());
        if (tabs.getTabs().isEmpty()) {
            for (String title : Screens.TITLES) {
                Tab tab = new Tab(title, waitingPane(title.equals(Screens.TITLES.get(0)) ? connecting : mirrorOf(connecting)));
                tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT));
                tabs.getTabs().add(tab);
            }
        }
        root.setCenter(tabs);
        if (root.getTop() == null) {
            root.setTop(waitingToolbar());
        }
    }

    private static VBox waitingPane(Label step) {
        VBox pane = new VBox(16, new ProgressIndicator(), step);
        pane.setAlignment(Pos.CENTER);
        return pane;
    }

    private static Label mirrorOf(Label step) {
        Label mirror = new Label();
        mirror.textProperty().bind(step.textProperty());
        return mirror;
    }

    /** Start and Stop need the database; they are there, disabled, saying so. */
    private javafx.scene.control.ToolBar waitingToolbar() {
        javafx.scene.control.ToolBar bar = new javafx.scene.control.ToolBar();
        for (String name : List.of("Start", "Stop")) {
            Button b = new Button(name);
            b.setDisable(true);
            b.setTooltip(new javafx.scene.control.Tooltip("available once the database is open"));
            bar.getItems().add(b);
        }
        bar.getItems().add(databaseButton());
        return bar;
    }

    private void connect(DatabaseSetting setting, char[] password) {
        showConnecting(background.run("Connecting to the database", progress -> {
            OperatorDatabase db;
            if (setting.embedded()) {
                db = EmbeddedDefault.open(startup.embedded(), progress::message);
            } else {
                progress.message("Connecting to " + setting);
                try {
                    db = ExternalDatabase.open(setting.jdbcUrl(), setting.user(), password);
                } finally {
                    java.util.Arrays.fill(password, '\0');
                }
            }
            return CockpitSession.open(db, startup.ssh(), background, dialogs);
        }, this::connected, this::connectionFailed));
    }

    private void connected(CockpitSession s) {
        connecting.textProperty().unbind();
        javafx.scene.control.ToolBar toolbar = new ClusterToolbar(s).view();
        javafx.scene.layout.Region spring = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(spring, javafx.scene.layout.Priority.ALWAYS);
        toolbar.getItems().addAll(databaseButton(), spring, ThemeSwitch.of(startup.settingsFile(),
                () -> statusBar.databaseProperty().set("the theme could not be saved in " + startup.settingsFile())));
        root.setTop(toolbar);
        statusBar.databaseProperty().set("database: " + s.database().description());
        org.slf4j.LoggerFactory.getLogger(MainWindow.class).info("cockpit ready: {}", s.database().description());
        screens.addAll(Screens.all(s, statusBar));
        dispatcherStatus = new DispatcherStatusLine(s, statusBar, stage);
        dispatcherStatus.start();
        List<Tab> filled = new ArrayList<>();
        for (Screen screen : screens) {
            String id = "tab-" + screen.title().toLowerCase(java.util.Locale.ROOT);
            // the waiting tab of that title becomes the screen's, so a tab chosen while waiting stays chosen
            Tab tab = tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseGet(() -> {
                Tab added = new Tab(screen.title());
                added.setId(id);
                tabs.getTabs().add(added);
                return added;
            });
            tab.setContent(screen.view());
            tab.setUserData(screen);
            filled.add(tab);
        }
        tabs.getTabs().retainAll(filled);
        root.setCenter(tabs);
        screenOf(tabs.getSelectionModel().getSelectedItem()).ifPresent(Screen::shown);
        // last: whoever waits for the session (tests, reconnect) finds the window complete
        session = s;
    }

    private void connectionFailed(Throwable failure) {
        connecting.textProperty().unbind();
        ProblemText text = ProblemText.of(failure);
        statusBar.databaseProperty().set("database: not connected");
        Label cause = new Label(text.cause());
        cause.setId("connect-failure");
        cause.setWrapText(true);
        Label fix = new Label(text.fix().isBlank() ? "" : "What to do: " + text.fix());
        fix.setWrapText(true);
        Button retry = new Button("Try again");
        retry.setId("retry-connect");
        retry.setOnAction(e -> connect());
        Button embedded = new Button("Use the embedded database");
        embedded.setId("use-embedded");
        embedded.setOnAction(e -> {
            environmentDbLeft = true;
            DatabaseSetting.EMBEDDED.write(startup.settingsFile());
            connect(DatabaseSetting.EMBEDDED, new char[0]);
        });
        VBox pane = new VBox(12, new Label("The cockpit could not open its database."), cause, fix,
                new javafx.scene.layout.HBox(8, retry, databaseButton(), embedded));
        pane.setPadding(new Insets(40));
        pane.setMaxWidth(760);
        root.setCenter(pane);
    }

    private Button databaseButton() {
        Button database = Icons.on(new Button("Database…"), Icons.DATABASE);
        database.setId("open-connect");
        database.setOnAction(e -> openConnectDialog());
        return database;
    }

    /** The "Connect to database" window; a saved choice reconnects the cockpit to it. */
    public Stage openConnectDialog() {
        ConnectViewModel vm = new ConnectViewModel(background, startup.settingsFile(), (setting, password) -> {
            if (connectDialog != null) {
                connectDialog.close();
            }
            reconnect(setting, password);
        });
        connectDialog = ConnectDialog.open(stage, vm);
        return connectDialog;
    }

    /** Leaves the current database (its screens closed, as at exit) and connects to {@code setting}. */
    private void reconnect(DatabaseSetting setting, char[] password) {
        environmentDbLeft = true;
        if (dispatcherStatus != null) {
            dispatcherStatus.stop();
            dispatcherStatus = null;
        }
        screens.forEach(Screen::dispose);
        screens.clear();
        tabs.getTabs().clear();
        root.setTop(null);
        statusBar.databaseProperty().set("database: connecting…");
        CockpitSession leaving = session;
        session = null;
        // stopping the local workers of an embedded server we own can take their grace period: not on the FX thread
        background.call("Leaving the database", () -> {
            closeSession(leaving);
            return leaving;
        }, left -> connect(setting, password), failure -> connect(setting, password));
    }

    private java.util.Optional<Screen> screenOf(Tab tab) {
        return tab == null ? java.util.Optional.empty() : java.util.Optional.ofNullable((Screen) tab.getUserData());
    }

    public Background background() {
        return background;
    }

    public StatusBar statusBar() {
        return statusBar;
    }

    /** The screens in tab order, once connected. */
    public List<Screen> screens() {
        return List.copyOf(screens);
    }

    /** The connected session, or null while connecting or after a failure. */
    /** The desktop notifications shown since the cockpit connected (job finished, node unreachable, worker dead). */
    public javafx.collections.ObservableList<String> notices() {
        javafx.collections.ObservableList<String> titles = javafx.collections.FXCollections.observableArrayList();
        if (dispatcherStatus != null) {
            dispatcherStatus.notices().shown().forEach(n -> titles.add(n.title() + ": " + n.text()));
        }
        return titles;
    }

    public CockpitSession session() {
        return session;
    }

    /**
     * Stops the screens' refreshes and closes the session. When this window started the embedded
     * server, it stops with the window, so the local node's workers and dispatcher stop first, while
     * they can still write their results.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        disconnect();
        if (connectDialog != null && javafx.application.Platform.isFxApplicationThread()) {
            connectDialog.close();
        }
        background.close();
    }

    private void disconnect() {
        if (javafx.application.Platform.isFxApplicationThread()) {
            screens.forEach(Screen::dispose); // refresh services may only be touched on the FX thread; at JVM exit they just die
            if (dispatcherStatus != null) {
                dispatcherStatus.stop();
            }
        }
        screens.clear();
        closeSession(session);
        session = null;
    }

    private static void closeSession(CockpitSession session) {
        if (session != null) {
            if (session.database().ownsServer()) {
                session.cluster().node(dev.pampa.model.NodeSpec.LOCAL).ifPresent(local -> {
                    try {
                        session.nodeOperations().stopWorkers(local, ClusterToolbar.STOP_GRACE);
                        session.nodeOperations().stopDispatcher(local, ClusterToolbar.STOP_GRACE);
                    } catch (dev.pampa.control.shell.NodeOperationException e) {
                        org.slf4j.LoggerFactory.getLogger(MainWindow.class).warn("could not stop the local node's processes: {}", e.problem());
                    }
                });
            }
            session.close();
        }
    }
}
