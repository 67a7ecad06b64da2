package dev.pampa.monitor;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.report.DispatcherState;
import dev.pampa.report.ErrorGroupPage;
import dev.pampa.report.ErrorOrder;
import dev.pampa.report.TaskDetail;
import dev.pampa.report.JobDashboardView;
import dev.pampa.report.JobOverview;
import dev.pampa.report.NodeRow;
import dev.pampa.report.WorkersView;
import dev.pampa.store.Database;
import dev.pampa.store.StatusReport;
import dev.pampa.store.monitor.JobDashboard;
import dev.pampa.store.monitor.JobNames;
import dev.pampa.store.monitor.JobOverviews;
import dev.pampa.store.monitor.NodeListing;
import dev.pampa.store.monitor.TaskErrors;
import dev.pampa.store.monitor.WorkerStates;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What the cockpit's screens read of the operator's database, as typed records of
 * {@code dev.pampa.report}, and the one thing the errors screen writes (putting failed tasks back).
 * The screens ask this port and never see SQL, jOOQ or the store: the queries live in the runtime's
 * store ({@code dev.pampa.store.monitor}), this class only picks the right one. Every call is a
 * database round trip: call it off the FX thread.
 */
public final class Monitor {
    private final Database database;

    public Monitor(Database database) {
        this.database = database;
    }

    public static Monitor of(OperatorDatabase database) {
        return new Monitor(database.database());
    }

    /** The stored jobs' names, sorted: what a screen offers to choose from. */
    public List<String> jobNames() {
        return JobNames.all(database.dsl());
    }

    /** Every stored job with its counts, or the problem that kept them from being read. */
    public List<JobOverview> jobs() {
        return new JobOverviews(database.dsl()).readAll();
    }

    /** Every stored job with its counts, workers executing it, rate, ETA and recent progress: the dashboard's overview. */
    public List<dev.pampa.report.JobSummary> summaries() {
        return new dev.pampa.store.monitor.JobSummaries(database.dsl()).readAll();
    }

    /**
     * As {@link #summaries()} without counting any task table: a job the dispatcher did not count in
     * the last 15 s has no counts. For what reads every few seconds in the background.
     */
    public List<dev.pampa.report.JobSummary> summariesFromSnapshots() {
        return new dev.pampa.store.monitor.JobSummaries(database.dsl()).readAll(false);
    }

    /**
     * One job's dashboard over the last {@code window}, with at most {@code maxPoints} points.
     *
     * @throws NoSuchElementException when no job has that name
     */
    public JobDashboardView dashboard(String job, Duration window, int maxPoints) {
        return new JobDashboard(database.dsl()).read(job, window, maxPoints);
    }

    /** How long a finished job took and its average rate (one scan of its table: ask once it is finished). */
    public dev.pampa.report.JobSpan span(String job) {
        return new JobDashboard(database.dsl()).span(job);
    }

    /** Whether a dispatcher leads, where, and its last round. */
    public DispatcherState dispatcher() {
        return new StatusReport(database.dsl()).lease();
    }

    /** Every registered worker by node, with its heartbeat-checked state, and the dispatcher lease. */
    public WorkersView workers() {
        return new WorkerStates(database.dsl()).read();
    }

    /** Every stored node with its last probe and what its workers last reported. */
    public List<NodeRow> nodes() {
        return new NodeListing(database.dsl()).rows();
    }

    /** A page of a job's error groups (by fingerprint) in the order asked, with the totals of all groups. */
    public ErrorGroupPage errorGroups(String job, ErrorOrder order, int offset, int limit) {
        return new TaskErrors(database.dsl()).groups(job, order, offset, limit, TaskErrors.DEFAULT_SAMPLE_KEYS);
    }

    /** The task of that key in any state, with its row's values; empty when no task has that key. */
    public Optional<TaskDetail> task(String job, String key) {
        return new TaskErrors(database.dsl()).lookUp(job, key);
    }

    /** Puts a done task back to pending to run again; returns 1, or 0 when no done task has that key. */
    public int runAgain(String job, String key) {
        return new TaskErrors(database.dsl()).runAgain(job, key);
    }

    /** Puts one failed or dead task back to pending; returns 1, or 0 when no failed or dead task has that key. */
    public int retryTask(String job, String key) {
        return new TaskErrors(database.dsl()).retryTask(job, key);
    }

    /** The keys of up to {@code limit} tasks by state, worker and error text, as {@code pampa task find} finds them. */
    public List<String> searchTasks(String job, TaskDetail.State state, String worker, String errorText, int limit) {
        return new dev.pampa.jobs.TaskOperations(database).search(job, state, worker, errorText, limit);
    }

    /**
     * Cancels a pending or queued task ({@link dev.pampa.jobs.TaskOperations#cancel}, as {@code pampa
     * task cancel} does); a running or ended one is left alone and the outcome says why.
     */
    public dev.pampa.jobs.TaskOperations.Outcome cancelTask(String job, String key) {
        return new dev.pampa.jobs.TaskOperations(database).cancel(job, key, "the cockpit");
    }

    /** Puts back every dead task of the group with that {@link dev.pampa.report.ErrorGroup#key()}; returns how many. */
    public int retryGroup(String job, String groupKey) {
        return new TaskErrors(database.dsl()).retryGroup(job, groupKey);
    }

    /** Puts back every dead task of the job; returns how many. */
    public int retryAllDead(String job) {
        return new TaskErrors(database.dsl()).retryAllDead(job);
    }
}
