package dev.pampa.store;

import dev.pampa.api.SelectingFunction;
import dev.pampa.api.TaskFields;
import dev.pampa.model.FieldMap;
import dev.pampa.model.JobSpec;
import dev.pampa.model.TableName;
import dev.pampa.report.JobProgress;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

/**
 * The operator's task table under one job's field map. Every statement on that table is rendered
 * here, with each identifier quoted by jOOQ. A worker's writes are fenced: they apply only while the
 * task is still reserved for that worker and still on the try the worker started.
 */
public final class TaskTable implements TaskFields {
    /** How many figures {@link #countStates} returns. */
    public static final int STATE_COUNT_COLUMNS = 8;
    /**
     * The largest row a worker is given, by default: 16 MiB, which a worker with the README's lean heap
     * (-Xmx128m) holds with room to spare (read, decoded and sent, a row is held about three times over).
     */
    public static final long DEFAULT_MAX_ROW_BYTES = 16L << 20;
    /** Error groups are keyed by at most this many characters of an error's first line. */
    public static final int ERROR_MESSAGE_MAX = 500;

    private final JobSpec job;
    private final Table<Record> table;
    private final Field<Object> pk;
    private final Field<String> id;
    private final Field<OffsetDateTime> time;
    private final Field<Integer> times;
    private final Field<OffsetDateTime> startTime;
    private final Field<OffsetDateTime> endTime;
    private final Field<Boolean> success;
    private final Field<String> error;
    /** When the task may start, tasks without a time counting as due long ago; null when the job has no field_scheduled_time. */
    private final Field<OffsetDateTime> dueAt;

    public TaskTable(JobSpec job) {
        this.job = job;
        this.table = DSL.table(tableName(job.table()));
        FieldMap f = job.fields();
        this.pk = DSL.field(DSL.name(f.primaryKey()));
        this.id = DSL.field(DSL.name(f.id()), SQLDataType.VARCHAR);
        this.time = DSL.field(DSL.name(f.time()), SQLDataType.TIMESTAMPWITHTIMEZONE);
        this.times = DSL.field(DSL.name(f.times()), SQLDataType.INTEGER);
        this.startTime = DSL.field(DSL.name(f.startTime()), SQLDataType.TIMESTAMPWITHTIMEZONE);
        this.endTime = DSL.field(DSL.name(f.endTime()), SQLDataType.TIMESTAMPWITHTIMEZONE);
        this.success = DSL.field(DSL.name(f.success()), SQLDataType.BOOLEAN);
        this.error = DSL.field(DSL.name(f.errorDescription()), SQLDataType.CLOB);
        // the literal is left untyped so that PostgreSQL gives it the column's own type, timestamp or
        // timestamptz: the expression then stays immutable, indexable, and the same in index and query
        this.dueAt = f.scheduledTime() == null ? null
                : DSL.coalesce(DSL.field(DSL.name(f.scheduledTime()), SQLDataType.TIMESTAMPWITHTIMEZONE),
                        DSL.field("'-infinity'", SQLDataType.TIMESTAMPWITHTIMEZONE));
    }

    /** {@code schema.table} or {@code table}, each part quoted on its own. */
    public static Name tableName(String table) {
        return DSL.name(TableName.parse(table).parts());
    }

    public JobSpec job() {
        return job;
    }

    // ---- TaskFields, for the optional functions ----
    @Override public Table<?> table() { return table; }
    @Override public Field<Object> primaryKey() { return pk; }
    @Override public Field<String> id() { return id; }
    @Override public Field<OffsetDateTime> time() { return time; }
    @Override public Field<Integer> times() { return times; }
    @Override public Field<OffsetDateTime> startTime() { return startTime; }
    @Override public Field<OffsetDateTime> endTime() { return endTime; }
    @Override public Field<Boolean> success() { return success; }
    @Override public Field<String> errorDescription() { return error; }
    @Override public Field<Object> column(String name) { return DSL.field(DSL.name(name)); }

    private static Field<OffsetDateTime> now() {
        return DSL.currentOffsetDateTime();
    }

    private static Field<OffsetDateTime> secondsAgo(int seconds) {
        return DbClock.secondsAgo(seconds);
    }

    private Field<Integer> tries() {
        return coalesce(times, inline(0));
    }

    // ---- states (docs/design.md §4) ----

