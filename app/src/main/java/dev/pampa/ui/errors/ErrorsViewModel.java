package dev.pampa.ui.errors;

import dev.pampa.monitor.Monitor;
import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.ErrorGroup;
import dev.pampa.report.ErrorGroupPage;
import dev.pampa.report.ErrorOrder;
import dev.pampa.report.TaskDetail;
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
 * The errors screen's state and commands: the chosen job's failed and dead tasks grouped by their
 * error's fingerprint, a page at a time with the true totals; one task looked up by key in any state;
 * and the actions that fit it (retry a failed or dead task, run a done one again), a group's dead tasks
 * or all dead tasks of the job, each confirmed by the operator first and run in the background.
 */
public final class ErrorsViewModel {
    /** What one refresh read: the jobs, the job shown and its groups. */
    public record Reading(List<String> jobs, String job, ErrorGroupPage page) {
    }

    /** Groups read at first, and added by each "show more". */
    public static final int PAGE = 100;

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
    private final ObjectProperty<ErrorOrder> order = new SimpleObjectProperty<>(ErrorOrder.MOST_TASKS);
    private final javafx.beans.property.IntegerProperty shownLimit = new javafx.beans.property.SimpleIntegerProperty(PAGE);
    private final javafx.beans.property.BooleanProperty more = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ObjectProperty<TaskDetail> found = new SimpleObjectProperty<>();
    /** The task search: a state (null: any), a worker and a text of the error (blank: any). */
    private final ObjectProperty<TaskDetail.State> searchState = new SimpleObjectProperty<>();
    private final StringProperty searchWorker = new SimpleStringProperty("");
    private final StringProperty searchError = new SimpleStringProperty("");
    private final ObservableList<String> searchResults = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper searchSummary = new ReadOnlyStringWrapper("");
    private volatile String jobToRead;
    private volatile ErrorOrder orderToRead = ErrorOrder.MOST_TASKS;
    private volatile int limitToRead = PAGE;
    private ErrorGroupPage shown = ErrorGroupPage.empty();

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
                found.set(null);
                shownLimit.set(PAGE);
            }
        });
        order.addListener((o, was, now) -> orderToRead = now);
        shownLimit.addListener((o, was, now) -> limitToRead = now.intValue());
        taskKey.addListener((o, was, now) -> {
            if (found.get() != null && !found.get().key().equals(now == null ? "" : now.trim())) {
                found.set(null);
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
        ErrorGroupPage page = wanted == null ? ErrorGroupPage.empty() : monitor.errorGroups(wanted, orderToRead, 0, limitToRead);
        return new Reading(names, wanted, page);
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
        List<ErrorGroup> rows = r.page().groups();
        if (!groups.equals(rows)) {
            groups.setAll(rows);
        }
        loaded.set(true);
        shown = r.page();
        // the table's selection follows the rows; keep the group chosen by its fingerprint
        group.set(chosen == null ? null : rows.stream().filter(g -> g.key().equals(chosen.key())).findFirst().orElse(null));
        more.set(rows.size() < r.page().totalGroups());
        summary.set(summaryOf(r.job(), r.page()));
    }

    static String summaryOf(String job, ErrorGroupPage p) {
        if (p.totalTasks() == 0) {
            return "No failed or dead tasks in " + job + ".";
        }
        String text = ProgressLine.count(p.totalTasks()) + " failed or dead tasks in " + ProgressLine.count(p.totalGroups()) + " group"
                + (p.totalGroups() == 1 ? "" : "s") + ", " + ProgressLine.count(p.totalDead()) + " dead";
        return p.groups().size() < p.totalGroups() ? text + "; showing " + ProgressLine.count(p.groups().size()) + " of "
                + ProgressLine.count(p.totalGroups()) + " groups" : text;
    }

    /** Reads {@value #PAGE} groups more. */
    public void showMore() {
        shownLimit.set(shownLimit.get() + PAGE);
        refreshNow.run();
    }

    public void failed(Throwable failure) {
        problem.set("Could not read the errors: " + ProblemText.of(failure) + ". Retrying every few seconds.");
    }

    /** Looks up the task whose key is in {@link #taskKeyProperty()}, in any state; shows where it stands, its error and its row. */
    /** How many keys a search lists at most. */
    public static final int SEARCH_LIMIT = 100;

    /** Finds the keys of the chosen job's tasks by state, worker and error text (as {@code pampa task find}); pick one to look it up. */
    public void search() {
        String j = job.get();
        if (j == null) {
            return;
        }
        TaskDetail.State state = searchState.get();
        String worker = searchWorker.get();
        String text = searchError.get();
        searchSummary.set("Searching…");
        session.background().call("Searching the tasks of " + j, () -> monitor.searchTasks(j, state, worker, text, SEARCH_LIMIT + 1), keys -> {
            boolean cut = keys.size() > SEARCH_LIMIT;
            searchResults.setAll(cut ? keys.subList(0, SEARCH_LIMIT) : keys);
            searchSummary.set(keys.isEmpty() ? "No task matches."
                    : cut ? "The first " + SEARCH_LIMIT + " matching tasks, latest first: narrow the search to see others."
                    : keys.size() + " matching task" + (keys.size() == 1 ? "" : "s") + ", latest first.");
        }, e -> searchSummary.set("Could not search: " + ProblemText.of(e)));
    }

    public ObjectProperty<TaskDetail.State> searchStateProperty() {
        return searchState;
    }

    public StringProperty searchWorkerProperty() {
        return searchWorker;
    }

    public StringProperty searchErrorProperty() {
        return searchError;
    }

    /** The keys the last search found. */
    public ObservableList<String> searchResults() {
        return searchResults;
    }

    public ReadOnlyStringProperty searchSummaryProperty() {
        return searchSummary.getReadOnlyProperty();
    }

    public void loadTrace() {
        String j = job.get();
        String key = taskKey.get() == null ? "" : taskKey.get().trim();
        found.set(null);
        if (j == null || key.isEmpty()) {
            trace.set("");
            return;
        }
        trace.set("Looking up task " + key + "…");
        session.background().call("Looking up task " + key, () -> monitor.task(j, key),
                t -> {
                    trace.set(t.map(ErrorsViewModel::describe).orElse("No task of " + j + " has the key " + key + "."));
                    found.set(t.orElse(null));
                },
                e -> trace.set("Could not look up the task: " + ProblemText.of(e)));
    }

    static String describe(TaskDetail t) {
        StringBuilder b = new StringBuilder("Task ").append(t.key()).append(": ").append(t.state().text())
                .append(", ").append(t.tries()).append(" tr").append(t.tries() == 1 ? "y" : "ies");
        if (t.worker() != null) {
            b.append(t.state() == TaskDetail.State.DONE || t.state() == TaskDetail.State.DEAD ? ", last on " : ", on ").append(t.worker());
        }
        b.append('\n');
        line(b, "reserved", t.reservedAt());
        line(b, "started", t.startedAt());
        line(b, "ended", t.endedAt());
        if (t.error() != null && !t.error().isEmpty()) {
            b.append("\nLast error:\n").append(t.error()).append('\n');
        }
        b.append("\nRow:\n");
        t.values().forEach((column, value) -> b.append("  ").append(column).append(" = ").append(value == null ? "null" : value).append('\n'));
        return b.toString();
    }

    private static void line(StringBuilder b, String what, java.time.OffsetDateTime at) {
        if (at != null) {
            b.append("  ").append(what).append(' ').append(when(at)).append('\n');
        }
    }

    /** Retry: offered for a task looked up as failed or dead. */
    public void retryTask() {
        TaskDetail t = found.get();
        String j = job.get();
        if (j == null || t == null || !canRetry(t)) {
            return;
        }
        retry("Retry task " + t.key(), "Put task " + t.key() + " of " + j + " back to pending?",
                "It is " + t.state().text() + ". It gets all its tries again (its try count, times, outcome and error are cleared).",
                () -> monitor.retryTask(j, t.key()), n -> n == 0 ? "Task " + t.key() + " had changed meanwhile: nothing retried" : "Task " + t.key() + " is pending again");
    }

    /** Run again: offered for a task looked up as done. */
    public void runAgain() {
        TaskDetail t = found.get();
        String j = job.get();
        if (j == null || t == null || t.state() != TaskDetail.State.DONE) {
            return;
        }
        retry("Run task " + t.key() + " again", "Run task " + t.key() + " of " + j + " again?",
                "It is done. It goes back to pending with all its tries, and its processor runs on it again.",
                () -> monitor.runAgain(j, t.key()), n -> n == 0 ? "Task " + t.key() + " had changed meanwhile: nothing to run again" : "Task " + t.key() + " is pending again");
    }

    static boolean canRetry(TaskDetail t) {
        return t.state() == TaskDetail.State.DEAD || t.state() == TaskDetail.State.WAITING_RETRY || t.state() == TaskDetail.State.CANCELLED;
    }

    /** Cancel: offered for a task looked up as pending (failed and waiting included) or queued. */
    static boolean canCancel(TaskDetail t) {
        return t.state() == TaskDetail.State.PENDING || t.state() == TaskDetail.State.WAITING_RETRY || t.state() == TaskDetail.State.QUEUED;
    }

    /** Cancels the task looked up, once the operator confirmed what it does; the answer says whether it was cancelled and why not. */
    public void cancelTask() {
        TaskDetail t = found.get();
        String j = job.get();
        if (j == null || t == null || !canCancel(t)) {
            return;
        }
        String title = "Cancel task " + t.key();
        if (!session.dialogs().confirm(title, "Cancel task " + t.key() + " of " + j + "?",
                "It is " + t.state().text() + (t.worker() != null && t.state() == TaskDetail.State.QUEUED ? " (" + t.worker() + ")" : "")
                        + ". It ends cancelled and never runs: the dispatcher no longer queues it and a worker that has it queued"
                        + " does not start it. If a worker has started it meanwhile, it is not cancelled. Retry it later to run it after all.")) {
            return;
        }
        lastResult.set(title + "…");
        session.background().call(title, () -> monitor.cancelTask(j, t.key()), o -> {
            lastResult.set(Character.toUpperCase(o.message().charAt(0)) + o.message().substring(1));
            trace.set("");
            found.set(null);
            refreshNow.run();
        }, e -> {
            lastResult.set(title + " failed: " + ProblemText.of(e).cause());
            session.report(title, e);
        });
    }

    public void retryGroup() {
        String j = job.get();
        ErrorGroup g = group.get();
        if (j == null || g == null) {
            return;
        }
        retry("Retry a group", "Put the " + ProgressLine.count(g.dead()) + " dead tasks of this group back to pending?",
                g.message() + (g.frame() == null ? "" : "\nat " + g.frame()) + "\n\nThey get all their tries again; failed tasks still waiting for a try are left as they are.",
                () -> monitor.retryGroup(j, g.key()), n -> ProgressLine.count(n) + " task" + (n == 1 ? "" : "s") + " pending again");
    }

    public void retryAllDead() {
        String j = job.get();
        if (j == null) {
            return;
        }
        long dead = shown.totalDead();
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
            found.set(null);
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

    /** The task last looked up, while its key is the one typed; null otherwise. */
    public ObjectProperty<TaskDetail> foundProperty() {
        return found;
    }

    public ObjectProperty<ErrorOrder> orderProperty() {
        return order;
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** True once the first read came back: until then an empty table means "not read yet", not "none". */
    public javafx.beans.property.ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while groups beyond those shown exist. */
    public javafx.beans.property.ReadOnlyBooleanProperty moreProperty() {
        return more;
    }

    /** The totals of every group, as last read. */
    public long totalDead() {
        return shown.totalDead();
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
