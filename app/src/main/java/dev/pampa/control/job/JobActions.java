package dev.pampa.control.job;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.SpecProblem;
import dev.pampa.store.AppliedJob;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTableCheck;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.store.TaskTableSchema.TableShape;
import dev.pampa.store.TaskTableSetup;
import dev.pampa.work.JobClassCheck;
import dev.pampa.work.JobsPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * What the cockpit does to jobs, with the rules of the runtime CLI: saving checks what {@code job
 * apply} checks (the table, the field map's columns and types, the classes on the jobs path), pausing
 * is {@code job pause}, and preparing a table runs the DDL of {@code job apply --create-columns}.
 */
public final class JobActions {
    /** As job apply: DDL waits this long for the table, then gives up rather than stall the operator's application. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Database database;
    private final Path jobsDirectory;

    /**
     * @param jobsDirectory where job jars are looked for, as the runtime's {@code --jobs-dir}; the
     *                      classes on this program's own class path (the sample jobs) are found too
     */
    public JobActions(Database database, Path jobsDirectory) {
        this.database = database;
        this.jobsDirectory = jobsDirectory;
    }

    /** The cockpit's: {@code PAMPA_JOBS_DIR}, else {@code jobs/} beside this program's jar. */
    public static Path defaultJobsDirectory() {
        return JobsPath.resolveDirectory(null);
    }

    public Path jobsDirectory() {
        return jobsDirectory;
    }

    /** A job as stored now, with its paused flag. */
    public Optional<StoredJob> find(String name) {
        return new JobStore(database.dsl()).find(name).map(j -> new StoredJob(j.spec(), j.paused()));
    }

    /** A stored job and whether the dispatcher may queue its tasks. */
    public record StoredJob(JobSpec spec, boolean paused) {
    }

    /**
     * Pauses (the dispatcher queues no new task of it; queued and running tasks finish) or resumes a job.
     *
     * @return false when it already was in that state
     * @throws NoSuchElementException when no job has that name (deleted meanwhile)
     */
    public boolean setPaused(String name, boolean paused) {
        JobStore jobs = new JobStore(database.dsl());
        JobStore.StoredJob job = jobs.find(name).orElseThrow(() -> new NoSuchElementException(
                "no job named " + name + " — it was deleted meanwhile; refresh the list"));
        if (job.paused() == paused) {
            return false;
        }
        if (!jobs.setPaused(name, paused)) {
            throw new NoSuchElementException("no job named " + name + " — it was deleted meanwhile; refresh the list");
        }
        return true;
    }

    /**
     * Every problem {@code job apply} (without --create-columns) would report: the table and its
     * columns, then the classes. Empty when the job can be saved.
     */
    public List<SpecProblem> check(JobSpec spec) {
        DSLContext dsl = database.dsl();
        TaskTableSchema schema = new TaskTableSchema(dsl);
        Optional<TableShape> shape = schema.read(spec.table());
        TaskTableCheck.Findings fit = TaskTableCheck.check(spec, shape, () -> schema.tableNames(spec.table().contains(".")));
        List<SpecProblem> problems = new ArrayList<>(fit.problems());
        problems.addAll(fit.missing().stream().map(m -> new SpecProblem(m.parameter(),
                "no column " + m.column() + " in table " + spec.table(),
                "add it as " + m.sqlType() + " with Add columns and indexes…, or name another column")).toList());
        problems.addAll(JobClassCheck.problems(spec, JobsPath.of(jobsDirectory)));
        return problems;
    }

    /** The job once stored. */
    public record Saved(boolean created, int endedExhausted) {
    }

    /**
     * Checks the job as {@code job apply} does and stores it when nothing is wrong; rows whose tries
     * are already used up under its max_try_times are ended, in the same transaction.
     *
     * @throws InvalidSpecException with every problem found; nothing is stored then
     */
    public Saved save(JobSpec spec) throws InvalidSpecException {
        List<SpecProblem> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException("job " + spec.name(), problems);
        }
        AppliedJob applied = AppliedJob.apply(database.dsl(), spec, null, "the cockpit", LOCK_TIMEOUT);
        return new Saved(applied.created(), applied.endedExhausted());
    }

    /**
     * Adds the field columns the table lacks, the dispatcher's indexes and the wake-up trigger, in one
     * transaction; returns the statements run (none when the table already had everything).
     *
     * @throws InvalidSpecException when the table is missing or not a table
     */
    public List<String> prepareTable(JobSpec spec) throws InvalidSpecException {
        DSLContext dsl = database.dsl();
        TaskTableSchema schema = new TaskTableSchema(dsl);
        Optional<TableShape> shape = schema.read(spec.table());
        TaskTableCheck.Findings fit = TaskTableCheck.check(spec, shape, () -> schema.tableNames(spec.table().contains(".")));
        List<SpecProblem> blocking = fit.problems().stream().filter(p -> p.parameter().equals("table")).toList();
        if (!blocking.isEmpty()) {
            throw new InvalidSpecException("table " + spec.table(), blocking);
        }
        TaskTableSetup setup = new TaskTableSetup(spec, shape.orElseThrow(), fit.missing());
        return setup.nothingToDo() ? List.of() : setup.run(dsl, LOCK_TIMEOUT);
    }
}