    /**
     * Not reserved, not ended, tries left, past the retry delay if it failed before, and due: a task
     * whose field_scheduled_time lies ahead is not pending until then. The due test is written as a
     * range on the expression the pending index of a scheduled job is ordered by
     * ({@link TaskTableSetup}), so that rows scheduled later are never read; a timestamp column without
     * zone is compared in the sessions' UTC (PostgreSQL's cross-type operator, still an index range).
     */
    public Condition pending() {
        Condition ready = job.retryDelaySeconds() == 0
                ? DSL.noCondition()
                : success.isNull().or(time.isNull()).or(time.le(secondsAgo(job.retryDelaySeconds())));
        Condition due = dueAt == null ? DSL.noCondition() : dueAt.le(now());
        return id.isNull().and(endTime.isNull()).and(triesLeft()).and(ready).and(due);
    }

    /** The expression the pending index of a scheduled job leads with; null when the job has no field_scheduled_time. */
    Field<OffsetDateTime> dueAt() {
        return dueAt;
    }

    /**
     * The order pending rows are reserved in: the selecting function's, except that the default order of
     * a scheduled job is the earliest due first, then the key, which is the order of its pending index.
     */
    public List<? extends org.jooq.SortField<?>> claimOrder(SelectingFunction selecting) {
        if (dueAt != null && selecting == SelectingFunction.DEFAULT) {
            return List.of(dueAt.asc(), pk.asc());
        }
        return selecting.order(this);
    }

    private Condition suspect() {
        return coalesce(error, inline("")).startsWith(inline(SUSPECT));
    }

    /** Tries left: fewer than max_try_times, or one more for a suspect ({@link #takeBackFrom}). */
    private Condition triesLeft() {
        return tries().lt(val(job.maxTryTimes())).or(suspect().and(tries().le(val(job.maxTryTimes()))));
    }

    public Condition queuedFor(String worker) {
        return id.eq(worker).and(startTime.isNull()).and(endTime.isNull());
    }

    // ---- dispatcher ----

    /**
     * Reserves up to {@code n} pending rows for the worker, skipping rows another transaction holds,
     * so that no row is ever reserved twice. Returns how many were reserved.
     */
    public int claim(DSLContext dsl, String worker, int n, SelectingFunction selecting) {
        var candidates = DSL.select(pk).from(table)
                .where(pending().and(selecting.filter(this)))
                .orderBy(claimOrder(selecting))
                .limit(n)
                .forUpdate().skipLocked();
        return dsl.update(table)
                .set(id, worker)
                .set(time, now())
                .setNull(startTime)
                .where(inLocked(candidates))
                .execute();
    }

    /**
     * The key is one of those the locking subquery picked. {@code IN (subquery)} with a locking
     * subquery cannot become a join, and PostgreSQL then re-runs it for every row of the table;
     * {@code = ANY(ARRAY(subquery))} runs it once and looks the keys up by index.
     */
    private Condition inLocked(org.jooq.Select<? extends org.jooq.Record1<Object>> keys) {
        return pk.eq(DSL.any(DSL.array(keys)));
    }

    /** Queued and running counts per worker, for the workers given. */
    public Map<String, int[]> loadByWorker(DSLContext dsl, Collection<String> workers) {
        Map<String, int[]> out = new java.util.HashMap<>();
        if (workers.isEmpty()) {
            return out;
        }
        dsl.select(id, count().filterWhere(startTime.isNull()), count().filterWhere(startTime.isNotNull()))
                .from(table)
                .where(id.in(workers).and(endTime.isNull()))
                .groupBy(id)
                .fetch()
                .forEach(r -> out.put(r.value1(), new int[] {r.value2(), r.value3()}));
        return out;
    }

    /** Keys of the queued (reserved, not started) rows of each worker given, in the order they were reserved. */
    public Map<String, java.util.ArrayDeque<Object>> queuedKeysByWorker(DSLContext dsl, Collection<String> workers) {
        Map<String, java.util.ArrayDeque<Object>> out = new java.util.HashMap<>();
        if (workers.isEmpty()) {
            return out;
        }
        dsl.select(id, pk)
                .from(table)
                .where(id.in(workers).and(startTime.isNull()).and(endTime.isNull()))
                .orderBy(time, pk)
                .fetch()
                .forEach(r -> out.computeIfAbsent(r.value1(), w -> new java.util.ArrayDeque<>()).addLast(r.value2()));
        return out;
    }

