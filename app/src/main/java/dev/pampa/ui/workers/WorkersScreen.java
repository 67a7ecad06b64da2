package dev.pampa.ui.workers;

import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.Screen;
import java.time.Duration;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Each node's agent with its workers under it (state, heartbeat, task, counts, and what the agent
 * measured: CPU, resident memory, disk and network), start and stop where they make sense, and the
 * dispatcher panel.
 */
public final class WorkersScreen implements Screen {
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final WorkersViewModel model;
    private final PeriodicRefresh<WorkersViewModel.Reading> refresh;
    private final VBox view;
    private final TitledPane logPane;
    private final ObjectProperty<WorkerItem> chosen;

    public WorkersScreen(CockpitSession session) {
        @SuppressWarnings("unchecked")
        PeriodicRefresh<WorkersViewModel.Reading>[] r = new PeriodicRefresh[1];
        model = new WorkersViewModel(session, () -> dev.pampa.ui.common.Background.onFx(() -> {
            if (r[0].isRunning()) {
                r[0].now();
            }
        }));
        refresh = new PeriodicRefresh<>("workers", PERIOD, model::read, model::show, model::failed);
        r[0] = refresh;

        ComboBox<String> node = new ComboBox<>(model.nodeChoices());
        node.setId("workers-node");
        node.valueProperty().bindBidirectional(model.nodeProperty());
        Button startNode = dev.pampa.ui.common.Icons.on(new Button("Start the node's workers"), dev.pampa.ui.common.Icons.START);
        startNode.setId("workers-start-node");
        Button stopNode = dev.pampa.ui.common.Icons.on(new Button("Stop the node's workers"), dev.pampa.ui.common.Icons.STOP);
        stopNode.setId("workers-stop-node");
        startNode.disableProperty().bind(model.nodeCanStartProperty().not());
        stopNode.disableProperty().bind(model.nodeCanStopProperty().not());
        startNode.setOnAction(e -> model.startNode(model.nodeProperty().get()));
        stopNode.setOnAction(e -> model.stopNode(model.nodeProperty().get()));

        TreeTableView<WorkerItem> table = new TreeTableView<>(new TreeItem<>());
        table.setId("workers-table");
        table.setShowRoot(false);
        table.setPlaceholder(dev.pampa.ui.common.EmptyState.of(dev.pampa.ui.common.Icons.WORKER, "No node yet",
                "Each node's agent and workers show here: add a node on the Nodes screen, then Start.", model.loadedProperty()));
        table.getColumns().add(column("Agent / worker", 150, WorkerItem::label));
        table.getColumns().add(column("State", 220, WorkerItem::state));
        table.getColumns().add(column("Heartbeat", 90, WorkerItem::heartbeat));
        table.getColumns().add(column("Current task", 180, WorkerItem::task));
        table.getColumns().add(column("Done", 150, WorkerItem::doneText));
        table.getColumns().add(column("Failed", 70, w -> w.agent() ? "" : dev.pampa.monitor.ProgressLine.count(w.failed())));
        table.getColumns().add(column("CPU", 60, WorkerItem::cpu));
        table.getColumns().add(trend("CPU, last 2 min", "workers-cpu-trend", model::cpuTrend));
        table.getColumns().add(column("RSS", 70, WorkerItem::rss));
        table.getColumns().add(trend("RSS, last 2 min", "workers-rss-trend", model::rssTrend));
        table.getColumns().add(column("Disk I/O", 150, WorkerItem::disk));
        // Linux counts traffic per interface, not per process: the figures are those of the process's network namespace
        table.getColumns().add(column("Network (namespace)", 200, WorkerItem::net));
        // more columns than a 1280-pixel window holds with their titles whole: the table scrolls sideways
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        VBox.setVgrow(table, Priority.ALWAYS);
        model.readingsProperty().addListener((o, was, now) -> table.refresh());
        // a refresh replaces the rows: keep the operator's selection on the same row
        String[] selected = new String[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now.getValue() != null) {
                selected[0] = key(now.getValue());
            }
        });
        ObjectProperty<WorkerItem> chosen = new SimpleObjectProperty<>();
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> chosen.set(now == null ? null : now.getValue()));
        fill(table, model.rows(), selected[0]);
        model.rows().addListener((ListChangeListener<WorkerItem>) c -> {
            fill(table, model.rows(), selected[0]);
            // the same row, rebuilt: the buttons follow its new state
            chosen.set(table.getSelectionModel().getSelectedItem() == null ? null : table.getSelectionModel().getSelectedItem().getValue());
        });
        Button start = dev.pampa.ui.common.Icons.on(new Button("Start worker"), dev.pampa.ui.common.Icons.START);
        start.setId("worker-start");
        Button stop = dev.pampa.ui.common.Icons.on(new Button("Stop worker"), dev.pampa.ui.common.Icons.STOP);
        stop.setId("worker-stop");
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> chosen.get() == null || !chosen.get().startable(), chosen));
        stop.disableProperty().bind(Bindings.createBooleanBinding(() -> chosen.get() == null || !chosen.get().stoppable(), chosen));
        start.setOnAction(e -> model.startWorker(chosen.get()));
        stop.setOnAction(e -> model.stopWorker(chosen.get()));

        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Node"), node, startNode, stopNode, spring, start, stop);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label result = new Label();
        result.setId("workers-result");
        result.textProperty().bind(model.lastResultProperty());
        Label problem = new Label();
        problem.setId("workers-problem");
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        // the selected row's log, tailed while the pane is open
        javafx.scene.control.TextArea logText = new javafx.scene.control.TextArea();
        logText.setId("workers-log-text");
        logText.setEditable(false);
        logText.setPrefRowCount(8);
        logText.setStyle("-fx-font-family: monospace;");
        logText.textProperty().bind(model.logTextProperty());
        logText.textProperty().addListener((o, was, now) -> logText.setScrollTop(Double.MAX_VALUE));
        logPane = new TitledPane("Log of the selected agent or worker (followed while open)", logText);
        logPane.setId("workers-log");
        logPane.setExpanded(false);
        logPane.expandedProperty().addListener((o, was, now) -> followLog(chosen.get()));
        chosen.addListener((o, was, now) -> {
            // a refresh rebuilds the same row: only another process changes what is followed
            if (was == null || now == null || !key(was).equals(key(now))) {
                followLog(now);
            }
        });
        this.chosen = chosen;
        view = new VBox(10, bar, problem, table, result, logPane, dispatcherPanel());
        view.setPadding(new Insets(12));
        view.setId("workers");
    }

    private static TreeTableColumn<WorkerItem, String> column(String title, double width, java.util.function.Function<WorkerItem, String> value) {
        TreeTableColumn<WorkerItem, String> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().getValue() == null ? "" : value.apply(f.getValue().getValue())));
        c.setPrefWidth(width);
        return dev.pampa.ui.common.TextColumn.titleWhole(c);
    }

    private static TreeTableColumn<WorkerItem, List<Double>> trend(String title, String id,
                                                                   java.util.function.Function<WorkerItem, List<Double>> values) {
        TreeTableColumn<WorkerItem, List<Double>> c = new TreeTableColumn<>(title);
        c.setId(id);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().getValue() == null ? List.of() : values.apply(f.getValue().getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TreeTableCell<>() {
            private final dev.pampa.ui.common.Sparkline line = new dev.pampa.ui.common.Sparkline();

            @Override
            protected void updateItem(List<Double> v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null || v.isEmpty()) {
                    setGraphic(null);
                } else {
                    line.setValues(v);
                    setGraphic(line);
                }
            }
        });
        c.setPrefWidth(100);
        return dev.pampa.ui.common.TextColumn.titleWhole(c);
    }

    private static String key(WorkerItem w) {
        return (w.agent() ? "agent:" : "worker:") + w.name();
    }

    /** The tree from the rows: each agent's row with its node's workers under it, expanded; the selection kept by name. */
    private static void fill(TreeTableView<WorkerItem> table, List<WorkerItem> rows, String selected) {
        TreeItem<WorkerItem> root = new TreeItem<>();
        TreeItem<WorkerItem> node = null;
        TreeItem<WorkerItem> select = null;
        for (WorkerItem w : rows) {
            TreeItem<WorkerItem> item = new TreeItem<>(w);
            if (w.agent()) {
                item.setExpanded(true);
                root.getChildren().add(item);
                node = item;
            } else if (node != null && node.getValue().node().equals(w.node())) {
                node.getChildren().add(item);
            } else {
                root.getChildren().add(item);
            }
            if (key(w).equals(selected)) {
                select = item;
            }
        }
        table.setRoot(root);
        if (select != null) {
            table.getSelectionModel().select(select);
        }
    }

    private TitledPane dispatcherPanel() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        grid.addRow(0, new Label("Leader"), value("dispatcher-leader", model.dispatcherLeaderProperty()));
        grid.addRow(1, new Label("Node"), value("dispatcher-on", model.dispatcherOnProperty()));
        grid.addRow(2, new Label("Last round"), value("dispatcher-round", model.dispatcherRoundProperty()));
        ComboBox<String> where = new ComboBox<>(model.dispatcherNodes());
        where.setId("dispatcher-node");
        where.valueProperty().bindBidirectional(model.dispatcherNodeProperty());
        Button start = dev.pampa.ui.common.Icons.on(new Button("Start dispatcher"), dev.pampa.ui.common.Icons.START);
        start.setId("dispatcher-start");
        Button stop = dev.pampa.ui.common.Icons.on(new Button("Stop dispatcher"), dev.pampa.ui.common.Icons.STOP);
        stop.setId("dispatcher-stop");
        start.disableProperty().bind(model.dispatcherCanStartProperty().not());
        stop.disableProperty().bind(model.dispatcherCanStopProperty().not());
        start.setOnAction(e -> model.startDispatcher());
        stop.setOnAction(e -> model.stopDispatcher());
        Label doing = new Label();
        doing.setId("dispatcher-doing");
        doing.textProperty().bind(model.dispatcherDoingProperty());
        HBox actions = new HBox(8, new Label("On node"), where, start, stop, doing);
        actions.setAlignment(Pos.CENTER_LEFT);
        TitledPane pane = new TitledPane("Dispatcher", new VBox(8, grid, actions));
        pane.setCollapsible(false);
        pane.setId("dispatcher-panel");
        return pane;
    }

    private static Label value(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }


    public WorkersViewModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Workers";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void shown() {
        refresh.start();
        followLog(chosen.get());
    }

    private void followLog(WorkerItem row) {
        if (logPane.isExpanded() && row != null) {
            model.followLog(row);
        } else {
            model.stopLog();
        }
    }

    @Override
    public void hidden() {
        refresh.stop();
        model.stopLog();
    }
}
