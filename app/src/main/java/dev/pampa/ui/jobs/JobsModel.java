package dev.pampa.ui.jobs;

import dev.pampa.jobs.JobOperations;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.SpecProblem;
import dev.pampa.report.JobOverview;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.ProblemText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The jobs list: every stored job with its counts, read every few seconds off the FX thread while the
 * screen is shown; pause and resume; import and export of a job's YAML.
 */
public final class JobsModel {
    public static final Duration REFRESH = Duration.ofSeconds(3);

    private final CockpitSession session;
    private final JobOperations actions;
    private final ObservableList<JobOverview> jobs = FXCollections.observableArrayList();
    private final ObjectProperty<JobOverview> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper refreshProblem = new ReadOnlyStringWrapper("");
    private final PeriodicRefresh<List<JobOverview>> refresh;
    private final RowTrialModel trial;

    public JobsModel(CockpitSession session, JobOperations actions) {
        this.session = session;
        this.actions = actions;
        this.refresh = new PeriodicRefresh<>("jobs", REFRESH, () -> session.monitor().jobs(),
                this::show, failure -> refreshProblem.set("cannot read the jobs: " + ProblemText.of(failure)));
        this.trial = new RowTrialModel(session, actions.rowTrials(),
                dev.pampa.jobs.RowTrials.DEFAULT_TIMEOUT, message::set, this::refreshNow);
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** True once the first read came back: until then an empty table means "not read yet", not "none". */
    public javafx.beans.property.ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** A finished job's span, read once for the counts it finished with (its table is scanned again only when they change). */
    private record Finished(dev.pampa.report.JobProgress counts, dev.pampa.report.JobSpan span) {
    }

    private final java.util.Map<String, Finished> finished = new java.util.HashMap<>();

    private void show(List<JobOverview> read) {
        refreshProblem.set("");
        String keep = selected.get() == null ? null : selected.get().name();
        for (JobOverview j : read) {
            Finished known = finished.get(j.name());
            if (j.progress() != null && j.progress().total() > 0 && j.progress().complete()
                    && (known == null || !known.counts().equals(j.progress()))) {
                finished.put(j.name(), new Finished(j.progress(), null));
                session.background().call("Reading how long " + j.name() + " took", () -> session.monitor().span(j.name()),
                        span -> finished.put(j.name(), new Finished(j.progress(), span)), failure -> finished.remove(j.name()));
            }
        }
        jobs.setAll(read);
        loaded.set(true);
        // the table's selection follows the rows it shows, so the same job stays selected across refreshes
        selected.set(read.stream().filter(j -> j.name().equals(keep)).findFirst().orElse(null));
    }

    /** "finished: took 8.0 s, 62.5 tasks/s on average" for a finished job once its span was read, else empty. */
    public String finishedText(JobOverview j) {
        Finished f = finished.get(j.name());
        return f == null || f.span() == null || j.progress() == null || !f.counts().equals(j.progress()) ? "" : "finished: " + f.span().text();
    }

    public void start() {
        refresh.start();
    }

    public void stop() {
        refresh.stop();
    }

    /** One read now, after an action changed what the list shows (the periodic read goes on). */
    public void refreshNow() {
        session.background().call("Reading the jobs", () -> session.monitor().jobs(), this::show,
                failure -> refreshProblem.set("cannot read the jobs: " + ProblemText.of(failure)));
    }

    /** Pauses the job if running, resumes it if paused; the list shows the stored state once done. */
    public void setPaused(String name, boolean paused) {
        session.background().call((paused ? "Pausing " : "Resuming ") + name, () -> actions.setPaused(name, paused), changed -> {
            message.set("Job " + name + (changed ? (paused ? " paused: no new task is queued; queued and running tasks finish." : " resumed.")
                    : " was already " + (paused ? "paused." : "running.")));
            refreshNow();
        }, failure -> {
            message.set((paused ? "Pausing " : "Resuming ") + name + " failed: " + ProblemText.of(failure));
            refreshNow();
        });
    }

    /** Writes the job's YAML to a file the operator picks. */
    public void exportYaml(JobSpec job) {
        Optional<Path> file = session.dialogs().chooseFileToSave("Export job " + job.name(), job.name() + ".yaml");
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        String yaml = JobYaml.write(job);
        session.background().call("Exporting " + job.name(), () -> Files.writeString(target, yaml), written ->
                        message.set("Job " + job.name() + " exported to " + target + "."),
                failure -> session.report("Exporting job " + job.name() + " to " + target, failure));
    }

    /**
     * Reads a job's YAML from a file the operator picks and hands it to {@code edit} (the editor, where
     * it is checked against the database and saved); a file that does not read as a job shows every
     * problem in it.
     */
    public void importYaml(Consumer<JobSpec> edit) {
        Optional<Path> file = session.dialogs().chooseFileToOpen("Import a job", List.of("yaml", "yml"));
        if (file.isEmpty()) {
            return;
        }
        Path source = file.get();
        session.background().call("Reading " + source.getFileName(), () -> JobYaml.read(source), spec -> {
            message.set("Job " + spec.name() + " read from " + source + ": check it and Save to store it.");
            edit.accept(spec);
        }, failure -> {
            if (failure instanceof InvalidSpecException e) {
                session.dialogs().showError("Cannot import " + source.getFileName(),
                        source + " is not a valid job (" + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + "):\n"
                                + e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n")),
                        "fix the file and import it again");
            } else if (failure instanceof IOException) {
                session.dialogs().showError("Cannot import " + source.getFileName(), "cannot read " + source + ": " + failure.getMessage(),
                        "check that the file exists and is readable");
            } else {
                session.report("Importing " + source, failure);
            }
        });
    }

    public ObservableList<JobOverview> jobs() {
        return jobs;
    }

    public ObjectProperty<JobOverview> selectedProperty() {
        return selected;
    }

    /** The outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last refresh failed, or empty. */
    public ReadOnlyStringProperty refreshProblemProperty() {
        return refreshProblem.getReadOnlyProperty();
    }

    /** Run on one row, for the selected job. */
    public RowTrialModel trial() {
        return trial;
    }

    public JobOperations actions() {
        return actions;
    }

    public CockpitSession session() {
        return session;
    }
}
