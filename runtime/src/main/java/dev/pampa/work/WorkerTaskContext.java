package dev.pampa.work;

import dev.pampa.process.StopSignal;
import dev.pampa.api.TaskContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a processor sees of the worker running it. */
record WorkerTaskContext(String workerName, String jobName, DSLContext db, StopSignal stop) implements TaskContext {
    @Override
    public Logger log() {
        return LoggerFactory.getLogger("job." + jobName);
    }

    @Override
    public boolean stopRequested() {
        return stop.requested();
    }
}
