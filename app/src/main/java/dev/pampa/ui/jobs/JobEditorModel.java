package dev.pampa.ui.jobs;

import dev.pampa.control.job.ProcessorClasses;
import dev.pampa.jobs.JobOperations;
import dev.pampa.jobs.JobProblem;
import dev.pampa.jobs.TableFit;
import dev.pampa.jobs.TableSnapshot;
import dev.pampa.model.FieldMap;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.LockRetry;
import dev.pampa.model.FieldNaming;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.SpecProblem;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.ProblemText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The job editor's state and rules. Every parameter is a text property; each edit is checked at once
 * by the model's own rules ({@link JobYaml#fromValues}, the CLI's) and, once the table has been read in
 * the background, by {@code job apply}'s table checks ({@link TableSnapshot#fit}), so a problem shows
 * next to its field while typing, in the words {@code job apply} prints. Save goes through
 * {@link JobOperations#apply}, as {@code job apply} does, which checks everything again on the live database.
 */
public final class JobEditorModel {
    /** The eight field parameters, in the canonical order of docs/design.md §3. */
    public static final List<String> FIELDS = List.of("field_primary_key", "field_id", "field_time", "field_times",
            "field_start_time", "field_end_time", "field_success", "field_error_description");

    private final CockpitSession session;
    private final JobOperations actions;
    private final boolean existing;
    private final Map<String, StringProperty> values = new LinkedHashMap<>();
    private final Map<String, ReadOnlyStringWrapper> problems = new LinkedHashMap<>();
    /** The parameters the operator has changed or left: only theirs show a problem, until a save is tried. */
    private final java.util.Set<String> touched = new java.util.HashSet<>();
    private final Map<String, List<String>> found = new LinkedHashMap<>();
    private boolean showAllProblems;
    private final ReadOnlyStringWrapper suggestion = new ReadOnlyStringWrapper("");
    private final StringProperty prefix = new SimpleStringProperty("");
    private final ObservableList<String> tables = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<String> processors = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper tableStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper setupNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper setupOffered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper processorStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper tableLoading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper blocked = new ReadOnlyStringWrapper("");
    private final Runnable onSaved;
    /** For a new job: run it as soon as it is saved. Off by default: a new job is saved paused and runs nothing until resumed. */
    private final javafx.beans.property.BooleanProperty runOnSave = new javafx.beans.property.SimpleBooleanProperty(false);
    private final TableSetupProgress setupProgress;
    private TableSnapshot shape;
    private TableFit fit;
    private JobSpec checked;
    private List<SpecProblem> saveProblems = List.of();
    private int tableReads;

    /**
     * @param job     the job to edit, or null for a new one (parameters at their defaults)
     * @param onSaved called on the FX thread after a successful save
     */
    public JobEditorModel(CockpitSession session, JobOperations actions, JobSpec job, boolean existing, Runnable onSaved) {
        this.session = session;
        this.actions = actions;
        this.existing = existing;
        this.onSaved = onSaved;
        this.setupProgress = new TableSetupProgress(actions.lockRetry());
        Map<String, String> start = job != null ? JobYaml.values(job) : defaults();
        // a job brought in whole (edited, imported) shows every problem at once; a new one as it is filled in
        this.showAllProblems = job != null;
        for (String p : JobYaml.parameters()) {
            values.put(p, new SimpleStringProperty(start.getOrDefault(p, "")));
            problems.put(p, new ReadOnlyStringWrapper(""));
        }
        values.forEach((param, v) -> v.addListener((o, was, now) -> {
            touched.add(param);
            saveProblems = List.of();
            message.set("");
            validate();
        }));
        values.get("table").addListener((o, was, now) -> readTable());
        validate();
    }

    /** A new job: the defaults of docs/design.md §5 written out, the rest blank. */
    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("field_primary_key", "id");
        d.putAll(FieldNaming.withPrefix(FieldNaming.DEFAULT_PREFIX));
        d.put("queue_size", String.valueOf(JobSpec.DEFAULT_QUEUE_SIZE));
        d.put("max_job_duration_minutes", String.valueOf(JobSpec.DEFAULT_MAX_JOB_DURATION_MINUTES));
        d.put("max_try_times", String.valueOf(JobSpec.DEFAULT_MAX_TRY_TIMES));
        d.put("retry_delay_seconds", String.valueOf(JobSpec.DEFAULT_RETRY_DELAY_SECONDS));
        return d;
    }

    /** Loads what the editor offers: the operator's tables, the chosen table, the processor classes. */
    public void start() {
        session.background().call("Reading the database's tables", actions::tableNames,
                names -> tables.setAll(names), failure -> tableStatus.set("cannot list the tables: " + ProblemText.of(failure)));
        readTable();
        processorStatus.set("looking for processor classes…");
        session.background().call("Looking for processor classes", () -> ProcessorClasses.scan(ProcessorClasses.sources(actions.jobsDirectory())),
                found -> {
                    processors.setAll(found.stream().map(ProcessorClasses.Found::className).toList());
                    processorStatus.set(found.isEmpty() ? "no processor class found in " + actions.jobsDirectory() + " — put the job's jar there, or type the class name"
                            : found.size() + " processor class" + (found.size() == 1 ? "" : "es") + " found in the job jars");
                },
                failure -> processorStatus.set("cannot look through the job jars: " + ProblemText.of(failure) + " — type the class name"));
    }

    /** Reads the table named now, in the background; a later read wins over an earlier one still running. */
    public void readTable() {
        String table = values.get("table").get().trim();
        int read = ++tableReads;
        if (table.isEmpty()) {
            shape = null;
            columns.clear();
            tableStatus.set("");
            validate();
            return;
        }
        tableLoading.set(true);
        tableStatus.set("reading table " + table + "…");
        session.background().call("Reading table " + table, () -> actions.readTable(table),
                s -> {
                    if (read != tableReads) {
                        return;
                    }
                    tableLoading.set(false);
                    shape = s;
                    columns.setAll(s.columns().keySet());
                    tableStatus.set(s.exists() ? s.columns().size() + " columns" : "");
                    validate();
                },
                failure -> {
                    if (read != tableReads) {
                        return;
                    }
                    tableLoading.set(false);
                    shape = null;
                    tableStatus.set("cannot read table " + table + ": " + ProblemText.of(failure));
                    validate();
                });
    }

    /** Fills the field map from the table's columns (the prefix they use) or the prefix typed, and the key from its unique columns. */
    public void suggestFields() {
        List<String> cols = shape == null ? List.of() : List.copyOf(shape.columns().keySet());
        Map<String, String> suggested = FieldNaming.suggest(cols, shape == null ? List.of() : shape.uniqueColumns(), prefix.get());
        List<String> changed = new ArrayList<>();
        suggested.forEach((param, column) -> {
            if (!column.equals(values.get(param).get())) {
                changed.add(param + " = " + column);
            }
        });
        String from = prefix.get() != null && !prefix.get().isBlank() ? "the prefix " + prefix.get().trim()
                : FieldNaming.prefixIn(cols).map(p -> "the prefix " + p + " (from the table's columns)")
                        .orElse("Pampa's default prefix " + FieldNaming.DEFAULT_PREFIX + (shape == null || !shape.exists()
                                ? " (no table read yet: choose the table first to use its columns)" : " (no column of the table ends in _reservation_id)"));
        suggested.forEach((param, column) -> values.get(param).set(column));
        suggestion.set(changed.isEmpty() ? "Nothing to change: the field map is already what " + from + " gives."
                : "Suggested from " + from + ": " + String.join(", ", changed) + ".");
    }

    /** What the last Suggest field map did, in a line: the fields it set, or that it found nothing to change. */
    public ReadOnlyStringProperty suggestionProperty() {
        return suggestion.getReadOnlyProperty();
    }

    /** The operator left this parameter's field: its problem, if any, shows from now on. */
    public void touch(String parameter) {
        if (problems.containsKey(parameter) && touched.add(parameter)) {
            showProblems();
        }
    }

    /** The column's type in the table, for showing beside a field; empty when unknown. */
    public String columnType(String column) {
        return shape == null || column == null ? "" : shape.columns().getOrDefault(column.trim(), "");
    }

    private void validate() {
        found.clear();
        JobSpec spec = null;
        try {
            spec = JobYaml.fromValues(currentValues(), "being edited");
        } catch (InvalidSpecException e) {
            e.problems().forEach(p -> add(found, p));
        }
        Map<String, List<String>> staticFound = new LinkedHashMap<>(found);
        checked = spec;
        fit = null;
        String table = values.get("table").get().trim();
        if (shape != null && shape.table().equals(table) && !table.isEmpty()) {
            fit = shape.fit(spec != null ? spec : draftForTable());
            fit.problems().forEach(p -> add(found, p.asSpecProblem()));
        }
        saveProblems.forEach(p -> add(found, p));
        updateSetupOffer(staticFound);
        valid.set(found.isEmpty() && spec != null);
        showProblems();
    }

    /**
     * Puts each problem under its field once the operator touched that field (the table's checks of the
     * field map once the table was chosen), or tried to save; until then the form is not red with what
     * nobody has typed yet, and the line beside Save says what is left to fill in.
     */
    private void showProblems() {
        List<String> shown = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        problems.forEach((param, text) -> {
            List<String> list = found.getOrDefault(param, List.of());
            boolean show = showAllProblems || touched.contains(param)
                    || touched.contains("table") && (FIELDS.contains(param) || param.equals("field_scheduled_time"));
            text.set(show ? String.join("; ", list) : "");
            if (!list.isEmpty()) {
                (show ? shown : hidden).add(param);
            }
        });
        if (!shown.isEmpty()) {
            blocked.set(shown.size() + hidden.size() + (shown.size() + hidden.size() == 1 ? " field has a problem" : " fields have problems")
                    + " (marked in red" + (hidden.isEmpty() ? "" : ", and " + String.join(", ", hidden)) + "): Save is enabled once "
                    + (shown.size() + hidden.size() == 1 ? "it is" : "they are") + " fixed.");
        } else if (!hidden.isEmpty()) {
            blocked.set("To fill in before saving: " + String.join(", ", hidden) + ".");
        } else {
            blocked.set(valid.get() ? "" : "Fill in the job to save it.");
        }
    }

    private static void add(Map<String, List<String>> found, SpecProblem p) {
        String text = p.found() + " — " + p.fix();
        List<String> list = found.computeIfAbsent(p.parameter(), k -> new ArrayList<>());
        if (!list.contains(text)) {
            list.add(text);
        }
    }

    /** Enough of a job to check the field map while other parameters are still wrong. */
    private JobSpec draftForTable() {
        Map<String, String> d = defaults();
        FieldMap f = new FieldMap(orDefault("field_primary_key", d), orDefault("field_id", d), orDefault("field_time", d),
                orDefault("field_times", d), orDefault("field_start_time", d), orDefault("field_end_time", d),
                orDefault("field_success", d), orDefault("field_error_description", d),
                values.get("field_scheduled_time").get() == null || values.get("field_scheduled_time").get().isBlank() ? null
                        : values.get("field_scheduled_time").get().trim());
        String name = values.get("name").get().isBlank() ? "new_job" : values.get("name").get().trim();
        return new JobSpec(name, values.get("table").get().trim(), f, 1, 1, 1, 0, "draft.Processor",
                null, null, null, null, null, null, null);
    }

    private String orDefault(String param, Map<String, String> defaults) {
        String v = values.get(param).get();
        return v == null || v.isBlank() ? defaults.get(param) : v.trim();
    }

    private void updateSetupOffer(Map<String, List<String>> staticFound) {
        if (fit == null || fit.ddl().isEmpty()) {
            setupOffered.set(false);
            setupNote.set("");
            return;
        }
        List<String> parts = new ArrayList<>();
        List<JobProblem.MissingColumn> missing = fit.missingColumns();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " tracking column" + (missing.size() == 1 ? "" : "s") + " ("
                    + missing.stream().map(JobProblem.MissingColumn::column).collect(Collectors.joining(", ")) + ")");
        }
        if (!fit.missingIndexes().isEmpty()) {
            parts.add("the dispatcher's index" + (fit.missingIndexes().size() == 1 ? " " : "es ") + String.join(", ", fit.missingIndexes()));
        }
        if (!fit.missingTriggers().isEmpty()) {
            parts.add("the wake-up trigger " + fit.missingTriggers().get(0));
        }
        String lacks = "Table " + values.get("table").get().trim() + " lacks " + String.join(", ", parts) + ".";
        boolean nameOk = !staticFound.containsKey("name");
        // the DDL adds missing columns; a column of the wrong type, or a bad name, it cannot fix
        boolean fieldsOk = !staticFound.containsKey("table") && FIELDS.stream().noneMatch(staticFound::containsKey)
                && fit.problemsAfterSetup().isEmpty();
        if (!nameOk) {
            setupNote.set(lacks + " Name the job first: the wake-up trigger carries its name.");
            setupOffered.set(false);
        } else if (!fieldsOk) {
            setupNote.set(lacks + " Fix the field map first.");
            setupOffered.set(false);
        } else {
            setupNote.set(lacks + (missing.isEmpty() ? " Without them the dispatcher scans the whole table and new rows wait for its next poll."
                    : " Add them before saving."));
            setupOffered.set(true);
        }
    }

    /** The DDL offer (what {@code job apply --create-columns} would run), for the confirmation; empty when there is nothing to add. */
    public List<String> setupDdl() {
        return fit == null ? List.of() : fit.ddl();
    }

    /**
     * The DDL offer's steps, each with the lock it takes and for how long, as {@code job apply --dry-run}
     * prints them; empty when there is nothing to add.
     */
    public List<String> setupPlan() {
        if (fit == null || fit.steps().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int n = 0;
        for (DdlStep step : fit.steps()) {
            out.add(++n + ". " + step.title() + ": " + step.lockNote(actions.lockRetry()));
        }
        return out;
    }

    /** The running DDL offer's share done, 0 to 1; -1 when none runs. */
    public javafx.beans.property.ReadOnlyDoubleProperty setupProgressProperty() {
        return setupProgress.fractionProperty();
    }

    /** The running DDL offer's step and, for an index build, its phase; after it, the outcome. */
    public ReadOnlyStringProperty setupProgressTextProperty() {
        return setupProgress.textProperty();
    }

    /**
     * Shows the DDL and, when confirmed, runs it in the background, then reads the table again so the
     * problems it fixed go away.
     */
    public void prepareTable() {
        List<String> ddl = setupDdl();
        if (ddl.isEmpty()) {
            return;
        }
        String table = values.get("table").get().trim();
        String timeout = LockRetry.text(actions.lockRetry().lockTimeout());
        boolean yes = session.dialogs().confirm("Prepare table " + table,
                "Run these " + ddl.size() + " statement" + (ddl.size() == 1 ? "" : "s") + " on table " + table + "? Expected time: about "
                        + DdlStep.duration(fit.expectedDuration()) + ". They run step by step, the indexes built concurrently:"
                        + " the application writing the table waits at most " + timeout + " at a time. Each step and its lock:",
                String.join("\n", setupPlan()) + "\n\n" + String.join("\n", ddl));
        if (!yes) {
            return;
        }
        JobSpec spec = checked != null ? checked : draftForTable();
        busy.set(true);
        message.set("Adding columns and indexes to " + table + "…");
        setupProgress.begin(fit.steps());
        session.background().call("Preparing table " + table, () -> actions.prepareTable(spec, setupProgress), ran -> {
            busy.set(false);
            setupProgress.end("");
            message.set("Table " + table + " prepared: " + ran.size() + " statement" + (ran.size() == 1 ? "" : "s") + " run.");
            readTable();
        }, failure -> {
            busy.set(false);
            setupProgress.end("");
            ProblemText text = ProblemText.of(failure);
            message.set("Table " + table + " not prepared: " + text);
            session.dialogs().showError("Preparing table " + table + " failed", text.cause(), text.fix());
            readTable();
        });
    }

    /**
     * Stores the job after {@code job apply}'s checks on the live database; a refusal puts each problem
     * next to its field and says so beside the Save button.
     */
    public void save() {
        showAllProblems = true;
        validate();
        if (checked == null || !valid.get()) {
            long n = problems.values().stream().filter(p -> !p.get().isEmpty()).count();
            message.set("Not saved: " + n + " field" + (n == 1 ? " has a problem" : "s have problems") + " — see the marks beside them.");
            return;
        }
        JobSpec spec = checked;
        busy.set(true);
        message.set("Checking and saving " + spec.name() + "…");
        boolean paused = !runOnSave.get();
        session.background().call("Saving job " + spec.name(), () -> actions.apply(spec, false, "the cockpit",
                dev.pampa.model.ddl.DdlListener.NONE, paused), saved -> {
            busy.set(false);
            message.set("Job " + spec.name() + (saved.created() ? (paused ? " created paused: it runs nothing until you resume it" : " created and running") : " saved")
                    + (saved.endedExhausted() > 0 ? "; " + saved.endedExhausted() + " pending rows with their tries used up were ended" : "") + ".");
            onSaved.run();
        }, failure -> {
            busy.set(false);
            if (failure instanceof InvalidSpecException e) {
                saveProblems = e.problems();
                validate();
                message.set("Not saved: " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + " — "
                        + e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
            } else {
                ProblemText text = ProblemText.of(failure);
                message.set("Not saved: " + text);
                session.dialogs().showError("Saving job " + spec.name() + " failed", text.cause(), text.fix());
            }
        });
    }

    Map<String, String> currentValues() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The job as the fields give it now, when they pass the model's checks. */
    public Optional<JobSpec> spec() {
        return Optional.ofNullable(checked);
    }

    public StringProperty value(String parameter) {
        StringProperty p = values.get(parameter);
        if (p == null) {
            throw new IllegalArgumentException("not a job parameter: " + parameter);
        }
        return p;
    }

    public ReadOnlyStringProperty problem(String parameter) {
        return problems.get(parameter).getReadOnlyProperty();
    }

    public boolean existing() {
        return existing;
    }

    public StringProperty prefixProperty() {
        return prefix;
    }

    public ObservableList<String> tables() {
        return tables;
    }

    public ObservableList<String> columns() {
        return columns;
    }

    public ObservableList<String> processors() {
        return processors;
    }

    public ReadOnlyStringProperty tableStatusProperty() {
        return tableStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty setupNoteProperty() {
        return setupNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty setupOfferedProperty() {
        return setupOffered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty processorStatusProperty() {
        return processorStatus.getReadOnlyProperty();
    }

    /** For a new job: whether Save starts it at once rather than storing it paused (the default). */
    public javafx.beans.property.BooleanProperty runOnSaveProperty() {
        return runOnSave;
    }

    /** The outcome of the last save or table preparation, or why it was refused. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty tableLoadingProperty() {
        return tableLoading.getReadOnlyProperty();
    }

    /** Why Save is disabled, or empty. */
    public ReadOnlyStringProperty blockedProperty() {
        return blocked.getReadOnlyProperty();
    }

    /** True when no field has a problem: Save is enabled. */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }
}
