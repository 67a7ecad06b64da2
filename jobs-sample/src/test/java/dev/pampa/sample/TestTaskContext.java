package dev.pampa.sample;

import dev.pampa.api.TaskContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a worker hands a processor, for running processors in the test's own JVM. */
final class TestTaskContext implements TaskContext {
    private final String jobName;
    private final DSLContext db;
    final AtomicBoolean stopping = new AtomicBoolean();

    TestTaskContext(String jobName, DSLContext db) {
        this.jobName = jobName;
        this.db = db;
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger("job." + jobName);
    }

    @Override
    public String workerName() {
        return InProcessWorker.NAME;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public DSLContext db() {
        return db;
    }

    @Override
    public boolean stopRequested() {
        return stopping.get();
    }
}
