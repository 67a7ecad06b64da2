package dev.pampa.jobcode;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.DatabaseAllowingFunction;
import dev.pampa.api.TaskFields;
import dev.pampa.api.WorkerLoad;
import dev.pampa.store.ReadOnlyAccess;
import org.slf4j.LoggerFactory;

/**
 * A job's {@link DatabaseAllowingFunction} as the dispatcher and the agents call it: with read-only,
 * time-bounded access to the database, and "not allowed" for the round when it throws or times out.
 */
final class ReadingAllowing implements AllowingFunction {
    private static final FailureLog FAILURES = new FailureLog(LoggerFactory.getLogger(ReadingAllowing.class));

    private final String job;
    private final TaskFields fields;
    private final DatabaseAllowingFunction function;
    private final ReadOnlyAccess access;

    ReadingAllowing(String job, TaskFields fields, DatabaseAllowingFunction function, ReadOnlyAccess access) {
        this.job = job;
        this.fields = fields;
        this.function = function;
        this.access = access;
    }

    @Override
    public boolean allows(WorkerLoad load, int occupied, int queueSize) {
        try {
            return access.read(job, fields, db -> function.allows(load, occupied, queueSize, db));
        } catch (RuntimeException | LinkageError e) {
            String why = ReadOnlyAccess.timedOut(e) ? "a statement ran longer than the function timeout (" + access.timeout().toMillis() + " ms); " : "";
            FAILURES.failed(job, "allowing_function", function.getClass().getName(), e, why + "not allowed this round");
            return false;
        }
    }
}
