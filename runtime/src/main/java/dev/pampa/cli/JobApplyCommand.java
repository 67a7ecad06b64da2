package dev.pampa.cli;

import dev.pampa.jobs.JobApplied;
import dev.pampa.jobs.JobCheck;
import dev.pampa.jobs.JobOperations;
import dev.pampa.jobs.JobProblem;
import dev.pampa.jobs.JobRefusedException;
import dev.pampa.jobs.TableFit;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.SpecProblem;
import dev.pampa.store.AppliedJob;
import dev.pampa.store.Database;
import dev.pampa.jobcode.JobsPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
    @Parameters(index = "0", paramLabel = "FILE", description = "The job's YAML file.")
    Path file;

    @Option(names = "--create-columns",
            description = "Add the field columns the table lacks, the dispatcher's two partial indexes and the wake-up trigger, in the transaction that stores the job.")
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
        try (Database d = db.connect("job apply")) {
            JobOperations jobs = new JobOperations(d, JobsPath.resolveDirectory(jobsDir));
            if (dryRun) {
                JobCheck check = jobs.check(job);
                List<JobProblem> refused = check.refusals(createColumns);
                if (!refused.isEmpty()) {
                    throw invalid(refused.stream().map(JobProblem::asSpecProblem).toList());
                }
                printDryRun(out, check);
            } else {
                printApplied(out, jobs.apply(job, createColumns, file.toString()));
            }
            out.flush();
            return ExitCode.OK;
        } catch (JobRefusedException e) {
            throw invalid(e.problems());
        } catch (AppliedJob.TableBusyException e) {
            throw new CliFailure(ExitCode.FAILURE, e.getMessage());
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

    private void printDryRun(PrintWriter out, JobCheck check) {
        JobSpec job = check.spec();
        out.println("-- dry run: nothing is changed");
        if (createColumns) {
            if (check.table().ddl().isEmpty()) {
                out.println("-- table " + job.table() + " already has every field column, both indexes and the wake-up trigger: no DDL would run");
            } else {
                out.println("-- DDL that would run, in one transaction with storing the job:");
                check.table().ddl().forEach(out::println);
            }
        } else {
            noteMissingIndexes(out, check.table());
        }
        out.println("-- job that would be stored (" + (check.alreadyStored() ? "replacing the stored job " + job.name() : "new") + "):");
        JobYaml.write(job).lines().forEach(l -> out.println("--   " + l));
    }

    private void printApplied(PrintWriter out, JobApplied applied) {
        JobSpec job = applied.check().spec();
        if (createColumns) {
            if (applied.ddlRun().isEmpty()) {
                out.println("-- table " + job.table() + " already has every field column, both indexes and the wake-up trigger: no DDL ran");
            } else {
                out.println("-- DDL run, in one transaction with storing the job:");
                applied.ddlRun().forEach(out::println);
            }
        } else {
            noteMissingIndexes(out, applied.check().table());
        }
        out.println("job " + job.name() + " " + (applied.created() ? "created" : "updated") + " on table " + job.table()
                + " (processor " + job.processor() + ", queue_size " + job.queueSize() + ")");
        if (applied.endedExhausted() > 0) {
            out.println("ended " + applied.endedExhausted() + " pending row" + (applied.endedExhausted() == 1 ? "" : "s")
                    + " whose tries were used up (max_try_times " + job.maxTryTimes() + ")");
        }
    }

    private static void noteMissingIndexes(PrintWriter out, TableFit table) {
        List<String> missing = table.missingIndexes();
        if (!missing.isEmpty()) {
            out.println("-- note: table " + table.table() + " has no index " + String.join(" nor ", missing)
                    + ": the dispatcher scans the whole table without them; add them with --create-columns");
        }
        if (!table.missingTriggers().isEmpty()) {
            out.println("-- note: table " + table.table() + " has no trigger " + table.missingTriggers().get(0)
                    + ": new rows wait for the dispatcher's next poll (500 ms) instead of waking it; add it with --create-columns");
        }
    }
}
