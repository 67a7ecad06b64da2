package dev.pampa.work;

import dev.pampa.process.StopSignal;
import dev.pampa.api.TaskContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a processor sees of a worker served by its node's agent: the database only on demand. */
record AgentTaskContext(String workerName, String jobName, LazyDatabase database, StopSignal stop) implements TaskContext {
    @Override
    public Logger log() {
        return LoggerFactory.getLogger("job." + jobName);
    }

    @Override
    public DSLContext db() {
        return database.dsl(jobName);
    }

    @Override
    public boolean stopRequested() {
        return stop.requested();
    }
}