    /** A released try's error text: the reason, and the worker it was on. */
    private Field<String> reasonOn(String reason) {
        return DSL.concat(val(reason + " on worker "), coalesce(id, inline("?")));
    }

    /**
     * Takes back running tasks older than {@code max_job_duration_minutes}: back to pending while
     * tries remain, else dead. Returns the keys given up on (dead).
     */
    public TakeBack takeBackTimedOut(DSLContext dsl) {
        int minutes = job.maxJobDurationMinutes();
        Condition overdue = id.isNotNull().and(endTime.isNull()).and(startTime.isNotNull())
                .and(startTime.lt(secondsAgo(minutes * 60)));
        String reason = "timed out: ran longer than max_job_duration_minutes (" + minutes + ")";
        return takeBack(dsl, overdue, reason);
    }

    /** How the error of a suspect begins: a task started with others by a worker that then died. */
    public static final String SUSPECT = "suspect: ";

    /**
     * Takes back the queued and running tasks of workers that died. A worker runs its started tasks
     * one at a time: one that died holding a single started try was running it, and that try counts
     * as failed (dead when its tries are used up). One that died holding several ran one of them, and
     * which is unknown: they go back as suspects ({@link #SUSPECT}), their tries counted as every start
     * is (a try number is never run twice, which the fences rely on) but never ended dead for it, with
     * one try beyond {@code max_try_times} ({@link #pending}); {@link #start} hands a suspect out alone.
     * The one that kills its worker then does so alone and is charged; the others run.
     */
    public TakeBack takeBackFrom(DSLContext dsl, Collection<String> deadWorkers, String reason) {
        if (deadWorkers.isEmpty()) {
            return new TakeBack(0, 0, List.of());
        }
        Condition theirs = id.in(deadWorkers).and(endTime.isNull());
        int requeued = dsl.update(table).setNull(id).where(theirs.and(startTime.isNull())).execute();
        var batched = DSL.select(id).from(table).where(theirs.and(startTime.isNotNull())).groupBy(id).having(count().gt(1));
        int suspects = dsl.update(table)
                .set(error, DSL.concat(inline(SUSPECT + "its worker died while it was started with other tasks, one of which ran;"
                        + " it runs alone next, with a try beyond max_try_times (" + reason + " on worker "), coalesce(id, inline("-")), inline(")")))
                .setNull(id).set(time, now()).set(success, false)
                .where(theirs.and(startTime.isNotNull()).and(id.in(batched)))
                .execute();
        TakeBack running = takeBack(dsl, theirs.and(startTime.isNotNull()), reason);
        return new TakeBack(requeued + suspects + running.retried(), running.retried(), running.dead());
    }

    private TakeBack takeBack(DSLContext dsl, Condition which, String reason) {
        List<Object> dead = dsl.update(table)
                .set(endTime, now())
                .set(success, false)
                .set(error, DSL.concat(reasonOn(reason), inline("; tries used up (max_try_times)")))
                .where(which.and(tries().ge(val(job.maxTryTimes()))))
                .returningResult(pk)
                .fetch(r -> r.value1());
        int retried = dsl.update(table)
                .setNull(id)
                .set(time, now())
                .set(success, false)
                .set(error, reasonOn(reason))
                .where(which.and(tries().lt(val(job.maxTryTimes()))))
                .execute();
        return new TakeBack(retried, retried, dead);
    }

    /** What a take-back did: rows back to pending (of which retried count a used try), keys now dead. */
    public record TakeBack(int released, int retried, List<Object> dead) {
    }

    /** Ends pending rows whose tries are used up (max_try_times was lowered, or a table from elsewhere). */
    public int endExhausted(DSLContext dsl) {
        return dsl.update(table)
                .set(endTime, now())
                .set(success, false)
                .set(error, coalesce(error, inline("")).concat(inline(" (tries used up: max_try_times)")))
                .where(id.isNull().and(endTime.isNull()).and(DSL.not(triesLeft())))
                .execute();
    }

    /**
     * Puts ended rows matching the relaunching function back to pending, with their tries reset. A
     * cancelled row stays cancelled: the operator ended it, and only the operator starts it again.
     */
    public int relaunch(DSLContext dsl, Condition which) {
        return dsl.update(table)
                .setNull(id).setNull(time).set(times, inline(0)).setNull(startTime).setNull(endTime)
                .setNull(success).setNull(error)
                .where(endTime.isNotNull().and(DSL.not(cancelled())).and(which))
                .execute();
    }

