package dev.pampa.ui.dashboard;

import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.Screen;
import java.time.Duration;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Every job at a glance (counts, rate, ETA, dead, a sparkline of its progress); a click opens one job's
 * tiles with the counts, a progress bar with the ETA, the counts over time and the throughput.
 */
public final class DashboardScreen implements Screen {
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final DashboardViewModel model;
    private final PeriodicRefresh<DashboardViewModel.Reading> refresh;
    private final VBox view;

    public DashboardScreen(CockpitSession session) {
        model = new DashboardViewModel(session.monitor());
        refresh = new PeriodicRefresh<>("dashboard", PERIOD, model::read, model::show, model::failed);

        ComboBox<String> job = new ComboBox<>(model.jobs());
        job.setId("dashboard-job");
        job.valueProperty().bindBidirectional(model.jobProperty());
        job.valueProperty().addListener((o, was, now) -> {
            if (now != null && was != null && refresh.isRunning()) {
                refresh.now();
            }
        });
        ComboBox<Duration> window = new ComboBox<>();
        window.setId("dashboard-window");
        window.getItems().setAll(DashboardViewModel.WINDOWS);
        window.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration d) {
                return d == null ? "" : "last " + DashboardViewModel.windowLabel(d);
            }

            @Override
            public Duration fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        window.valueProperty().bindBidirectional(model.windowProperty());
        window.valueProperty().addListener((o, was, now) -> {
            if (refresh.isRunning()) {
                refresh.now();
            }
        });
        Label source = new Label();
        source.setId("dashboard-counts-source");
        source.textProperty().bind(model.countsSourceProperty());
        source.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Button back = new Button("← All jobs");
        back.setId("dashboard-back");
        back.setOnAction(e -> {
            model.closeDetail();
            refresh.now();
        });
        HBox choosers = new HBox(8, back, new Label("Job"), job, new Label("Chart"), window, spring, source);
        choosers.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("dashboard-problem");
        problem.textProperty().bind(model.problemProperty());
        problem.setWrapText(true);
        problem.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        HBox tiles = new HBox(10);
        for (int i = 0; i < DashboardViewModel.TILES.size(); i++) {
            tiles.getChildren().add(tile(DashboardViewModel.TILES.get(i), DashboardViewModel.TILE_IDS.get(i), model.tile(i)));
        }
        tiles.getChildren().add(tile("Failed tries", "failed", model.failedTriesProperty()));

