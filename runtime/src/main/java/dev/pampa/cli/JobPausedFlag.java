package dev.pampa.cli;

import dev.pampa.jobs.JobOperations;
import dev.pampa.jobs.UnknownJobException;
import dev.pampa.store.Database;
import java.io.PrintWriter;

/**
 * What pause and resume share: the dispatcher queues no new task for a paused job; queued and running
 * tasks finish.
 */
final class JobPausedFlag {
    private JobPausedFlag() {
    }

    static int set(DbOptions db, String name, boolean paused, PrintWriter out) {
        try (Database d = db.connect(paused ? "job pause" : "job resume")) {
            if (!new JobOperations(d, JobOperations.defaultJobsDirectory()).setPaused(name, paused)) {
                out.println("job " + name + " is already " + (paused ? "paused" : "running") + ": nothing changed");
            } else {
                out.println("job " + name + " " + (paused ? "paused: no new task is queued; queued and running tasks finish" : "resumed"));
            }
            out.flush();
            return ExitCode.OK;
        } catch (UnknownJobException e) {
            throw new CliFailure(ExitCode.UNKNOWN_JOB, e.getMessage());
        }
    }
}
