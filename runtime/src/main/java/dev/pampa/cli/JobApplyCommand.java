package dev.pampa.cli;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Checks a job's YAML against the live database and its classes against the jobs path, then stores it.",
                "Every problem found is reported; nothing is stored unless there is none."})
final class JobApplyCommand implements Callable<Integer> {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "FILE", description = "The job's YAML file.")
    Path file;

    @Option(names = "--create-columns",
            description = "Add the field columns the table lacks and the dispatcher's two partial indexes, in the transaction that stores the job.")
    boolean createColumns;

    @Option(names = "--dry-run", description = "Check and print the DDL and the job that would be stored; change nothing.")
    boolean dryRun;

    @Option(names = "--jobs-dir", paramLabel = "DIR",
            description = "Where job jars are. Default: $PAMPA_JOBS_DIR, else jobs/ next to the runtime jar.")
    Path jobsDir;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JobSpec job = readFile();
        List<SpecProblem> problems = new ArrayList<>();
        try (Database d = db.open(2, "job apply")) {
            DSLContext dsl = d.dsl();
            TaskTableSchema schema = new TaskTableSchema(dsl);
            Optional<TableShape> shape = schema.read(job.table());
            TaskTableCheck.Findings fit = TaskTableCheck.check(job, shape, () -> schema.tableNames(job.table().contains(".")));
            problems.addAll(fit.problems());
            if (!createColumns) {
                problems.addAll(fit.missingAsProblems());
            }
            problems.addAll(JobClassCheck.problems(job, JobsPath.of(JobsPath.resolveDirectory(jobsDir))));
            if (!problems.isEmpty()) {
                throw invalid(problems);
            }
            // no problem means the table exists, and every missing column is one to create
            TaskTableSetup setup = new TaskTableSetup(job, shape.orElseThrow(), createColumns ? fit.missing() : List.of());
            if (dryRun) {
                printDryRun(out, dsl, job, setup);
            } else {
                AppliedJob applied;
                try {
                    applied = AppliedJob.apply(dsl, job, createColumns ? setup : null, file.toString(), LOCK_TIMEOUT);
                } catch (AppliedJob.TableBusyException e) {
                    throw new CliFailure(ExitCode.FAILURE, e.getMessage());
                }
                printApplied(out, job, setup, applied);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    private JobSpec readFile() {
        try {
            return JobYaml.read(file);
        } catch (InvalidSpecException e) {
            throw invalid(e.problems());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INVALID_JOB, "cannot read the job file " + file + ": " + e.getMessage()
                    + " — check the path and that it is a readable file");
        }
    }

    /** The summary on the first line, then one problem a line, so that none is lost in a long line. */
    private CliFailure invalid(List<SpecProblem> problems) {
        StringBuilder m = new StringBuilder("job " + file + " is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + ") — fix " + (problems.size() == 1 ? "it" : "each") + " and apply again");
        for (SpecProblem p : problems) {
            m.append(System.lineSeparator()).append("  ").append(p);
        }
        return new CliFailure(ExitCode.INVALID_JOB, m.toString());
    }

    private void printDryRun(PrintWriter out, DSLContext dsl, JobSpec job, TaskTableSetup setup) {
        out.println("-- dry run: nothing is changed");
        if (createColumns) {
            if (setup.nothingToDo()) {
                out.println("-- table " + job.table() + " already has every field column, both indexes and the wake-up trigger: no DDL would run");
            } else {
                out.println("-- DDL that would run, in one transaction with storing the job:");
                setup.sql(dsl).forEach(out::println);
            }
        } else {
            noteMissingIndexes(out, job, setup);
        }
        boolean stored = new JobStore(dsl).find(job.name()).isPresent();
        out.println("-- job that would be stored (" + (stored ? "replacing the stored job " + job.name() : "new") + "):");
        JobYaml.write(job).lines().forEach(l -> out.println("--   " + l));
    }

    private void printApplied(PrintWriter out, JobSpec job, TaskTableSetup setup, AppliedJob applied) {
        if (createColumns) {
            if (applied.ddl().isEmpty()) {
                out.println("-- table " + job.table() + " already has every field column, both indexes and the wake-up trigger: no DDL ran");
            } else {
                out.println("-- DDL run, in one transaction with storing the job:");
                applied.ddl().forEach(out::println);
            }
        } else {
            noteMissingIndexes(out, job, setup);
        }
        out.println("job " + job.name() + " " + (applied.created() ? "created" : "updated") + " on table " + job.table()
                + " (processor " + job.processor() + ", queue_size " + job.queueSize() + ")");
        if (applied.endedExhausted() > 0) {
            out.println("ended " + applied.endedExhausted() + " pending row" + (applied.endedExhausted() == 1 ? "" : "s")
                    + " whose tries were used up (max_try_times " + job.maxTryTimes() + ")");
        }
    }

    private static void noteMissingIndexes(PrintWriter out, JobSpec job, TaskTableSetup setup) {
        List<String> missing = setup.missingIndexes();
        if (!missing.isEmpty()) {
            out.println("-- note: table " + job.table() + " has no index " + String.join(" nor ", missing)
                    + ": the dispatcher scans the whole table without them; add them with --create-columns");
        }
        if (!setup.missingTriggers().isEmpty()) {
            out.println("-- note: table " + job.table() + " has no trigger " + setup.missingTriggers().get(0)
                    + ": new rows wait for the dispatcher's next poll (500 ms) instead of waking it; add it with --create-columns");
        }
    }
}
