package dev.pampa.ui.jobs;

import atlantafx.base.theme.Styles;
import dev.pampa.ui.common.Icons;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The job editor's layout: a row per parameter with its problem right under the field, the table's
 * column types beside the field map, the offer to prepare the table, and Save. Only binds to
 * {@link JobEditorModel}.
 */
public final class JobEditorView {
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("name", "letters, digits, _ - ."),
            Map.entry("table", "table or schema.table"),
            Map.entry("field_primary_key", "the task's key: unique"),
            Map.entry("field_id", "text: the worker it is reserved for"),
            Map.entry("field_time", "timestamp: when reserved"),
            Map.entry("field_times", "integer: tries started"),
            Map.entry("field_start_time", "timestamp: try started"),
            Map.entry("field_end_time", "timestamp: done or dead"),
            Map.entry("field_success", "boolean: true done"),
            Map.entry("field_error_description", "text: the last error"),
            Map.entry("queue_size", "tasks reserved per worker (default 5)"),
            Map.entry("max_job_duration_minutes", "a longer try is taken back (default 15)"),
            Map.entry("max_try_times", "tries before a task is dead (default 3)"),
            Map.entry("retry_delay_seconds", "wait before a failed task runs again (default 0)"),
            Map.entry("processor", "implements dev.pampa.api.TaskProcessor"),
            Map.entry("selecting_function", "optional: which pending rows go first"),
            Map.entry("relaunching_function", "optional: which ended rows to put back"),
            Map.entry("occupied_function", "optional: how many tasks a worker holds"),
            Map.entry("allowing_function", "optional: may a worker get more now"),
            Map.entry("max_assigned_workers", "optional: the most workers the job uses"),
            Map.entry("max_pending_tasks", "optional: one worker per this many pending"),
            Map.entry("filter_worker_id", "optional: regex the worker names must match"),
            Map.entry("reporting_function", "optional: named figures for the Dashboard"),
            Map.entry("field_scheduled_time", "optional, timestamp: not pending before it"),
            Map.entry("schedule", "optional, Quartz cron: relaunch done tasks, e.g. 0 0 */3 * * ?"),
            Map.entry("schedule_time_zone", "the schedule's zone (default UTC)"));

    private final JobEditorModel model;
    private final BorderPane view = new BorderPane();

    public JobEditorView(JobEditorModel model, Runnable close) {
        this.model = model;
        view.setId("job-editor");

        Label title = new Label(model.existing() ? "Edit job " + model.value("name").get() : "New job");
        title.setId("job-editor-title");
        title.getStyleClass().add(Styles.TITLE_3);

        GridPane table = grid();
        int r = 0;
        TextField name = textField("name");
        if (model.existing()) {
            name.setEditable(false);
            name.setStyle("-fx-opacity: 0.8;");
        }
        row(table, r++, "name", name, model.existing() ? "a job keeps its name: import a copy to rename" : HINTS.get("name"));
        ComboBox<String> tableBox = combo("table", model.tables());
        Button reload = Icons.on(new Button("Re-read"), Icons.REFRESH);
        reload.setId("job-reload-table");
        reload.setOnAction(e -> model.readTable());
        reload.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(16, 16);
        reading.visibleProperty().bind(model.tableLoadingProperty());
        Label tableStatus = new Label();
        tableStatus.setId("job-table-status");
        tableStatus.getStyleClass().add(Styles.TEXT_MUTED);
        tableStatus.textProperty().bind(model.tableStatusProperty());
        HBox tableRow = new HBox(6, tableBox, reload, reading);
        tableRow.setAlignment(Pos.CENTER_LEFT);
        row(table, r++, "table", tableRow, null);
        table.add(tableStatus, 2, r - 1);
        GridPane.setValignment(tableStatus, javafx.geometry.VPos.TOP);
        tableStatus.setPadding(new Insets(4, 0, 0, 0));

        GridPane fields = grid();
        TextField prefix = new TextField();
        prefix.setId("job-prefix");
        prefix.setPromptText("e.g. odd_checking");
        prefix.textProperty().bindBidirectional(model.prefixProperty());
        Button suggest = Icons.on(new Button("Suggest field map"), Icons.SUGGEST);
        suggest.setId("job-suggest-fields");
        suggest.setOnAction(e -> model.suggestFields());
        suggest.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox prefixRow = new HBox(6, prefix, suggest);
        prefixRow.setAlignment(Pos.CENTER_LEFT);
        r = 0;
        fields.add(new Label("column prefix"), 0, r);
        fields.add(prefixRow, 1, r);
        fields.add(hint("the prefix the table's columns use, else 'pampa'"), 2, r++);
        // what the suggestion did, right under its button: the fields it set, or that nothing changed
        Label suggested = new Label();
        suggested.setId("job-suggest-result");
        suggested.setWrapText(true);
        suggested.getStyleClass().add(Styles.ACCENT);
        suggested.setGraphic(Icons.of(Icons.SUGGEST));
        suggested.textProperty().bind(model.suggestionProperty());
        suggested.visibleProperty().bind(model.suggestionProperty().isNotEmpty());
        suggested.managedProperty().bind(suggested.visibleProperty());
        fields.add(suggested, 1, r++, 2, 1);
        for (String field : JobEditorModel.FIELDS) {
            ComboBox<String> box = combo(field, model.columns());
            Label type = new Label();
            type.setId("type-" + field);
            StringProperty value = model.value(field);
            type.textProperty().bind(Bindings.createStringBinding(() -> {
                String t = model.columnType(value.get());
                return (t.isEmpty() ? "" : t + " · ") + HINTS.get(field);
            }, value, model.columns()));
            type.getStyleClass().add(Styles.TEXT_MUTED);
            row(fields, r++, field, box, null);
            fields.add(type, 2, r - 1);
            GridPane.setValignment(type, javafx.geometry.VPos.TOP);
            type.setPadding(new Insets(4, 0, 0, 0));
        }
        Label setupNote = new Label();
        setupNote.setId("job-setup-note");
        setupNote.setWrapText(true);
        setupNote.textProperty().bind(model.setupNoteProperty());
        Button prepare = Icons.on(new Button("Add columns and indexes…"), Icons.TABLE);
        prepare.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        prepare.setId("job-prepare-table");
        prepare.setOnAction(e -> model.prepareTable());
        prepare.disableProperty().bind(model.setupOfferedProperty().not().or(model.busyProperty()));
        HBox offer = new HBox(10, setupNote, prepare);
        offer.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(setupNote, Priority.ALWAYS);
        // the DDL offer's progress: an index build on a big table takes minutes
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("job-setup-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.setupProgressProperty());
        Label barText = new Label();
        barText.setId("job-setup-progress-text");
        barText.setWrapText(true);
        barText.textProperty().bind(model.setupProgressTextProperty());
        javafx.scene.layout.VBox running = new javafx.scene.layout.VBox(4, bar, barText);
        running.visibleProperty().bind(model.setupProgressProperty().greaterThanOrEqualTo(0));
        running.managedProperty().bind(running.visibleProperty());
        javafx.scene.layout.VBox setup = new javafx.scene.layout.VBox(6, offer, running);
        setup.setPadding(new Insets(6));
        setup.getStyleClass().addAll(Styles.BG_WARNING_SUBTLE, Styles.BORDER_DEFAULT);
        setup.visibleProperty().bind(model.setupNoteProperty().isNotEmpty().or(running.visibleProperty()));
        setup.managedProperty().bind(setup.visibleProperty());

        GridPane limits = grid();
        r = 0;
        for (String p : new String[] {"queue_size", "max_job_duration_minutes", "max_try_times", "retry_delay_seconds"}) {
            TextField f = textField(p);
            f.setPrefColumnCount(8);
            row(limits, r++, p, f, HINTS.get(p));
        }

        GridPane classes = grid();
        r = 0;
        ComboBox<String> processor = combo("processor", model.processors());
        processor.setPrefWidth(340);
        Label scan = new Label();
        scan.setId("job-processor-status");
        scan.getStyleClass().add(Styles.TEXT_MUTED);
        scan.setWrapText(true);
        scan.textProperty().bind(model.processorStatusProperty());
        row(classes, r++, "processor", processor, null);
        classes.add(scan, 2, r - 1);
        GridPane.setValignment(scan, javafx.geometry.VPos.TOP);
        scan.setPadding(new Insets(4, 0, 0, 0));
        for (String p : new String[] {"selecting_function", "relaunching_function", "occupied_function", "allowing_function", "reporting_function"}) {
            TextField f = textField(p);
            f.setPromptText("none");
            row(classes, r++, p, f, HINTS.get(p));
        }

        GridPane elastic = grid();
        r = 0;
        for (String p : new String[] {"max_assigned_workers", "max_pending_tasks", "filter_worker_id"}) {
            TextField f = textField(p);
            f.setPromptText(p.equals("filter_worker_id") ? "all workers" : "none");
            row(elastic, r++, p, f, HINTS.get(p));
        }

        GridPane schedule = grid();
        r = 0;
        ComboBox<String> scheduledTime = combo("field_scheduled_time", model.columns());
        scheduledTime.setPromptText("none");
        row(schedule, r++, "field_scheduled_time", scheduledTime, HINTS.get("field_scheduled_time"));
        for (String p : new String[] {"schedule", "schedule_time_zone"}) {
            TextField f = textField(p);
            f.setPromptText(p.equals("schedule") ? "none" : "UTC");
            row(schedule, r++, p, f, HINTS.get(p));
        }

        VBox form = new VBox(10, title,
                section("Table"), table,
                section("Field map"), setup, fields,
                section("Limits"), limits,
                section("Classes"), classes,
                section("Schedule"), schedule,
                section("Elastic assignment"), elastic);
        form.setPadding(new Insets(12, 16, 12, 16));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        view.setCenter(scroll);

        Button save = Icons.action(new Button("Save"), Icons.SAVE, true);
        save.setId("job-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> model.save());
        save.disableProperty().bind(model.validProperty().not().or(model.busyProperty()));
        Button cancel = Icons.on(new Button("Back to the list"), Icons.BACK);
        cancel.setId("job-cancel");
        cancel.setOnAction(e -> close.run());
        Label message = new Label();
        message.setId("job-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.createStringBinding(() -> model.messageProperty().get().isEmpty()
                ? model.blockedProperty().get() : model.messageProperty().get(), model.messageProperty(), model.blockedProperty()));
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.busyProperty());
        javafx.scene.control.CheckBox runOnSave = new javafx.scene.control.CheckBox("Run right away");
        runOnSave.setId("job-run-on-save");
        runOnSave.setTooltip(new javafx.scene.control.Tooltip("Off: the new job is saved paused and runs nothing until you resume it"
                + " (try it first with Run on one row). On: the dispatcher starts queueing its rows as soon as it is saved."));
        runOnSave.selectedProperty().bindBidirectional(model.runOnSaveProperty());
        runOnSave.setVisible(!model.existing());
        runOnSave.setManaged(!model.existing());
        HBox buttons = new HBox(10, save, runOnSave, cancel, busy, message);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPadding(new Insets(8, 16, 8, 16));
        buttons.getStyleClass().add(Styles.BORDER_DEFAULT);
        buttons.setStyle("-fx-border-width: 1 0 0 0;");
        view.setBottom(buttons);
    }

    public Node view() {
        return view;
    }

    public JobEditorModel model() {
        return model;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        ColumnConstraints label = new ColumnConstraints(190);
        ColumnConstraints field = new ColumnConstraints(260, 380, 520);
        ColumnConstraints hint = new ColumnConstraints();
        hint.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(label, field, hint);
        return g;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.BORDER_MUTED);
        l.setStyle("-fx-padding: 6 0 0 0; -fx-border-width: 0 0 1 0;");
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    /** A parameter's row: its name, the field with its problem right under it, and a hint. */
    private void row(GridPane grid, int r, String parameter, Node field, String hint) {
        Label problem = new Label();
        problem.setId("problem-" + parameter);
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(model.problem(parameter));
        problem.visibleProperty().bind(model.problem(parameter).isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox cell = new VBox(2, field, problem);
        Label label = new Label(parameter);
        grid.add(label, 0, r);
        GridPane.setValignment(label, javafx.geometry.VPos.TOP);
        label.setPadding(new Insets(4, 0, 0, 0));
        grid.add(cell, 1, r);
        if (hint != null) {
            Label h = hint(hint);
            grid.add(h, 2, r);
            GridPane.setValignment(h, javafx.geometry.VPos.TOP);
            h.setPadding(new Insets(4, 0, 0, 0));
        }
        if (field instanceof TextInputControl t) {
            t.setMaxWidth(Double.MAX_VALUE);
        }
        // leaving a field counts as having filled it in: its problem shows from then on
        Node input = field instanceof HBox box && !box.getChildren().isEmpty() ? box.getChildren().get(0) : field;
        input.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                model.touch(parameter);
            }
        });
    }

    private TextField textField(String parameter) {
        TextField f = new TextField();
        f.setId("field-" + parameter);
        f.textProperty().bindBidirectional(model.value(parameter));
        return f;
    }

    private ComboBox<String> combo(String parameter, javafx.collections.ObservableList<String> items) {
        ComboBox<String> box = new ComboBox<>(items);
        box.setId("field-" + parameter);
        box.setEditable(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(300);
        StringProperty value = model.value(parameter);
        box.setValue(value.get());
        box.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                value.set(now);
            } else if (value.get() != null && !value.get().isEmpty()) {
                // replacing the items (the table's columns after a re-read) clears an editable box's value: keep the field's
                javafx.application.Platform.runLater(() -> box.setValue(value.get()));
            }
        });
        value.addListener((o, was, now) -> {
            if (!java.util.Objects.equals(box.getValue(), now)) {
                box.setValue(now);
            }
        });
        return box;
    }
}