    /** Puts every done row (ended with success) back to pending, tries reset: a recurring job's firing. Dead rows stay dead. */
    public int relaunchDone(DSLContext dsl) {
        return relaunch(dsl, success.isTrue());
    }

    /** Pending rows, counted up to {@code cap} (elastic assignment needs no more). */
    public long countPending(DSLContext dsl, int cap) {
        return dsl.fetchCount(DSL.selectOne().from(table).where(pending()).limit(cap));
    }

    /** Gives back every queued, not started task of the job (the job was paused). */
    public int releaseAllQueued(DSLContext dsl) {
        return dsl.update(table).setNull(id).where(id.isNotNull().and(startTime.isNull()).and(endTime.isNull())).execute();
    }

    /**
     * pending, queued, running, done, dead, retrying, failed tries, cancelled: one scan of the table.
     *
     * <p>Failed tries are not stored anywhere; they are derived from each row's try counter (§4 of
     * docs/design.md): a row has failed every try it started except the one running now or the one that
     * succeeded. So a dead row counts all its tries, a pending or queued row after a failure all its
     * tries, a running row and a done row all but one. A try taken back from a dead worker or after a
     * timeout counts as failed (it is); a try a stopping worker gave back unrun is undone and does not.
     * Resetting a row's tries (a retry, a relaunch) takes its failures out of the figure.
     */
    public long[] countStates(DSLContext dsl) {
        Condition running = id.isNotNull().and(endTime.isNull()).and(startTime.isNotNull());
        Condition done = endTime.isNotNull().and(success.isTrue());
        Field<Integer> failedTries = DSL.greatest(tries().minus(DSL.when(running.or(done), inline(1)).otherwise(inline(0))), inline(0));
        Record r = dsl.select(
                        count().filterWhere(id.isNull().and(endTime.isNull())),
                        count().filterWhere(id.isNotNull().and(endTime.isNull()).and(startTime.isNull())),
                        count().filterWhere(running),
                        count().filterWhere(done),
                        count().filterWhere(dead()),
                        count().filterWhere(id.isNull().and(endTime.isNull()).and(success.isFalse())),
                        coalesce(DSL.sum(failedTries), inline(java.math.BigDecimal.ZERO)),
                        count().filterWhere(cancelled()))
                .from(table)
                .fetchOne();
        long[] out = new long[STATE_COUNT_COLUMNS];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) r.get(i)).longValue();
        }
        return out;
    }

    /**
     * The earliest start and latest end of the ended tasks, and how many of them ran (done or dead):
     * how long a finished job took. One scan of the table.
     */
    public dev.pampa.report.JobSpan span(DSLContext dsl) {
        Record r = dsl.select(DSL.min(startTime), DSL.max(endTime), count().filterWhere(endTime.isNotNull().and(DSL.not(cancelled()))))
                .from(table).where(endTime.isNotNull()).fetchOne();
        return new dev.pampa.report.JobSpan(r.get(0, OffsetDateTime.class), r.get(1, OffsetDateTime.class), r.get(2, Long.class));
    }

    /** The tasks by state: one scan of the table (the failed tries of {@link #countStates} left out). */
    public JobProgress progress(DSLContext dsl) {
        long[] c = countStates(dsl);
        return new JobProgress(c[0], c[1], c[2], c[3], c[4], c[5], c[7]);
    }

    // ---- errors (the cockpit's errors screen) ----

    /** Dead (ended without success, and not cancelled), as {@link #countStates} counts them. */
    public Condition dead() {
        return endTime.isNotNull().and(success.isFalse().or(success.isNull().and(DSL.not(cancelMarked()))));
    }

    /** How the error of a cancelled task begins (docs/design.md §4): ended, no outcome, this marker. */
    public static final String CANCELLED = "cancelled: ";

    private Condition cancelMarked() {
        return coalesce(error, inline("")).startsWith(inline(CANCELLED));
    }

    /**
     * Cancelled by the operator: ended with no outcome ({@code field_success} NULL) and an error that
     * begins with {@link #CANCELLED}. Every part of the dispatch cycle looks only at unended rows, so a
     * cancelled task is never reserved, started or taken back.
     */
    public Condition cancelled() {
        return endTime.isNotNull().and(success.isNull()).and(cancelMarked());
    }

    /**
     * Cancels the pending or queued task of this key: ended, no outcome, unreserved, the error saying
     * who cancelled it and where it stood. A queued task's worker then never starts it: its start
     * takes only unended rows, and the row lock orders the two ({@link #start} re-checks after it).
     * Returns 1, or 0 when no pending or queued task has that key (running, ended, or no such key).
     */
    public int cancel(DSLContext dsl, String key, String by) {
        Field<String> why = DSL.concat(val(CANCELLED + "by " + by + ", "),
                DSL.when(id.isNull(), inline("while pending")).otherwise(DSL.concat(inline("while queued on worker "), id)));
        try {
            return dsl.update(table)
                    .set(endTime, now()).setNull(success).set(error, why).setNull(id)
                    .where(keyIs(key).and(endTime.isNull()).and(id.isNull().or(startTime.isNull())))
                    .execute();
        } catch (org.jooq.exception.DataAccessException e) {
            if ("22P02".equals(e.sqlState())) {
                return 0;
            }
            throw e;
        }
    }

    /** Tasks in that state as {@code TaskErrors.lookUp} names them (pending here is any unreserved, unended task that has not failed). */
    public Condition inState(dev.pampa.report.TaskDetail.State state) {
        return switch (state) {
            case PENDING -> id.isNull().and(endTime.isNull()).and(success.isDistinctFrom(false));
            case WAITING_RETRY -> failedWaiting();
            case QUEUED -> id.isNotNull().and(startTime.isNull()).and(endTime.isNull());
            case RUNNING -> id.isNotNull().and(startTime.isNotNull()).and(endTime.isNull());
            case DONE -> endTime.isNotNull().and(success.isTrue());
            case DEAD -> dead();
            case CANCELLED -> cancelled();
        };
    }

    /** Failed on its last try and waiting, unreserved, for another (retrying in {@link #countStates}). */
    public Condition failedWaiting() {
        return id.isNull().and(endTime.isNull()).and(success.isFalse());
    }

    /**
     * An error's group key: the first line of its description (the exception's class and message),
     * so that stack traces differing in line numbers or frames fall in one group.
     */
    public Field<String> errorMessage() {
        Field<String> firstLine = DSL.splitPart(coalesce(error, inline("")), DSL.chr(inline(10)), inline(1));
        return DSL.left(DSL.rtrim(firstLine, DSL.chr(inline(13))), inline(ERROR_MESSAGE_MAX));
    }

    /**
     * When a failed task last failed: its end time when dead, else the time it was released after the
     * failed try ({@code field_time}), which is when a waiting task's last try ended.
     */
    public Field<OffsetDateTime> failedAt() {
        return coalesce(endTime, time);
    }

    /** The task of this key; the key is given as text and read by PostgreSQL as the key column's type. */
    private Condition keyIs(String key) {
        return pk.eq(inline(key));
    }

    /**
     * Puts a dead, cancelled or waiting failed task back to pending as if new: unreserved, tries reset
     * to 0, start, end, success and error cleared, so the dispatcher gives it {@code max_try_times}
     * fresh tries at once. Returns 1 when it was retried, 0 when no such task has that key (a queued,
     * running or done task is left alone).
     */
    public int retryTask(DSLContext dsl, String key) {
        try {
            return retry(dsl, keyIs(key).and(dead().or(failedWaiting()).or(cancelled())));
        } catch (org.jooq.exception.DataAccessException e) {
            if ("22P02".equals(e.sqlState())) {
                return 0;
            }
            throw e;
        }
    }

    /** The row of this key as it is now, every column by name; null when no row has that key (or the key is not of the key's type). */
    public Map<String, Object> readRow(DSLContext dsl, String key) {
        try {
            Record r = dsl.select(DSL.asterisk()).from(table).where(keyIs(key)).fetchOne();
            return r == null ? null : r.intoMap();
        } catch (org.jooq.exception.DataAccessException e) {
            if ("22P02".equals(e.sqlState())) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Writes the outcome of a trial on one row that the operator confirmed (Run on one row): the result
     * columns, each given as text and read by PostgreSQL as its column's type, and the task ended done
     * on a try of its own (started and ended now, the try counted). Only while the task is pending: one
     * a worker reserved meanwhile is left to it. Returns 1, or 0 when it was not pending.
     */
    public int writeTrial(DSLContext dsl, String key, Map<String, String> columns) {
        Map<Field<?>, Object> values = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            // an untyped literal: PostgreSQL gives it the column's type, as it would the value a worker binds
            values.put(column(e.getKey()), e.getValue() == null ? DSL.inline((Object) null) : DSL.field("{0}", Object.class, DSL.inline(e.getValue())));
        }
        UpdateSetMoreStep<Record> u = dsl.update(table).set(startTime, now()).set(endTime, now()).set(success, true).setNull(error)
                .set(times, tries().plus(inline(1))).set(time, now());
        if (!values.isEmpty()) {
            u = u.set(values);
        }
        return u.where(keyIs(key).and(id.isNull()).and(endTime.isNull())).execute();
    }

    /** Puts every dead task that also meets {@code which} back to pending; returns how many. */
    public int retryDead(DSLContext dsl, Condition which) {
        return retry(dsl, dead().and(which));
    }

    /** Puts a done task back to pending as if new, to run it again; returns 1, or 0 when no done task has that key. */
    public int runAgain(DSLContext dsl, String key) {
        try {
            return retry(dsl, keyIs(key).and(endTime.isNotNull()).and(success.isTrue()));
        } catch (org.jooq.exception.DataAccessException e) {
            if ("22P02".equals(e.sqlState())) {
                return 0;
            }
            throw e;
        }
    }

    /** Puts every dead task of the job back to pending; returns how many. */
    public int retryAllDead(DSLContext dsl) {
        return retry(dsl, dead());
    }

    private int retry(DSLContext dsl, Condition which) {
        // dead rows keep the worker that ended them; a waiting row reserved meanwhile no longer matches
        // failedWaiting() once the dispatcher's transaction commits, and PostgreSQL re-checks it then
        return dsl.update(table)
                .setNull(id).setNull(time).set(times, inline(0)).setNull(startTime).setNull(endTime)
                .setNull(success).setNull(error)
                .where(which)
                .execute();
    }

    // ---- worker ----

    /**
     * Starts up to {@code n} of the worker's queued tasks, oldest reservation first: sets the start
     * time and counts the try. Returns the started rows as they are now. Rows are measured before they
     * are fetched ({@link RowSize}): one over {@code maxRowBytes} is ended dead with the cause in the same
     * statement, and the rows returned stop at {@code maxRowBytes} in all (the first always comes), the
     * rest staying queued for the next start. A suspect ({@link #takeBackFrom}) starts alone.
     */
    public Result<Record> start(DSLContext dsl, String worker, int n, long maxRowBytes) {
        Field<Boolean> suspect = DSL.field(suspect()).as("pampa_suspect");
        var picked = DSL.select(pk, RowSize.ofRow(table), suspect).from(table).where(queuedFor(worker)).orderBy(time.asc(), pk.asc()).limit(n).forUpdate();
        Field<Integer> refusedTimes = DSL.field(DSL.name("pampa_r", job.fields().times()), SQLDataType.INTEGER);
        Field<Integer> startedTimes = DSL.field(DSL.name("pampa_t", job.fields().times()), SQLDataType.INTEGER);
        return dsl.resultQuery("WITH pampa_picked AS ({0}), "
                        + "pampa_numbered AS (SELECT {1} AS pampa_k, " + RowSize.SIZE + " AS pampa_size, "
                        + RowSize.runningSum(maxRowBytes) + " AS pampa_sum, row_number() OVER pampa_w AS pampa_rn, "
                        + "count(*) FILTER (WHERE pampa_suspect) OVER pampa_w AS pampa_suspects "
                        + "FROM pampa_picked WINDOW pampa_w AS (ROWS UNBOUNDED PRECEDING)), "
                        // a data-modifying WITH runs whether or not the main statement reads it
                        + "pampa_refused AS (UPDATE {2} AS pampa_r SET {3} = coalesce({4}, 0) + 1, {5} = now(), {6} = false, {7} = "
                        + RowSize.refusal(maxRowBytes) + " FROM pampa_numbered WHERE {8} = pampa_numbered.pampa_k AND "
                        + RowSize.refused(maxRowBytes) + " RETURNING 1) "
                        + "UPDATE {2} AS pampa_t SET {9} = now(), {3} = coalesce({10}, 0) + 1 FROM pampa_numbered "
                        // a suspect starts alone: first of its batch, and nothing after it
                        + "WHERE {11} = pampa_numbered.pampa_k AND " + RowSize.taken(maxRowBytes)
                        + " AND (pampa_numbered.pampa_rn = 1 OR pampa_numbered.pampa_suspects = 0) AND {12} RETURNING pampa_t.*",
                picked, DSL.field(DSL.name("pampa_picked", job.fields().primaryKey())), table, times, refusedTimes,
                endTime, success, error, DSL.field(DSL.name("pampa_r", job.fields().primaryKey())),
                startTime, startedTimes, DSL.field(DSL.name("pampa_t", job.fields().primaryKey())), queuedFor(worker)).fetch();
    }

    private Condition fence(String worker, Object key, int tryNumber) {
        // start time set: a try taken back and queued again to this same worker must not match its old try
        return pk.eq(key).and(id.eq(worker)).and(times.eq(tryNumber)).and(startTime.isNotNull()).and(endTime.isNull());
    }

    /** Marks a try done, writing the staged result columns in the same statement. */
    public Query finishDone(DSLContext dsl, String worker, Object key, int tryNumber, Map<String, Object> staged) {
        UpdateSetMoreStep<Record> u = dsl.update(table).set(endTime, now()).set(success, true).setNull(error);
        for (Map.Entry<String, Object> e : staged.entrySet()) {
            u = u.set(column(e.getKey()), e.getValue());
        }
        return u.where(fence(worker, key, tryNumber));
    }

    /**
     * Marks many tries done in one statement: the same try number and staged values for every key.
     * Returns the keys written; a key missing from it was taken back meanwhile (the fence refused it).
     */
    public java.util.Set<Object> finishDoneAll(DSLContext dsl, String worker, List<Object> keys, int tryNumber, Map<String, Object> staged) {
        Object[] array = (Object[]) java.lang.reflect.Array.newInstance(keys.get(0).getClass(), keys.size());
        for (int i = 0; i < array.length; i++) {
            array[i] = keys.get(i);
        }
        UpdateSetMoreStep<Record> u = dsl.update(table).set(endTime, now()).set(success, true).setNull(error);
        for (Map.Entry<String, Object> e : staged.entrySet()) {
            u = u.set(column(e.getKey()), e.getValue());
        }
        return new java.util.HashSet<>(u.where(pk.eq(DSL.any(val(array)))
                        .and(id.eq(worker)).and(times.eq(tryNumber)).and(startTime.isNotNull()).and(endTime.isNull()))
                .returningResult(pk).fetch().getValues(0));
    }

    /** Records a failed try: back to pending while tries remain, else ended as dead (a suspect's extra try included). */
    public Query finishFailed(DSLContext dsl, String worker, Object key, int tryNumber, String errorText) {
        if (tryNumber >= job.maxTryTimes()) {
            return dsl.update(table).set(endTime, now()).set(success, false).set(error, errorText)
                    .where(fence(worker, key, tryNumber));
        }
        return dsl.update(table).setNull(id).set(time, now()).set(success, false).set(error, errorText)
                .where(fence(worker, key, tryNumber));
    }

    /**
     * Gives back tasks a stopping worker started but never ran: unreserved, and the try it counted
     * for them undone.
     */
    public Query unstart(DSLContext dsl, String worker, Object key, int tryNumber) {
        return dsl.update(table).setNull(id).setNull(startTime).set(times, inline(tryNumber - 1))
                .where(fence(worker, key, tryNumber));
    }

    /**
     * Gives back the worker's started, unended tasks except those whose outcome it holds: after a
     * commit whose outcome is unknown, the batch it may have started is not in anyone's hands.
     */
    public int unstartOrphans(DSLContext dsl, String worker, java.util.Collection<Object> held) {
        Condition orphan = id.eq(worker).and(startTime.isNotNull()).and(endTime.isNull());
        if (!held.isEmpty()) {
            orphan = orphan.and(pk.notIn(held));
        }
        return dsl.update(table).setNull(id).setNull(startTime).set(times, tries().minus(inline(1))).where(orphan).execute();
    }

    /** Gives back the worker's queued tasks that it has not started. */
    public int releaseQueue(DSLContext dsl, String worker) {
        return dsl.update(table).setNull(id).where(queuedFor(worker)).execute();
    }

    /** The name of the primary key column, to read the key from a started row. */
    public String primaryKeyColumn() {
        return job.fields().primaryKey();
    }
}
