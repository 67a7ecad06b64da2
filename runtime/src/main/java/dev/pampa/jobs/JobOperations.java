package dev.pampa.jobs;

import dev.pampa.model.JobSpec;
import dev.pampa.store.AppliedJob;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.store.TaskTableSetup;
import dev.pampa.jobcode.JobClassCheck;
import dev.pampa.jobcode.JobsPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What can be done to a job, for {@code job apply}, {@code job pause}/{@code resume} and the cockpit's
 * Jobs screen alike: check it against its table and the jobs path, store it (preparing its table or
 * not), offer the DDL that prepares the table, pause and resume it. Each problem found is a
 * {@link JobProblem}, worded once for both tools.
 */
public final class JobOperations {
    /**
     * How long DDL waits for the task table before giving up: ALTER TABLE queues behind every open
     * transaction on it, and every later query on the table queues behind the ALTER, so waiting without
     * limit would stall the operator's application.
     */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Database database;
    private final Path jobsDirectory;

    /**
     * @param jobsDirectory where job jars are looked for (the runtime's {@code --jobs-dir}); the classes
     *                      on this program's own class path are found too
     */
    public JobOperations(Database database, Path jobsDirectory) {
        this.database = database;
        this.jobsDirectory = jobsDirectory;
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

    /**
     * Checks the job and stores it when nothing refuses it, in one transaction with ending the pending
     * rows whose tries are already used up under its max_try_times and, with {@code createColumns}, with
     * the DDL offer.
     *
     * @param source what the job came from, for the event log (a file name, the cockpit)
     * @throws JobRefusedException         with every problem; nothing is stored then
     * @throws AppliedJob.TableBusyException when the DDL waited {@link #LOCK_TIMEOUT} for the table; nothing is stored
     */
    public JobApplied apply(JobSpec spec, boolean createColumns, String source) throws JobRefusedException {
        TableSnapshot table = readTable(spec.table());
        JobCheck check = check(spec, table);
        List<JobProblem> refused = check.refusals(createColumns);
        if (!refused.isEmpty()) {
            throw new JobRefusedException("job " + spec.name(), refused);
        }
        // nothing refused means the table exists and is a table
        TaskTableSetup setup = createColumns ? table.setup(spec) : null;
        AppliedJob applied = AppliedJob.apply(database.dsl(), spec, setup, source, LOCK_TIMEOUT);
        return new JobApplied(check, applied.created(), applied.endedExhausted(), applied.ddl());
    }

    /**
     * Runs the DDL offer without storing a job (the cockpit prepares the table before the job is
     * saved); returns the statements run, none when the table lacked nothing.
     *
     * @throws JobRefusedException           when there is no such table or it is not a table
     * @throws AppliedJob.TableBusyException when the DDL waited {@link #LOCK_TIMEOUT} for the table
     */
    public List<String> prepareTable(JobSpec spec) throws JobRefusedException {
        TableSnapshot table = readTable(spec.table());
        TableFit fit = table.fit(spec);
        if (!fit.usable()) {
            throw new JobRefusedException("table " + spec.table(), fit.problems());
        }
        TaskTableSetup setup = table.setup(spec);
        return setup.nothingToDo() ? List.of() : setup.run(database.dsl(), LOCK_TIMEOUT);
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
