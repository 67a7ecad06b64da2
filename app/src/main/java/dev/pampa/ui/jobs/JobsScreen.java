package dev.pampa.ui.jobs;

import dev.pampa.ui.common.EmptyState;
import dev.pampa.ui.common.Icons;
import dev.pampa.jobs.JobOperations;
import dev.pampa.model.JobSpec;
import dev.pampa.report.JobOverview;
import dev.pampa.report.JobProgress;
import dev.pampa.ui.common.TextColumn;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.Screen;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The Jobs tab: the list of jobs with their live counts, and the editor in its place while a job is
 * being edited. The list is read only while the tab is shown.
 */
public final class JobsScreen implements Screen {
    private final JobsModel model;
    private final BorderPane root = new BorderPane();
    private final Node list;
    private final TableView<JobOverview> table = new TableView<>();
    private JobEditorView editor;
    private boolean visible;

    public JobsScreen(CockpitSession session) {
        this(session, new JobOperations(session.database().database(), JobOperations.defaultJobsDirectory()));
    }

    public JobsScreen(CockpitSession session, JobOperations actions) {
        this.model = new JobsModel(session, actions);
        this.list = buildList();
        root.setId("jobs-screen");
        root.setCenter(list);
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void shown() {
        visible = true;
        model.start();
    }

    @Override
    public void hidden() {
        visible = false;
        model.stop();
    }

    public JobsModel model() {
        return model;
    }

    /** The editor while one is open, else null. */
    public JobEditorView editor() {
        return editor;
    }

    private Node buildList() {
        Button create = Icons.on(button("job-new", "New job…"), Icons.ADD);
        create.setOnAction(e -> openEditor(null, false));
        Button edit = Icons.on(button("job-edit", "Edit…"), Icons.EDIT);
        edit.setOnAction(e -> editSelected());
        Button pause = Icons.on(button("job-pause", "Pause"), Icons.PAUSE);
        pause.setOnAction(e -> model.setPaused(model.selectedProperty().get().name(), true));
        Button resume = Icons.on(button("job-resume", "Resume"), Icons.RESUME);
        resume.setOnAction(e -> model.setPaused(model.selectedProperty().get().name(), false));
        Button importYaml = Icons.on(button("job-import", "Import YAML…"), Icons.IMPORT);
        importYaml.setOnAction(e -> model.importYaml(spec -> openEditor(spec, false)));
        Button exportYaml = Icons.on(button("job-export", "Export YAML…"), Icons.EXPORT);
        exportYaml.setOnAction(e -> model.exportYaml(model.selectedProperty().get().spec()));

        var none = model.selectedProperty().isNull();
        edit.disableProperty().bind(none);
        exportYaml.disableProperty().bind(none);
        pause.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || model.selectedProperty().get().paused(), model.selectedProperty()));
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || !model.selectedProperty().get().paused(), model.selectedProperty()));
        javafx.scene.control.TextField trialKey = new javafx.scene.control.TextField();
        trialKey.setId("job-try-key");
        trialKey.setPromptText("row key");
        trialKey.setPrefColumnCount(8);
        trialKey.textProperty().bindBidirectional(model.trial().keyProperty());
        Button trial = button("job-try", "Run on one row");
        trial.setTooltip(new javafx.scene.control.Tooltip("Runs the selected job's processor on the row of this key, in a process of its own,"
                + " and shows what it would write or how it failed; nothing is written unless you confirm."));
        trial.setOnAction(e -> model.trial().run(model.selectedProperty().get().name()));
        trialKey.setOnAction(e -> trial.fire());
        trial.disableProperty().bind(none.or(trialKey.textProperty().isEmpty()).or(model.trial().busyProperty()));
        ToolBar tools = new ToolBar(create, edit, new Separator(), pause, resume, new Separator(), trialKey, trial, new Separator(), importYaml, exportYaml);

        table.setId("jobs-table");
        table.setItems(model.jobs());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(EmptyState.of(Icons.JOB, "No job yet", "A job turns the rows of one of your tables into tasks: New job… defines one on a table of your database, Import YAML… reads one from a file.", model.loadedProperty()));
        TableColumn<JobOverview, String> name = TextColumn.of("Job", 170, JobOverview::name);
        name.setMinWidth(175); // a job's name is what the row is: kept whole before the counts
        table.getColumns().add(name);
        table.getColumns().add(TextColumn.of("Table", 130, j -> j.spec().table()));
        table.getColumns().add(TextColumn.of("State", 80, j -> j.paused() ? "paused" : "active"));
        table.getColumns().add(count("Pending", JobProgress::pending));
        table.getColumns().add(count("Queued", JobProgress::queued));
        table.getColumns().add(count("Running", JobProgress::running));
        table.getColumns().add(count("Done", JobProgress::done));
        table.getColumns().add(count("Dead", JobProgress::dead));
        table.getColumns().add(count("Cancelled", JobProgress::cancelled));
        table.getColumns().add(progressColumn());
        table.getColumns().add(TextColumn.of("Next firing", 150, j -> j.nextFiringText(java.time.ZoneId.systemDefault())));
        table.getColumns().add(TextColumn.of("Note", 260, j -> j.problem() != null ? j.problem()
                : !model.finishedText(j).isEmpty() ? model.finishedText(j) : j.paused() ? "no new task is queued" : ""));
        table.setRowFactory(t -> {
            TableRow<JobOverview> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    editSelected();
                }
            });
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null || !model.jobs().contains(was)) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });

        Label message = new Label();
        message.setId("jobs-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.createStringBinding(() -> model.refreshProblemProperty().get().isEmpty()
                ? model.messageProperty().get() : model.refreshProblemProperty().get(), model.messageProperty(), model.refreshProblemProperty()));
        Label refreshNote = new Label("Counts refresh every " + JobsModel.REFRESH.toSeconds() + " s while this tab is shown.");
        refreshNote.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        VBox bottom = new VBox(4, message, refreshNote);
        bottom.setPadding(new Insets(6, 8, 6, 8));
        BorderPane pane = new BorderPane(table);
        pane.setTop(tools);
        pane.setBottom(bottom);
        return pane;
    }

    private void editSelected() {
        JobOverview selected = model.selectedProperty().get();
        if (selected != null) {
            openEditor(selected.spec(), true);
        }
    }

    /** Puts the editor in the list's place; the list's refresh pauses meanwhile. */
    public void openEditor(JobSpec spec, boolean existing) {
        model.stop();
        JobEditorModel editorModel = new JobEditorModel(model.session(), model.actions(), spec, existing, this::closeEditor);
        editor = new JobEditorView(editorModel, this::closeEditor);
        root.setCenter(editor.view());
        editorModel.start();
    }

    private void closeEditor() {
        root.setCenter(list);
        editor = null;
        if (visible) {
            model.start();
            model.refreshNow();
        }
    }

    private static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }


    private static TableColumn<JobOverview, String> count(String title, Function<JobProgress, Long> value) {
        TableColumn<JobOverview, String> c = new TableColumn<>(title);
        c.setId("col-" + title.toLowerCase(Locale.ROOT));
        c.setPrefWidth(90);
        c.setMinWidth(84); // "100,000" whole
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().progress() == null ? "—"
                : String.format(Locale.US, "%,d", value.apply(d.getValue().progress()))));
        return TextColumn.titleWhole(c);
    }

    private static TableColumn<JobOverview, JobOverview> progressColumn() {
        TableColumn<JobOverview, JobOverview> c = new TableColumn<>("Progress");
        c.setPrefWidth(150);
        c.setMinWidth(110);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final dev.pampa.ui.common.OutcomeBar bar = new dev.pampa.ui.common.OutcomeBar();
            private final Label percent = new Label();
            private final javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(6, bar, percent);

            {
                bar.setMaxWidth(Double.MAX_VALUE);
                javafx.scene.layout.HBox.setHgrow(bar, javafx.scene.layout.Priority.ALWAYS);
                box.setAlignment(Pos.CENTER_LEFT);
                percent.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(JobOverview item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null || item.progress() == null || item.progress().total() == 0) {
                    setGraphic(null);
                    return;
                }
                double f = (double) item.progress().finished() / item.progress().total();
                bar.show(item.progress());
                percent.setText(String.format(Locale.US, "%.0f%%", f * 100));
                setGraphic(box);
            }
        });
        return c;
    }
}
