package dev.pampa.ui.errors;

import dev.pampa.monitor.Monitor;
import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.ErrorGroup;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.ProblemText;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The errors screen's state and commands: the chosen job's failed and dead tasks grouped by the
 * first line of their error, the whole error of one task, and retry of one task, a group's dead tasks
 * or all dead tasks of the job, each confirmed by the operator first and run in the background.
 */
public final class ErrorsViewModel {
    /** What one refresh read: the jobs, the job shown and its groups. */
    public record Reading(List<String> jobs, String job, List<ErrorGroup> groups) {
    }

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CockpitSession session;
    private final Monitor monitor;
    private final Runnable refreshNow;
    private final ObservableList<String> jobs = FXCollections.observableArrayList();
    private final ObjectProperty<String> job = new SimpleObjectProperty<>();
    private final ObservableList<ErrorGroup> groups = FXCollections.observableArrayList();
    private final ObjectProperty<ErrorGroup> group = new SimpleObjectProperty<>();
    private final StringProperty taskKey = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper trace = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private volatile String jobToRead;

    public ErrorsViewModel(CockpitSession session, Runnable refreshNow) {
        this.session = session;
        this.monitor = session.monitor();
        this.refreshNow = refreshNow;
        job.addListener((o, was, now) -> {
            jobToRead = now;
            if (was != null && !was.equals(now)) {
                groups.clear();
                taskKey.set("");
                trace.set("");
            }
        });
    }

    /** Off the FX thread. */
    public Reading read() {
        List<String> names = monitor.jobNames();
        String wanted = jobToRead;
        if (wanted == null || !names.contains(wanted)) {
            wanted = names.isEmpty() ? null : names.get(0);
        }
        List<ErrorGroup> rows = wanted == null ? List.of() : monitor.errorGroups(wanted);
        return new Reading(names, wanted, rows);
    }

    /** On the FX thread. */
    public void show(Reading r) {
        problem.set("");
        if (!jobs.equals(r.jobs())) {
            jobs.setAll(r.jobs());
        }
        if (r.job() == null) {
            job.set(null);
            groups.clear();
            summary.set("No jobs yet.");
            return;
        }
        if (!r.job().equals(job.get())) {
            if (job.get() != null && jobs.contains(job.get())) {
                return; // read for a job the operator left since
            }
            job.set(r.job());
        }
        ErrorGroup chosen = group.get();
        if (!groups.equals(r.groups())) {
            groups.setAll(r.groups());
        }
        // the table's selection follows the rows; keep the group chosen by its message
        group.set(chosen == null ? null : r.groups().stream().filter(g -> g.message().equals(chosen.message())).findFirst().orElse(null));
        long tasks = r.groups().stream().mapToLong(ErrorGroup::count).sum();
        long dead = r.groups().stream().mapToLong(ErrorGroup::dead).sum();
        summary.set(tasks == 0 ? "No failed or dead tasks in " + r.job() + "."
                : ProgressLine.count(tasks) + " failed or dead tasks in " + r.groups().size() + " group" + (r.groups().size() == 1 ? "" : "s")
                        + ", " + ProgressLine.count(dead) + " dead");
    }

    public void failed(Throwable failure) {
        problem.set("Could not read the errors: " + ProblemText.of(failure) + ". Retrying every few seconds.");
    }

    /** Loads the whole error of the task whose key is in {@link #taskKeyProperty()}. */
    public void loadTrace() {
        String j = job.get();
        String key = taskKey.get() == null ? "" : taskKey.get().trim();
        if (j == null || key.isEmpty()) {
            trace.set("");
            return;
        }
        trace.set("Loading the error of task " + key + "…");
        session.background().call("Reading the error of task " + key, () -> monitor.failedTask(j, key),
                t -> trace.set(t.map(f -> "Task " + f.key() + (f.dead() ? ", dead" : ", waiting for another try") + " after "
                        + f.tries() + " tr" + (f.tries() == 1 ? "y" : "ies") + ", last failed " + when(f.failedAt()) + "\n\n" + f.error())
                        .orElse("Task " + key + " of " + j + " has not failed: it is pending, queued, running or done, or no task has that key.")),
                e -> trace.set("Could not read the error: " + ProblemText.of(e)));
    }

    public void retryTask() {
        String j = job.get();
        String key = taskKey.get() == null ? "" : taskKey.get().trim();
        if (j == null || key.isEmpty()) {
            return;
        }
        retry("Retry task " + key, "Put task " + key + " of " + j + " back to pending?",
                "It gets " + "all its tries again (its try count, times, outcome and error are cleared).",
                () -> monitor.retryTask(j, key), n -> n == 0 ? "Task " + key + " had not failed: nothing to retry" : "Task " + key + " is pending again");
    }

    public void retryGroup() {
        String j = job.get();
        ErrorGroup g = group.get();
        if (j == null || g == null) {
            return;
        }
        retry("Retry a group", "Put the " + ProgressLine.count(g.dead()) + " dead tasks of this group back to pending?",
                g.message() + "\n\nThey get all their tries again; failed tasks still waiting for a try are left as they are.",
                () -> monitor.retryGroup(j, g.message()), n -> ProgressLine.count(n) + " task" + (n == 1 ? "" : "s") + " pending again");
    }

    public void retryAllDead() {
        String j = job.get();
        if (j == null) {
            return;
        }
        long dead = groups.stream().mapToLong(ErrorGroup::dead).sum();
        retry("Retry all dead tasks", "Put all " + ProgressLine.count(dead) + " dead tasks of " + j + " back to pending?",
                "Every dead task of the job gets all its tries again, whatever its error.",
                () -> monitor.retryAllDead(j), n -> ProgressLine.count(n) + " task" + (n == 1 ? "" : "s") + " pending again");
    }

    private void retry(String title, String question, String details, Callable<Integer> action, java.util.function.IntFunction<String> done) {
        if (!session.dialogs().confirm(title, question, details)) {
            return;
        }
        lastResult.set(title + "…");
        session.background().call(title, action, n -> {
            lastResult.set(done.apply(n));
            trace.set("");
            refreshNow.run();
        }, e -> {
            lastResult.set(title + " failed: " + ProblemText.of(e).cause());
            session.report(title, e);
        });
    }

    /** A moment in the operator's time zone, to the second. */
    public static String when(java.time.OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(java.time.ZoneId.systemDefault()).format(WHEN);
    }

    public ObservableList<String> jobs() {
        return jobs;
    }

    public ObjectProperty<String> jobProperty() {
        return job;
    }

    public ObservableList<ErrorGroup> groups() {
        return groups;
    }

    /** The chosen group; set by the table's selection. */
    public ObjectProperty<ErrorGroup> groupProperty() {
        return group;
    }

    /** The task whose error is shown, and that Retry task acts on; set from a group's keys or typed. */
    public StringProperty taskKeyProperty() {
        return taskKey;
    }

    public ReadOnlyStringProperty traceProperty() {
        return trace.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
