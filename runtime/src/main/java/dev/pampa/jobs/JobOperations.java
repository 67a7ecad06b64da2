package dev.pampa.jobs;

import dev.pampa.model.JobSpec;
import dev.pampa.store.AppliedJob;
import dev.pampa.store.Database;
import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.LockRetry;
import dev.pampa.store.TableSetupFailedException;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.store.TaskTableSetup;
import dev.pampa.jobcode.JobClassCheck;
import dev.pampa.jobcode.JobsPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What can be done to a job, for {@code job apply}, {@code job pause}/{@code resume} and the cockpit's
 * Jobs screen alike: check it against its table and the jobs path, store it (preparing its table or
 * not), offer the DDL that prepares the table, pause and resume it. Each problem found is a
 * {@link JobProblem}, worded once for both tools.
 */
public final class JobOperations {
    private final Database database;
    private final Path jobsDirectory;
    private final LockRetry lockRetry;

    /**
     * @param jobsDirectory where job jars are looked for (the runtime's {@code --jobs-dir}); the classes
     *                      on this program's own class path are found too
     */
    public JobOperations(Database database, Path jobsDirectory) {
        this(database, jobsDirectory, LockRetry.DEFAULT);
    }

    /**
     * @param lockRetry how DDL whose lock holds off the table's writers (adding columns, the trigger)
     *                  waits for the table: a short lock timeout a try, then a pause and another try
     */
    public JobOperations(Database database, Path jobsDirectory, LockRetry lockRetry) {
        this.database = database;
        this.jobsDirectory = jobsDirectory;
        this.lockRetry = lockRetry;
    }

    public LockRetry lockRetry() {
        return lockRetry;
    }

    /** {@code PAMPA_JOBS_DIR}, else {@code jobs/} beside this program's jar. */
    public static Path defaultJobsDirectory() {
        return JobsPath.resolveDirectory(null);
    }

    public Path jobsDirectory() {
        return jobsDirectory;
    }

    /** The operator's tables as a job names them (pampa's own schema and the system's left out). */
    public List<String> tableNames() {
        return new TaskTableSchema(database.dsl()).tableNames(false);
    }

    /** What the database holds under {@code table} now, to check field maps against without reading it again. */
    public TableSnapshot readTable(String table) {
        return TableSnapshot.read(database.dsl(), table);
    }

    /** Every problem with the job's table, field map and classes; nothing is changed. */
    public JobCheck check(JobSpec spec) {
        return check(spec, readTable(spec.table()));
    }

    private JobCheck check(JobSpec spec, TableSnapshot table) {
        List<JobProblem> classes = JobClassCheck.problems(spec, JobsPath.of(jobsDirectory)).stream()
                .<JobProblem>map(JobProblem.UnusableClass::of).toList();
        boolean stored = new JobStore(database.dsl()).find(spec.name()).isPresent();
        return new JobCheck(spec, table.fit(spec), classes, stored);
    }

    /**
     * The DDL offer: the statements {@code job apply --create-columns} would run on the job's table now
     * (the tracking columns, indexes and trigger it lacks); empty when it lacks none, or there is no table.
     */
    public List<String> ddlOffer(JobSpec spec) {
        return readTable(spec.table()).fit(spec).ddl();
    }

    /** As {@link #apply(JobSpec, boolean, String, DdlListener)}, hearing nothing of the DDL's steps. */
    public JobApplied apply(JobSpec spec, boolean createColumns, String source) throws JobRefusedException {
        return apply(spec, createColumns, source, DdlListener.NONE);
    }

