package dev.pampa.ui.errors;

import dev.pampa.ui.common.EmptyState;
import dev.pampa.ui.common.Icons;
import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.ErrorGroup;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.Screen;
import dev.pampa.ui.common.TextColumn;
import java.time.Duration;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A job's failed and dead tasks grouped by error fingerprint, any task looked up by key, and retry or run again. */
public final class ErrorsScreen implements Screen {
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final ErrorsViewModel model;
    private final PeriodicRefresh<ErrorsViewModel.Reading> refresh;
    private final VBox view;

    public ErrorsScreen(CockpitSession session) {
        @SuppressWarnings("unchecked")
        PeriodicRefresh<ErrorsViewModel.Reading>[] r = new PeriodicRefresh[1];
        model = new ErrorsViewModel(session, () -> Background.onFx(() -> {
            if (r[0].isRunning()) {
                r[0].now();
            }
        }));
        refresh = new PeriodicRefresh<>("errors", PERIOD, model::read, model::show, model::failed);
        r[0] = refresh;

        ComboBox<String> job = new ComboBox<>(model.jobs());
        job.setId("errors-job");
        job.valueProperty().bindBidirectional(model.jobProperty());
        job.valueProperty().addListener((o, was, now) -> {
            if (was != null && now != null && refresh.isRunning()) {
                refresh.now();
            }
        });
        Label summary = new Label();
        summary.setId("errors-summary");
        summary.textProperty().bind(model.summaryProperty());
        Button retryAll = new Button("Retry all dead tasks");
        retryAll.setId("errors-retry-all");
        Icons.on(retryAll, Icons.RETRY);
        retryAll.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.totalDead() == 0, model.groups(), model.summaryProperty()));
        retryAll.setOnAction(e -> model.retryAllDead());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        javafx.scene.control.ChoiceBox<dev.pampa.report.ErrorOrder> order = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(dev.pampa.report.ErrorOrder.values()));
        order.setId("errors-order");
        order.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(dev.pampa.report.ErrorOrder o) {
                return o == null ? "" : o == dev.pampa.report.ErrorOrder.LATEST ? "Latest first" : "Most tasks first";
            }

            @Override
            public dev.pampa.report.ErrorOrder fromString(String s) {
                return null;
            }
        });
        order.valueProperty().bindBidirectional(model.orderProperty());
        order.valueProperty().addListener((o, was, now) -> {
            if (refresh.isRunning()) {
                refresh.now();
            }
        });
        HBox top = new HBox(8, new Label("Job"), job, order, summary, spring, retryAll);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<ErrorGroup> table = new TableView<>(model.groups());
        table.setId("errors-table");
        table.setPlaceholder(EmptyState.of(Icons.PASSED, "No failed or dead tasks", "Tasks whose processor threw, or ran too long, are grouped here by their error, once the job's workers have tried them.", model.loadedProperty()));
        TableColumn<ErrorGroup, String> message = TextColumn.of("Error (numbers, ids and quoted values folded)", 420, ErrorGroup::message);
        table.getColumns().add(message);
        table.getColumns().add(TextColumn.of("Where", 200, g -> g.frame() == null ? "" : g.frame()));
        table.getColumns().add(TextColumn.of("Tasks", 70, g -> ProgressLine.count(g.count())));
        table.getColumns().add(TextColumn.of("Dead", 70, g -> ProgressLine.count(g.dead())));
        table.getColumns().add(TextColumn.of("First seen", 140, g -> ErrorsViewModel.when(g.firstSeen())));
        table.getColumns().add(TextColumn.of("Last seen", 140, g -> ErrorsViewModel.when(g.lastSeen())));
        table.getColumns().add(TextColumn.of("Latest keys", 160, g -> String.join(", ", g.sampleKeys())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.groupProperty().set(now);
            }
        });
        model.groupProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        Button retryGroup = new Button("Retry the group's dead tasks");
        retryGroup.setId("errors-retry-group");
        Icons.on(retryGroup, Icons.RETRY);
        retryGroup.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.groupProperty().get() == null || model.groupProperty().get().dead() == 0, model.groupProperty()));
        retryGroup.setOnAction(e -> model.retryGroup());
        Button more = new Button("Show " + ErrorsViewModel.PAGE + " more groups");
        more.setId("errors-more");
        more.visibleProperty().bind(model.moreProperty());
        more.managedProperty().bind(more.visibleProperty());
        more.setOnAction(e -> model.showMore());
        HBox groupActions = new HBox(8, retryGroup, more);
        VBox groupsBox = new VBox(6, table, groupActions);
        VBox.setVgrow(table, Priority.ALWAYS);

        ListView<String> keys = new ListView<>();
        keys.setId("errors-keys");
        keys.setPrefWidth(160);
        keys.setPlaceholder(new Label("Choose a group above"));
        model.groupProperty().addListener((o, was, now) -> {
            var list = now == null ? java.util.List.<String>of() : now.sampleKeys();
            if (!keys.getItems().equals(list)) {
                keys.getItems().setAll(list);
            }
        });
        keys.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(model.taskKeyProperty().get())) {
                model.taskKeyProperty().set(now);
                model.loadTrace();
            }
        });
        TextField key = new TextField();
        key.setId("errors-key");
        key.setPromptText("task key");
        key.textProperty().bindBidirectional(model.taskKeyProperty());
        key.setOnAction(e -> model.loadTrace());
        Button show = new Button("Find");
        show.setId("errors-show");
        show.disableProperty().bind(key.textProperty().isEmpty());
        show.setOnAction(e -> model.loadTrace());
        Button retryTask = Icons.on(new Button("Retry task"), Icons.RETRY);
        retryTask.setId("errors-retry-task");
        retryTask.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.foundProperty().get() == null || !ErrorsViewModel.canRetry(model.foundProperty().get()), model.foundProperty()));
        retryTask.setOnAction(e -> model.retryTask());
        Button runAgain = new Button("Run again");
        runAgain.setId("errors-run-again");
        runAgain.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.foundProperty().get() == null || model.foundProperty().get().state() != dev.pampa.report.TaskDetail.State.DONE,
                model.foundProperty()));
        runAgain.setOnAction(e -> model.runAgain());
        Button cancelTask = new Button("Cancel task");
        cancelTask.setId("errors-cancel-task");
        cancelTask.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.foundProperty().get() == null || !ErrorsViewModel.canCancel(model.foundProperty().get()), model.foundProperty()));
        cancelTask.setOnAction(e -> model.cancelTask());
        TextArea trace = new TextArea();
        trace.setId("errors-trace");
        trace.setEditable(false);
        trace.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        trace.textProperty().bind(model.traceProperty());
        HBox.setHgrow(trace, Priority.ALWAYS);
        HBox taskBar = new HBox(8, new Label("Task (any state)"), key, show, retryTask, runAgain, cancelTask);
        taskBar.setAlignment(Pos.CENTER_LEFT);
        HBox searchBar = searchBar(keys);
        VBox keysBox = new VBox(4, new Label("Latest keys"), keys);
        VBox.setVgrow(keys, Priority.ALWAYS);
        HBox traceRow = new HBox(8, keysBox, trace);
        VBox.setVgrow(traceRow, Priority.ALWAYS);
        VBox taskBox = new VBox(6, taskBar, searchBar, traceRow);

        SplitPane split = new SplitPane(groupsBox, taskBox);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);

        Label result = new Label();
        result.setId("errors-result");
        result.textProperty().bind(model.lastResultProperty());
        Label problem = new Label();
        problem.setId("errors-problem");
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        view = new VBox(10, top, problem, split, result);
        view.setPadding(new Insets(12));
        view.setId("errors");
    }


    /** Search by state, worker and error text; the keys found fill the keys list, where picking one looks it up. */
    private HBox searchBar(ListView<String> keys) {
        javafx.scene.control.ComboBox<dev.pampa.report.TaskDetail.State> state = new javafx.scene.control.ComboBox<>();
        state.setId("errors-search-state");
        state.getItems().add(null);
        state.getItems().addAll(dev.pampa.report.TaskDetail.State.values());
        state.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(dev.pampa.report.TaskDetail.State s) {
                return s == null ? "any state" : s.text();
            }

            @Override
            public dev.pampa.report.TaskDetail.State fromString(String text) {
                return java.util.Arrays.stream(dev.pampa.report.TaskDetail.State.values()).filter(s -> s.text().equals(text)).findFirst().orElse(null);
            }
        });
        state.valueProperty().bindBidirectional(model.searchStateProperty());
        TextField worker = new TextField();
        worker.setId("errors-search-worker");
        worker.setPromptText("worker (node.n)");
        worker.textProperty().bindBidirectional(model.searchWorkerProperty());
        TextField error = new TextField();
        error.setId("errors-search-error");
        error.setPromptText("error contains");
        error.textProperty().bindBidirectional(model.searchErrorProperty());
        HBox.setHgrow(error, Priority.ALWAYS);
        Button search = new Button("Search");
        search.setId("errors-search");
        search.disableProperty().bind(model.jobProperty().isNull());
        search.setOnAction(e -> model.search());
        worker.setOnAction(e -> search.fire());
        error.setOnAction(e -> search.fire());
        Label found = new Label();
        found.setId("errors-search-result");
        found.textProperty().bind(model.searchSummaryProperty());
        model.searchResults().addListener((javafx.collections.ListChangeListener<String>) c -> keys.getItems().setAll(model.searchResults()));
        HBox bar = new HBox(8, new Label("Search"), state, worker, error, search, found);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    public ErrorsViewModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Errors";
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
