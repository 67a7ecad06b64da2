package dev.pampa.store.monitor;

import dev.pampa.model.JobSpec;
import dev.pampa.report.ErrorGroup;
import dev.pampa.report.ErrorGroupPage;
import dev.pampa.report.ErrorOrder;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.EventLog;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.store.WakeUps;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static org.jooq.impl.DSL.inline;

/**
 * The errors screen: a job's failed and dead tasks grouped by their error's fingerprint
 * ({@link ErrorFingerprint}), a page at a time with true totals; one task looked up in any state; and
 * putting tasks back to pending. A failed task is one whose last try failed
 * and that waits for another; a dead one has used up {@code max_try_times}. A retry resets the task
 * as if new (tries 0, no reservation, no times, no outcome, no error), logs a {@code task_retried}
 * event whose message starts with how many tasks it put back, and wakes the dispatcher.
 */
public final class TaskErrors {
    public static final int DEFAULT_MAX_GROUPS = 100;
    public static final int DEFAULT_SAMPLE_KEYS = 5;
    /** A row's value is shown up to this many characters. */
    public static final int VALUE_TEXT_MAX = 2_000;

    private final DSLContext dsl;

    public TaskErrors(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The first 100 groups, most tasks first, each with up to 5 keys of its latest failures. */
    public ErrorGroupPage groups(String job) {
        return groups(job, ErrorOrder.MOST_TASKS, 0, DEFAULT_MAX_GROUPS, DEFAULT_SAMPLE_KEYS);
    }

    /** Groups {@code offset} to {@code offset + limit} in that order, with the totals of all groups. */
    public ErrorGroupPage groups(String job, ErrorOrder order, int offset, int limit, int sampleKeys) {
        TaskTable t = table(job);
        Field<String> key = ErrorFingerprint.key(t).as("fp_key");
        Field<String> message = ErrorFingerprint.message(t).as("fp_message");
        Field<String> frame = ErrorFingerprint.frame(t).as("fp_frame");
        Field<String> firstLine = t.errorMessage().as("first_line");
        Field<OffsetDateTime> at = t.failedAt().as("failed_at");
        Field<String> taskKey = t.primaryKey().cast(SQLDataType.VARCHAR).as("task_key");
        Field<Boolean> isDead = DSL.field(t.dead()).as("is_dead");
        var failed = DSL.select(key, message, frame, firstLine, at, taskKey, isDead).from(t.table())
                .where(t.dead().or(t.failedWaiting())).asTable("failed");
        Field<String> k = failed.field(key);
        Field<String> m = failed.field(message);
        Field<String> f = failed.field(frame);
        Field<String> line = failed.field(firstLine);
        Field<OffsetDateTime> a = failed.field(at);
        Field<String> tk = failed.field(taskKey);
        Field<Boolean> d = failed.field(isDead);
        // jOOQ has no array slice: the templates only cut the aggregates jOOQ builds
        Field<String[]> latestKeys = DSL.field("({0})[1:{1}]", SQLDataType.VARCHAR.array(),
                DSL.arrayAgg(tk).orderBy(a.desc().nullsLast(), DSL.length(tk), tk), inline(sampleKeys));
        Field<String> latestLine = DSL.field("({0})[1]", SQLDataType.VARCHAR, DSL.arrayAgg(line).orderBy(a.desc().nullsLast()));
        // the totals of every group ride on each row of the page: counted over the groups before the limit
        Field<Integer> groups = DSL.count().over().as("total_groups");
        Field<java.math.BigDecimal> tasks = DSL.sum(DSL.count()).over().as("total_tasks");
        Field<java.math.BigDecimal> dead = DSL.sum(DSL.count().filterWhere(d)).over().as("total_dead");
        SortField<?>[] sort = order == ErrorOrder.LATEST
                ? new SortField<?>[] {DSL.max(a).desc().nullsLast(), DSL.count().desc(), k.asc()}
                : new SortField<?>[] {DSL.count().desc(), DSL.max(a).desc().nullsLast(), k.asc()};
        var rows = dsl.select(k, DSL.max(m), DSL.max(f), latestLine, DSL.count(), DSL.count().filterWhere(d), DSL.min(a), DSL.max(a), latestKeys,
                        groups, tasks, dead)
                .from(failed)
                .groupBy(k)
                .orderBy(sort)
                .offset(offset)
                .limit(limit)
                .fetch();
        if (rows.isEmpty()) {
            return offset == 0 ? ErrorGroupPage.empty() : totalsOnly(t);
        }
        List<ErrorGroup> page = rows.map(r -> new ErrorGroup(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                r.value7(), r.value8(), r.value9() == null ? List.of() : List.of(r.value9())));
        Record first = rows.get(0);
        return new ErrorGroupPage(page, first.get(groups), first.get(tasks).longValue(), first.get(dead).longValue());
    }

    private ErrorGroupPage totalsOnly(TaskTable t) {
        Record r = dsl.select(DSL.countDistinct(ErrorFingerprint.key(t)), DSL.count(), DSL.count().filterWhere(t.dead()))
                .from(t.table()).where(t.dead().or(t.failedWaiting())).fetchOne();
        return new ErrorGroupPage(List.of(), r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class));
    }

