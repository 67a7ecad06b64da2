package dev.pampa.cli;

import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import java.io.PrintWriter;

/**
 * What pause and resume share: the dispatcher queues no new task for a paused job; queued and running
 * tasks finish.
 */
final class JobPausedFlag {
    private JobPausedFlag() {
    }

    static int set(DbOptions db, String name, boolean paused, PrintWriter out) {
        try (Database d = db.open(2, paused ? "job pause" : "job resume")) {
            JobStore jobs = new JobStore(d.dsl());
            JobStore.StoredJob job = jobs.find(name).orElseThrow(() ->
                    JobCommand.unknownJob(name, jobs.all().stream().map(JobStore.StoredJob::name).toList()));
            String verb = paused ? "paused" : "resumed";
            if (job.paused() == paused) {
                out.println("job " + name + " is already " + (paused ? "paused" : "running") + ": nothing changed");
            } else if (jobs.setPaused(name, paused)) {
                out.println("job " + name + " " + verb + (paused ? ": no new task is queued; queued and running tasks finish" : ""));
            } else {
                // deleted between find and update: report it as what it now is
                throw JobCommand.unknownJob(name, jobs.all().stream().map(JobStore.StoredJob::name).toList());
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
