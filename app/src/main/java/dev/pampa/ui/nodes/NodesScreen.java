package dev.pampa.ui.nodes;

import dev.pampa.ui.common.EmptyState;
import dev.pampa.ui.common.Icons;
import dev.pampa.report.NodeRow;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.Screen;
import dev.pampa.ui.common.TextColumn;
import dev.pampa.ui.common.NodeForm;
import dev.pampa.ui.onboarding.OnboardingViewModel;
import dev.pampa.ui.onboarding.OnboardingWizard;
import dev.pampa.ui.common.Sizes;
import java.time.format.DateTimeFormatter;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The Nodes tab: the table of nodes, their actions, the selected node's parameters and logs. */
public final class NodesScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CockpitSession session;
    private final NodesViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<NodeRow> table = new TableView<>();
    private Stage wizard;

    public NodesScreen(CockpitSession session) {
        this.session = session;
        this.vm = new NodesViewModel(session);
        root.setId("nodes-screen");
        root.setTop(toolbar());
        SplitPane split = new SplitPane(table(), details());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        root.setBottom(statusLine());
    }

    @Override
    public String title() {
        return "Nodes";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void shown() {
        vm.shown();
    }

    @Override
    public void hidden() {
        vm.hidden();
    }

    @Override
    public void dispose() {
        vm.dispose();
        if (wizard != null) {
            wizard.close();
        }
    }

    public NodesViewModel viewModel() {
        return vm;
    }

    /** Opens the onboarding wizard; returns its view model (tests drive it through the window). */
    public OnboardingViewModel openWizard() {
        OnboardingViewModel wizardVm = new OnboardingViewModel(session.nodeOperations(),
                session.cluster(), session.background(), session.dialogs(), vm::reload);
        wizard = OnboardingWizard.open(root.getScene() == null ? null : root.getScene().getWindow(), wizardVm, session.dialogs());
        return wizardVm;
    }

    private ToolBar toolbar() {
        Button add = Icons.on(button("nodes-add", "Add node…", () -> openWizard()), Icons.ADD);
        Button probe = Icons.on(button("nodes-probe", "Probe", vm::probe), Icons.PROBE);
        Button deploy = Icons.on(button("nodes-deploy", "Deploy", vm::deploy), Icons.DEPLOY);
        Button remove = Icons.on(button("nodes-remove", "Remove…", vm::remove), Icons.REMOVE);
        Button refresh = Icons.on(button("nodes-refresh", "Refresh", vm::reload), Icons.REFRESH);
        var none = vm.selectedProperty().isNull().or(vm.busyProperty());
        probe.disableProperty().bind(none);
        deploy.disableProperty().bind(none);
        remove.disableProperty().bind(none);
        return new ToolBar(add, probe, deploy, remove, refresh);
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private TableView<NodeRow> table() {
        table.setId("nodes-table");
        table.setItems(vm.rows());
        // more columns than a 1280-pixel window holds with their titles whole: the table scrolls sideways
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(EmptyState.of(Icons.NODE, "No node yet", "Nodes are the machines that run workers: Add node… brings one in over SSH, this machine's 'local' node comes with the embedded database.", vm.loadedProperty()));
        table.getColumns().add(TextColumn.of("Name", 80, r -> r.spec().name()));
        table.getColumns().add(TextColumn.of("Host", 190, r -> r.spec().isLocal() ? "this machine"
                : r.spec().user() + "@" + r.spec().host() + (r.spec().port() == 22 ? "" : ":" + r.spec().port())));
        table.getColumns().add(TextColumn.of("State", 90, NodeRow::state));
        table.getColumns().add(TextColumn.of("Workers", 80, r -> r.workersRunning() + " / " + r.spec().maxWorkers()));
        table.getColumns().add(TextColumn.of("Java", 80, r -> orDash(r.javaVersion())));
        table.getColumns().add(TextColumn.of("Runtime", 110, r -> orDash(r.runtimeVersion())));
        table.getColumns().add(TextColumn.of("CPUs", 50, r -> r.cpuCount() == null ? "–" : r.cpuCount().toString()));
        table.getColumns().add(TextColumn.of("Memory", 80, r -> r.memoryKb() == null ? "–" : Sizes.kb(r.memoryKb())));
        table.getColumns().add(TextColumn.of("Last heartbeat", 150, r -> heartbeat(r.lastHeartbeatAgeSeconds())));
        // what its agent and workers use together, as the agent measured them
        table.getColumns().add(TextColumn.of("CPU", 60, r -> r.usage().cpuPercent() == null ? "–" : r.usage().cpuText()));
        TableColumn<NodeRow, java.util.List<Double>> trend = new TableColumn<>("CPU, last 2 min");
        trend.setId("nodes-cpu-trend");
        trend.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyObjectWrapper<>(vm.cpuTrend(f.getValue().spec().name())));
        trend.setCellFactory(c -> new dev.pampa.ui.common.SparklineCell<>());
        trend.setPrefWidth(110);
        table.getColumns().add(TextColumn.titleWhole(trend));
        table.getColumns().add(TextColumn.of("RSS", 70, r -> r.usage().rssKb() == null ? "–" : r.usage().rssText()));
        table.getColumns().add(TextColumn.of("Disk I/O", 140, r -> r.usage().diskText()));
        table.getColumns().add(TextColumn.of("Network", 150, r -> r.usage().netText()));
        table.getColumns().add(TextColumn.of("Last probe", 180, r -> !r.probed() ? "never" : r.problems().isEmpty()
                ? "ready, " + r.probedAt().toLocalDateTime().format(TIME) : r.problems().get(0)));
        // Each refresh replaces the rows, which clears the table's selection: the view model keeps the
        // selected node by name and puts the selection back, so the editor and log survive a refresh.
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (table.getSelectionModel().getSelectedItem() != now) {
                if (now == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(now);
                }
            }
        });
        return table;
    }


    private static String orDash(String s) {
        return s == null ? "–" : s;
    }

    private static String heartbeat(Double ageSeconds) {
        if (ageSeconds == null) {
            return "–";
        }
        long seconds = Math.max(0, Math.round(ageSeconds));
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " days ago";
    }

    private TabPane details() {
        Tab parameters = new Tab("Parameters", parametersPane());
        Tab log = new Tab("Log", logPane());
        TabPane tabs = new TabPane(parameters, log);
        tabs.setId("nodes-details");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private Node parametersPane() {
        BorderPane pane = new BorderPane();
        pane.setPadding(new Insets(10));
        Label none = new Label("Select a node to see and edit its parameters.");
        pane.setCenter(none);
        vm.editorProperty().addListener((o, was, form) -> pane.setCenter(form == null ? none : editor(form)));
        return pane;
    }

    private Node editor(NodeForm form) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        grid.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints(160, 220, 300),
                new ColumnConstraints(110), new ColumnConstraints(160, 220, 300));
        int[] left = {0};
        int[] right = {0};
        TextField name = text("edit-name", form.name);
        name.setDisable(true);
        add(grid, 0, left, "Name", name, "name", form);
        add(grid, 0, left, "Host", text("edit-host", form.host), "host", form);
        add(grid, 0, left, "SSH port", text("edit-port", form.port), "port", form);
        add(grid, 0, left, "User", text("edit-user", form.user), "user", form);
        ChoiceBox<NodeForm.Auth> auth = new ChoiceBox<>();
        auth.setId("edit-auth");
        auth.getItems().setAll(NodeForm.Auth.values());
        auth.valueProperty().bindBidirectional(form.auth);
        add(grid, 0, left, "Log in with", auth, "auth", form);
        TextField key = text("edit-keyfile", form.keyFile);
        key.disableProperty().bind(form.auth.isNotEqualTo(NodeForm.Auth.KEY_FILE));
        add(grid, 0, left, "Key file", key, null, form);
        add(grid, 2, right, "Max workers", text("edit-max-workers", form.maxWorkers), "max_workers", form);
        add(grid, 2, right, "Java command", text("edit-java", form.javaCommand), "java_command", form);
        add(grid, 2, right, "Base directory", text("edit-basedir", form.baseDir), "base_dir", form);
        add(grid, 2, right, "Max RAM (MB)", text("edit-max-ram", form.maxRamMb), "max_ram", form);
        add(grid, 2, right, "Max CPU (%)", text("edit-max-cpu", form.maxCpuPercent), "max_cpu", form);
        add(grid, 2, right, "Max disk I/O (/s)", text("edit-max-disk-io", form.maxDiskIo), "max_disk_io", form);
        add(grid, 2, right, "Max network I/O (/s)", text("edit-max-net-io", form.maxNetIo), "max_net_io", form);
        if (NodeFormIsLocal.test(form)) {
            for (String id : new String[]{"#edit-host", "#edit-port", "#edit-user", "#edit-auth", "#edit-keyfile"}) {
                Node n = grid.lookup(id);
                if (n != null) {
                    n.disableProperty().unbind();
                    n.setDisable(true);
                }
            }
        }
        Button save = button("edit-save", "Save", vm::saveEdits);
        save.disableProperty().bind(form.validProperty().not().or(vm.busyProperty()));
        return new VBox(10, grid, save);
    }

    /** The local node is this machine: no host, user or login to edit. */
    private static final class NodeFormIsLocal {
        static boolean test(NodeForm form) {
            return dev.pampa.model.NodeSpec.LOCAL.equals(form.name.get());
        }
    }

    private static TextField text(String id, javafx.beans.property.StringProperty value) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(value);
        return t;
    }

    private static void add(GridPane grid, int column, int[] row, String label, Node input, String parameter, NodeForm form) {
        grid.add(new Label(label), column, row[0]);
        grid.add(input, column + 1, row[0]);
        row[0]++;
        if (parameter != null) {
            Label problem = new Label();
            problem.setId("edit-problem-" + parameter);
            problem.setWrapText(true);
            problem.setMaxWidth(300);
            problem.getStyleClass().addAll(atlantafx.base.theme.Styles.DANGER, atlantafx.base.theme.Styles.TEXT_SMALL);
            problem.textProperty().bind(Bindings.stringValueAt(form.problems(), parameter));
            problem.managedProperty().bind(problem.textProperty().isNotEmpty());
            problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
            grid.add(problem, column + 1, row[0]);
            row[0]++;
        }
    }

    private Node logPane() {
        ChoiceBox<String> process = new ChoiceBox<>(vm.logProcesses());
        process.setId("log-process");
        process.valueProperty().bindBidirectional(vm.logProcess);
        Spinner<Integer> lines = new Spinner<>(10, 10_000, 200, 100);
        lines.setId("log-lines");
        lines.setEditable(true);
        lines.setPrefWidth(100);
        lines.valueProperty().addListener((o, was, now) -> vm.logLines.set(now == null ? 200 : now));
        Button read = button("log-refresh", "Show / refresh", vm::readLog);
        read.disableProperty().bind(vm.selectedProperty().isNull());
        CheckBox follow = new CheckBox("Follow");
        follow.setId("log-follow");
        follow.selectedProperty().bindBidirectional(vm.logFollow);
        follow.disableProperty().bind(vm.selectedProperty().isNull());
        HBox bar = new HBox(8, new Label("Process"), process, new Label("last lines"), lines, read, follow);
        bar.setAlignment(Pos.CENTER_LEFT);
        TextArea text = new TextArea();
        text.setId("log-text");
        text.setEditable(false);
        text.setStyle("-fx-font-family: monospace;");
        text.textProperty().bind(vm.logTextProperty());
        // following, the newest lines stay in view
        text.textProperty().addListener((o, was, now) -> {
            if (vm.logFollow.get()) {
                text.setScrollTop(Double.MAX_VALUE);
            }
        });
        VBox box = new VBox(8, bar, text);
        VBox.setVgrow(text, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private Node statusLine() {
        ProgressBar progress = new ProgressBar();
        progress.setId("nodes-progress");
        progress.setPrefWidth(120);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("nodes-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsProblemProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_DANGER, now));
        Region spring = new Region();
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox box = new HBox(10, progress, status, spring);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(4, 8, 4, 8));
        return box;
    }
}