    /**
     * The task of that key in whatever state it is, with the row's own values (each cut to
     * {@value #VALUE_TEXT_MAX} characters); empty when no task has that key.
     */
    public Optional<TaskDetail> lookUp(String job, String key) {
        TaskTable t = table(job);
        Record r;
        Field<String> keyText = t.primaryKey().cast(SQLDataType.VARCHAR).as("pampa_key_text");
        try {
            // the tracking columns typed by the field map (timestamps with or without a zone read alike), then the row as it is
            r = dsl.select(keyText, t.id(), t.time(), t.times(), t.startTime(), t.endTime(), t.success(), t.errorDescription())
                    .select(DSL.asterisk()).from(t.table()).where(t.primaryKey().eq(inline(key))).fetchOne();
        } catch (org.jooq.exception.DataAccessException e) {
            if ("22P02".equals(e.sqlState())) {
                return Optional.empty(); // not a valid key of this table's key type
            }
            throw e;
        }
        if (r == null) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 8; i < r.size(); i++) {
            Object v = r.get(i);
            String text = v == null ? null : v instanceof Object[] arr ? java.util.Arrays.toString(arr) : String.valueOf(v);
            values.put(r.field(i).getName(), text == null || text.length() <= VALUE_TEXT_MAX ? text : text.substring(0, VALUE_TEXT_MAX) + "…");
        }
        String worker = r.get(1, String.class);
        OffsetDateTime reserved = r.get(2, OffsetDateTime.class);
        Integer tries = r.get(3, Integer.class);
        OffsetDateTime started = r.get(4, OffsetDateTime.class);
        OffsetDateTime ended = r.get(5, OffsetDateTime.class);
        Boolean success = r.get(6, Boolean.class);
        String error = r.get(7, String.class);
        TaskDetail.State state = ended != null ? (Boolean.TRUE.equals(success) ? TaskDetail.State.DONE
                        : success == null && error != null && error.startsWith(TaskTable.CANCELLED) ? TaskDetail.State.CANCELLED : TaskDetail.State.DEAD)
                : worker == null ? (Boolean.FALSE.equals(success) ? TaskDetail.State.WAITING_RETRY : TaskDetail.State.PENDING)
                : started == null ? TaskDetail.State.QUEUED : TaskDetail.State.RUNNING;
        return Optional.of(new TaskDetail(r.get(0, String.class), state, tries == null ? 0 : tries, worker, reserved, started, ended,
                error, values));
    }

    /**
     * The keys of up to {@code limit} tasks in {@code state} (any when null), reserved by or last on
     * {@code worker} (any when null or blank), whose error contains {@code errorText} whatever its case
     * (any when null or blank; LIKE's wildcards in it are taken literally); the latest to end or fail
     * first, then by key.
     */
    public List<String> search(String job, TaskDetail.State state, String worker, String errorText, int limit) {
        TaskTable t = table(job);
        org.jooq.Condition c = DSL.noCondition();
        if (state != null) {
            c = c.and(t.inState(state));
        }
        if (worker != null && !worker.isBlank()) {
            c = c.and(t.id().eq(worker.trim()));
        }
        if (errorText != null && !errorText.isBlank()) {
            c = c.and(t.errorDescription().containsIgnoreCase(errorText.trim()));
        }
        Field<String> keyText = t.primaryKey().cast(SQLDataType.VARCHAR);
        return dsl.select(keyText).from(t.table()).where(c)
                .orderBy(DSL.coalesce(t.endTime(), t.time()).desc().nullsLast(), t.primaryKey())
                .limit(limit)
                .fetch(org.jooq.Record1::value1);
    }

    /** Puts one failed, dead or cancelled task back to pending; returns 1, or 0 when no such task has that key. */
    public int retryTask(String job, String key) {
        return retry(job, key, "task " + key, (t, tx) -> t.retryTask(tx, key));
    }

    /** Puts back every dead task of the group whose {@link ErrorGroup#key()} is {@code key}. */
    public int retryGroup(String job, String key) {
        return retry(job, null, "the dead tasks failing with: " + key, (t, tx) -> t.retryDead(tx, ErrorFingerprint.key(t).eq(key)));
    }

    /** Puts a done task back to pending to run it again; returns 1, or 0 when no done task has that key. */
    public int runAgain(String job, String key) {
        return retry(job, key, "task " + key + " (done) to run again", (t, tx) -> t.runAgain(tx, key));
    }

    /**
     * Cancels the pending or queued task of that key ({@link TaskTable#cancel}), logging a
     * {@code task_cancelled} event in the same transaction; returns 1, or 0 when no pending or queued
     * task has that key.
     */
    public int cancel(String job, String key, String by) {
        TaskTable table = table(job);
        return dsl.transactionResult(c -> {
            int n = table.cancel(c.dsl(), key, by);
            if (n > 0) {
                new EventLog(c.dsl()).record(EventLog.TASK_CANCELLED, job, null, key, "task " + key + " cancelled by " + by);
            }
            return n;
        });
    }

    /**
     * Writes a trial's outcome the operator confirmed ({@link TaskTable#writeTrial}), logging a
     * {@code task_tried} event in the same transaction; returns 1, or 0 when the task was no longer pending.
     */
    public int writeTrial(String job, String key, Map<String, String> columns, String by) {
        TaskTable table = table(job);
        return dsl.transactionResult(c -> {
            int n = table.writeTrial(c.dsl(), key, columns);
            if (n > 0) {
                new EventLog(c.dsl()).record(EventLog.TASK_TRIED, job, null, key,
                        "task " + key + " done by a trial on one row, written by " + by + ": " + String.join(", ", columns.keySet()));
            }
            return n;
        });
    }

    /** Puts back every dead task of the job. */
    public int retryAllDead(String job) {
        return retry(job, null, "all dead tasks", (t, tx) -> t.retryAllDead(tx));
    }

    /** The update, its event and the wake-up in one transaction: the event is there if and only if the tasks moved. */
    private int retry(String job, String key, String what, BiFunction<TaskTable, DSLContext, Integer> action) {
        TaskTable table = table(job);
        return dsl.transactionResult(c -> {
            int n = action.apply(table, c.dsl());
            if (n > 0) {
                new EventLog(c.dsl()).record(EventLog.TASK_RETRIED, job, null, key,
                        n + " task(s) put back to pending by the operator: " + what);
                WakeUps.notify(c.dsl(), WakeUps.DISPATCHER_CHANNEL, job);
            }
            return n;
        });
    }

    private TaskTable table(String job) {
        JobSpec spec = new JobStore(dsl).find(job).orElseThrow(() -> new NoSuchElementException("no job named " + job)).spec();
        return new TaskTable(spec);
    }
}
