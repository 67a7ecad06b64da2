package dev.pampa.cli;

import dev.pampa.jobcode.JobsPath;
import dev.pampa.jobs.RowTrials;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.store.Database;
import dev.pampa.work.OneRowTrial;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The process {@code job try} starts: runs the processor on one row in this JVM, writes nothing, prints
 * the outcome as one marked line and exits at once, whatever threads the processor left behind.
 */
@Command(name = "try-here", hidden = true, description = "Runs the processor on one row in this process (what job try starts); writes nothing.")
final class JobTryHereCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--key", required = true)
    String key;

    @Option(names = "--jobs-dir")
    Path jobsDir;

    @Mixin
    DbOptions db;

    @Override
    public Integer call() {
        // the answer goes to the real stdout, taken before the processor could replace System.out
        PrintStream out = System.out;
        RowTrialOutcome outcome;
        try (Database d = db.connect("job try")) {
            outcome = OneRowTrial.run(d, name, key, JobsPath.of(JobsPath.resolveDirectory(jobsDir)));
        }
        out.println(RowTrials.answerLine(outcome));
        out.flush();
        Runtime.getRuntime().halt(ExitCode.OK);
        return ExitCode.OK;
    }
}
