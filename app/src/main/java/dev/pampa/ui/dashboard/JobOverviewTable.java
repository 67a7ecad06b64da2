package dev.pampa.ui.dashboard;

import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.JobProgress;
import dev.pampa.report.JobSummary;
import dev.pampa.ui.common.TextColumn;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** The dashboard's default view: one line per job with its counts, rate, ETA, dead count and recent progress; a click opens its charts. */
final class JobOverviewTable {
    private final VBox view;

    JobOverviewTable(DashboardViewModel model, Consumer<String> open) {
        TableView<JobSummary> table = new TableView<>(model.overview());
        table.setId("overview-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        Label empty = new Label();
        empty.textProperty().bind(model.overviewTextProperty());
        table.setPlaceholder(new Label("No jobs yet: add one on the Jobs screen."));
        TableColumn<JobSummary, String> name = TextColumn.of("Job", 180, JobSummary::job);
        name.setMinWidth(150); // a job's name is what the row is: kept whole before the counts
        table.getColumns().add(name);
        table.getColumns().add(TextColumn.of("State", 90, JobOverviewTable::state));
        table.getColumns().add(count("Pending", JobProgress::pending));
        table.getColumns().add(count("Queued", JobProgress::queued));
        table.getColumns().add(TextColumn.of("Running", 70, s -> s.counts() == null ? "–" : ProgressLine.count(s.runningNow())));
        table.getColumns().add(TextColumn.of("In a batch", 80, s -> s.counts() == null ? "–" : ProgressLine.count(s.waitingInBatch())));
        table.getColumns().add(count("Done", JobProgress::done));
        table.getColumns().add(count("Dead", JobProgress::dead));
        table.getColumns().add(TextColumn.of("Rate (tasks/s)", 100, s -> s.counts() == null ? "–" : DashboardViewModel.rateText(s.perSecond())));
        table.getColumns().add(TextColumn.of("ETA", 100, JobOverviewTable::eta));
        TableColumn<JobSummary, List<Long>> spark = new TableColumn<>("Finished / " + 20 + " s, last 10 min");
        spark.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().finishedPerSample()));
        spark.setCellFactory(c -> new dev.pampa.ui.common.SparklineCell<>());
        spark.setPrefWidth(130);
        table.getColumns().add(TextColumn.titleWhole(spark));
        table.setRowFactory(t -> {
            TableRow<JobSummary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (!row.isEmpty()) {
                    open.accept(row.getItem().job());
                }
            });
            return row;
        });
        // a click (or the arrow keys) selects a job: that opens it; a refresh replacing the same job's line is no choice
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && (was == null || !was.job().equals(now.job()))) {
                open.accept(now.job());
            }
        });
        // coming back, nothing is chosen: a click on the same job opens it again
        model.detailProperty().addListener((o, was, now) -> {
            if (!now) {
                table.getSelectionModel().clearSelection();
            }
        });
        // the keyboard's way in: Enter on the selected job
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open.accept(table.getSelectionModel().getSelectedItem().job());
            }
        });
        view = new VBox(6, empty, table);
        VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        view.setId("dashboard-overview");
    }

    Node view() {
        return view;
    }

    private static TableColumn<JobSummary, String> count(String title, Function<JobProgress, Long> value) {
        return TextColumn.of(title, 75, s -> s.counts() == null ? "–" : ProgressLine.count(value.apply(s.counts())));
    }

    static String state(JobSummary s) {
        if (s.problem() != null) {
            return s.problem();
        }
        if (s.counts() == null) {
            return "–";
        }
        if (s.counts().total() > 0 && s.counts().complete()) {
            return s.counts().dead() > 0 ? "finished, dead" : "finished";
        }
        if (s.paused()) {
            return "paused";
        }
        return s.runningNow() > 0 || s.perSecond() > 0 ? "running" : "waiting";
    }

    static String eta(JobSummary s) {
        if (s.counts() == null || s.counts().complete()) {
            return "–";
        }
        return s.eta().map(ProgressLine::duration).orElse("unknown");
    }
}
