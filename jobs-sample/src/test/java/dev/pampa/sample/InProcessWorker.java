package dev.pampa.sample;

import dev.pampa.api.SelectingFunction;
import dev.pampa.api.Task;
import dev.pampa.api.TaskProcessor;
import dev.pampa.model.JobSpec;
import dev.pampa.store.Database;
import dev.pampa.store.StatementBatch;
import dev.pampa.store.TaskTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Query;
import org.jooq.Record;

/**
 * Runs a sample job to the end in the test's JVM, one thread, through the same {@link TaskTable}
 * statements the dispatcher and a worker use: reserve, start, process, finish. It checks a sample's
 * processor against its real table and field map; the real worker and dispatcher processes are
 * tested with their own commands.
 */
final class InProcessWorker {
    static final String NAME = "test.1";

    private final Database db;
    private final JobSpec job;
    private final TaskTable table;
    private final TaskProcessor processor;
    private final TestTaskContext ctx;

    InProcessWorker(Database db, JobSpec job) throws ReflectiveOperationException {
        this.db = db;
        this.job = job;
        this.table = new TaskTable(job);
        this.processor = (TaskProcessor) Class.forName(job.processor()).getConstructor().newInstance();
        this.ctx = new TestTaskContext(job.name(), db.dsl());
    }

    /** Processes every task until none is pending, queued or running; returns the tries made. */
    int runToEnd(int batch, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int tries = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(job.name() + " still has " + unfinished() + " unfinished tasks after " + timeout);
            }
            table.claim(db.dsl(), NAME, batch, SelectingFunction.DEFAULT);
            if (table.start(db.dsl(), NAME, batch, dev.pampa.store.TaskTable.DEFAULT_MAX_ROW_BYTES).isEmpty()) {
                if (unfinished() == 0) {
                    break;
                }
                // failed tasks wait out retry_delay_seconds before they can be reserved again
                Thread.sleep(100);
                continue;
            }
            List<Query> finishes = new ArrayList<>();
            for (Record r : running()) {
                finishes.add(processOne(r));
                tries++;
            }
            db.dsl().transaction(c -> c.dsl().connection(conn -> StatementBatch.execute(conn, finishes)));
        }
        return tries;
    }

    /**
     * The rows this worker started and has not finished, read back: {@link TaskTable#start} returns its
     * rows without their columns (RETURNING * on a table whose fields jOOQ does not know).
     */
    private List<Record> running() {
        return db.dsl().selectFrom(table.table())
                .where(table.id().eq(NAME).and(table.startTime().isNotNull()).and(table.endTime().isNull()))
                .fetch()
                .map(r -> (Record) r);
    }

    private Query processOne(Record r) {
        Object key = r.get(job.fields().primaryKey());
        int tryNumber = r.get(job.fields().times(), Integer.class);
        Task task = new Task(key, tryNumber, r.intoMap());
        try {
            processor.process(task, ctx);
            return table.finishDone(db.dsl(), NAME, key, tryNumber, task.staged());
        } catch (Exception e) {
            return table.finishFailed(db.dsl(), NAME, key, tryNumber, e.getMessage());
        }
    }

    private long unfinished() {
        long[] s = table.countStates(db.dsl());
        return s[0] + s[1] + s[2];
    }

    /** pending, queued, running, done, dead, retrying, as {@link TaskTable#countStates} counts them. */
    long[] states() {
        return table.countStates(db.dsl());
    }
}
