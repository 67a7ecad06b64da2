package dev.pampa.work;

import dev.pampa.process.StopSignal;
import dev.pampa.api.TaskContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a processor sees of the worker running it. */
record WorkerTaskContext(String workerName, String jobName, DSLContext db, StopSignal stop) implements TaskContext {
    /** Runs {@code work} with a context whose database writes are rolled back when it returns (a trial on one row). */
    static <T> T rolledBack(dev.pampa.store.Database database, String workerName, String jobName, java.util.function.Function<TaskContext, T> work) {
        return dev.pampa.store.RolledBackTransaction.run(database, tx -> work.apply(new WorkerTaskContext(workerName, jobName, tx, new StopSignal())));
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger("job." + jobName);
    }

    @Override
    public boolean stopRequested() {
        return stop.requested();
    }
}