    /**
     * Checks the job and stores it when nothing refuses it, in one transaction with ending the pending
     * rows whose tries are already used up under its max_try_times. With {@code createColumns}, the DDL
     * offer runs first, step by step so as not to hold off the table's writers (see {@link DdlStep} for
     * each step's lock); the job is stored only once it all ran.
     *
     * @param source   what the job came from, for the event log (a file name, the cockpit)
     * @param listener hears each DDL step, each retry on a busy table and each index build's progress
     * @throws JobRefusedException                with every problem; nothing is stored then
     * @throws AppliedJob.TableBusyException      when a DDL step found the table locked on every try; nothing is stored
     * @throws TableSetupFailedException          when a DDL step failed otherwise (an index build interrupted); nothing is stored
     */
    public JobApplied apply(JobSpec spec, boolean createColumns, String source, DdlListener listener) throws JobRefusedException {
        return apply(spec, createColumns, source, listener, false);
    }

    /**
     * As {@link #apply(JobSpec, boolean, String, DdlListener)}; a new job is stored paused when
     * {@code pausedIfNew}, so that it runs nothing until resumed (the cockpit's Save does so by default).
     */
    public JobApplied apply(JobSpec spec, boolean createColumns, String source, DdlListener listener, boolean pausedIfNew)
            throws JobRefusedException {
        TableSnapshot table = readTable(spec.table());
        JobCheck check = check(spec, table);
        List<JobProblem> refused = check.refusals(createColumns);
        if (!refused.isEmpty()) {
            throw new JobRefusedException("job " + spec.name(), refused);
        }
        // nothing refused means the table exists and is a table
        TaskTableSetup setup = createColumns ? table.setup(spec) : null;
        AppliedJob applied = AppliedJob.apply(database, spec, setup, source, lockRetry, listener, pausedIfNew);
        return new JobApplied(check, applied.created(), applied.endedExhausted(), applied.ddl());
    }

    /** As {@link #prepareTable(JobSpec, DdlListener)}, hearing nothing of the DDL's steps. */
    public List<String> prepareTable(JobSpec spec) throws JobRefusedException {
        return prepareTable(spec, DdlListener.NONE);
    }

    /**
     * Runs the DDL offer without storing a job (the cockpit prepares the table before the job is
     * saved), step by step as {@link #apply} does; returns the statements run, none when the table
     * lacked nothing.
     *
     * @throws JobRefusedException           when there is no such table or it is not a table
     * @throws AppliedJob.TableBusyException when a step found the table locked on every try
     * @throws TableSetupFailedException     when a step failed otherwise
     */
    public List<String> prepareTable(JobSpec spec, DdlListener listener) throws JobRefusedException {
        TableSnapshot table = readTable(spec.table());
        TableFit fit = table.fit(spec);
        if (!fit.usable()) {
            throw new JobRefusedException("table " + spec.table(), fit.problems());
        }
        TaskTableSetup setup = table.setup(spec);
        return setup.nothingToDo() ? List.of() : setup.run(database, lockRetry, listener);
    }

    /** Run on one row for the jobs of this database, with this jobs directory. */
    public RowTrials rowTrials() {
        return new RowTrials(database, jobsDirectory);
    }

    /** A job as stored now. */
    public Optional<JobStore.StoredJob> find(String name) {
        return new JobStore(database.dsl()).find(name);
    }

    /**
     * Pauses (the dispatcher queues no new task of it; queued and running tasks finish) or resumes a job.
     *
     * @return false when it already was in that state
     * @throws UnknownJobException when no job has that name (never stored, or deleted meanwhile)
     */
    public boolean setPaused(String name, boolean paused) {
        JobStore jobs = new JobStore(database.dsl());
        JobStore.StoredJob job = jobs.find(name).orElseThrow(() -> unknown(jobs, name));
        if (job.paused() == paused) {
            return false;
        }
        if (!jobs.setPaused(name, paused)) {
            // deleted between find and update: report it as what it now is
            throw unknown(jobs, name);
        }
        return true;
    }

    private static UnknownJobException unknown(JobStore jobs, String name) {
        return new UnknownJobException(name, jobs.all().stream().map(JobStore.StoredJob::name).toList());
    }
}
