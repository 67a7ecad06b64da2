package dev.pampa.ui.workers;

import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.Screen;
import dev.pampa.ui.common.TextColumn;
import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Each node's workers with start and stop, and the dispatcher panel. */
public final class WorkersScreen implements Screen {
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final WorkersViewModel model;
    private final PeriodicRefresh<WorkersViewModel.Reading> refresh;
    private final VBox view;

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
        Button startNode = new Button("Start the node's workers");
        startNode.setId("workers-start-node");
        Button stopNode = new Button("Stop the node's workers");
        stopNode.setId("workers-stop-node");
        startNode.disableProperty().bind(model.nodeProperty().isEqualTo(WorkersViewModel.ALL_NODES).or(model.nodeProperty().isNull()));
        stopNode.disableProperty().bind(startNode.disableProperty());
        startNode.setOnAction(e -> model.startNode(model.nodeProperty().get()));
        stopNode.setOnAction(e -> model.stopNode(model.nodeProperty().get()));

        TableView<WorkerItem> table = new TableView<>(model.rows());
        table.setId("workers-table");
        table.setPlaceholder(new Label("No nodes yet: add one on the Nodes screen."));
        table.getColumns().add(TextColumn.of("Worker", 110, WorkerItem::name));
        table.getColumns().add(TextColumn.of("Node", 90, WorkerItem::node));
        table.getColumns().add(TextColumn.of("State", 230, WorkerItem::state));
        table.getColumns().add(TextColumn.of("Heartbeat", 100, WorkerItem::heartbeat));
        table.getColumns().add(TextColumn.of("Current task", 220, WorkerItem::task));
        table.getColumns().add(TextColumn.of("Done", 90, w -> dev.pampa.monitor.ProgressLine.count(w.done())));
        table.getColumns().add(TextColumn.of("Failed", 80, w -> dev.pampa.monitor.ProgressLine.count(w.failed())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        // a refresh replaces the rows: keep the operator's selection on the same worker
        String[] selected = new String[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                selected[0] = now.name();
            }
        });
        model.rows().addListener((ListChangeListener<WorkerItem>) c -> {
            if (selected[0] != null) {
                for (int i = 0; i < model.rows().size(); i++) {
                    if (model.rows().get(i).name().equals(selected[0])) {
                        table.getSelectionModel().select(i);
                        break;
                    }
                }
            }
        });
        Button start = new Button("Start worker");
        start.setId("worker-start");
        Button stop = new Button("Stop worker");
        stop.setId("worker-stop");
        var chosen = table.getSelectionModel().selectedItemProperty();
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> chosen.get() == null || chosen.get().busy(), chosen));
        stop.disableProperty().bind(start.disableProperty());
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
        problem.setStyle("-fx-text-fill: #b00020;");
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        view = new VBox(10, bar, problem, table, result, dispatcherPanel());
        view.setPadding(new Insets(12));
        view.setId("workers");
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
        Button start = new Button("Start dispatcher");
        start.setId("dispatcher-start");
        Button stop = new Button("Stop dispatcher");
        stop.setId("dispatcher-stop");
        start.disableProperty().bind(model.dispatcherDoingProperty().isNotEmpty().or(where.valueProperty().isNull()));
        stop.disableProperty().bind(start.disableProperty());
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
    }

    @Override
    public void hidden() {
        refresh.stop();
    }
}