        dev.pampa.ui.common.OutcomeBar bar = new dev.pampa.ui.common.OutcomeBar();
        bar.setId("dashboard-progress");
        model.countsProperty().addListener((o, was, now) -> bar.show(now));
        bar.setMaxWidth(Double.MAX_VALUE);
        // the charts take what is left: the bar and the rows above them keep their height
        bar.setMinHeight(18);
        bar.setPrefHeight(18);
        tiles.setMinHeight(Region.USE_PREF_SIZE);
        choosers.setMinHeight(Region.USE_PREF_SIZE);
        Label progressText = new Label();
        progressText.setId("dashboard-progress-text");
        progressText.textProperty().bind(model.progressTextProperty());
        progressText.setMinHeight(Region.USE_PREF_SIZE);
        // dead tasks are an outcome to see at once, not a success: the finished line turns red
        progressText.styleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> DashboardViewModel.finishedWithDead(model.countsProperty().get())
                        ? "-fx-text-fill: " + dev.pampa.ui.common.OutcomeBar.DEAD_COLOUR + "; -fx-font-weight: bold;" : "",
                model.countsProperty()));

        StackedAreaChart<Number, Number> states = new StackedAreaChart<>(timeAxis(), countAxis("tasks"), model.stateSeries());
        states.setId("dashboard-states");
        states.setTitle("Tasks by state");
        setUp(states);
        states.setCreateSymbols(false);
        for (int i = 0; i < model.stateSeries().size(); i++) {
            var drawn = model.stateDrawnProperty(i);
            XYChart.Series<Number, Number> series = model.stateSeries().get(i);
            // the chart makes the series' node when it adds the series: bind whichever node it has
            series.nodeProperty().addListener((o, was, now) -> {
                if (now != null) {
                    now.visibleProperty().bind(drawn);
                }
            });
            if (series.getNode() != null) {
                series.getNode().visibleProperty().bind(drawn);
            }
        }
        LineChart<Number, Number> rates = new LineChart<>(timeAxis(), countAxis("tasks/s"), model.rateSeries());
        rates.setId("dashboard-throughput");
        rates.setTitle("Throughput");
        setUp(rates);
        rates.setCreateSymbols(false);
        rates.setPrefHeight(220);
        Label empty = new Label();
        empty.setId("dashboard-empty");
        empty.textProperty().bind(model.emptyChartProperty());
        empty.visibleProperty().bind(empty.textProperty().isNotEmpty());
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        empty.getStyleClass().addAll(atlantafx.base.theme.Styles.BG_DEFAULT, atlantafx.base.theme.Styles.BORDER_DEFAULT);
        empty.setStyle("-fx-padding: 10;");
        StackPane stateArea = new StackPane(states, empty);
        // the reporting function's figures beside the task states, only for a job that has them
        LineChart<Number, Number> figures = new LineChart<>(timeAxis(), countAxis("value"), model.figureSeries());
        figures.setId("dashboard-figures");
        figures.setTitle("Job figures (reporting_function)");
        setUp(figures);
        figures.setCreateSymbols(false);
        figures.visibleProperty().bind(model.hasFiguresProperty());
        figures.managedProperty().bind(model.hasFiguresProperty());
        HBox stateBox = new HBox(10, stateArea, figures);
        HBox.setHgrow(stateArea, Priority.ALWAYS);
        HBox.setHgrow(figures, Priority.ALWAYS);
        VBox.setVgrow(stateBox, Priority.ALWAYS);

        VBox detail = new VBox(10, choosers, tiles, bar, progressText, stateBox, rates);
        VBox.setVgrow(detail, Priority.ALWAYS);
        detail.visibleProperty().bind(model.detailProperty());
        detail.managedProperty().bind(model.detailProperty());
        Node overview = new JobOverviewTable(model, name -> {
            model.openDetail(name);
            refresh.now();
        }).view();
        VBox.setVgrow(overview, Priority.ALWAYS);
        overview.visibleProperty().bind(model.detailProperty().not());
        overview.managedProperty().bind(model.detailProperty().not());
        view = new VBox(10, problem, overview, detail);
        view.setPadding(new Insets(12));
        view.setId("dashboard");
        view.getStylesheets().add(DashboardScreen.class.getResource("dashboard.css").toExternalForm());
    }

    private static VBox tile(String title, String id, javafx.beans.value.ObservableValue<String> value) {
        Label name = new Label(title);
        name.getStyleClass().add("tile-title");
        Label number = new Label();
        number.setId("tile-" + id);
        number.getStyleClass().add("tile-value");
        number.textProperty().bind(value);
        VBox tile = new VBox(2, name, number);
        tile.getStyleClass().addAll("tile", "tile-" + id);
        tile.setPrefWidth(150);
        HBox.setHgrow(tile, Priority.ALWAYS);
        tile.setMaxWidth(Double.MAX_VALUE);
        return tile;
    }

    private NumberAxis timeAxis() {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.lowerBoundProperty().bind(model.timeFromProperty());
        x.upperBoundProperty().bind(model.timeToProperty());
        x.tickUnitProperty().bind(model.timeTickProperty());
        x.setMinorTickVisible(false);
        x.setAnimated(false);
        x.tickLabelFormatterProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> DashboardViewModel.timeOfDay(model.windowProperty().get() != null
                        && model.windowProperty().get().compareTo(Duration.ofMinutes(5)) <= 0), model.windowProperty()));
        return x;
    }

    private static NumberAxis countAxis(String label) {
        NumberAxis y = new NumberAxis();
        y.setLabel(label);
        y.setAnimated(false);
        y.setForceZeroInRange(true);
        y.setMinorTickVisible(false);
        return y;
    }

    private static void setUp(javafx.scene.chart.XYChart<Number, Number> chart) {
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setMinHeight(160);
    }

    /** For tests and the benchmark. */
    public DashboardViewModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Dashboard";
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
