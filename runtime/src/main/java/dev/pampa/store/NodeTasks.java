package dev.pampa.store;

import dev.pampa.api.SelectingFunction;
import dev.pampa.model.FieldMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * The statements a node agent issues on one job's task table for all of its workers at once: a
 * statement per job and step, whatever the number of workers, each fenced as a worker's own writes
 * are ({@link TaskTable}). Start and reservation times are the statement's, not the transaction's:
 * a cycle's transaction begins with the outcomes it writes, and a task must not look started before
 * it was inserted. Rows are reserved with {@code FOR UPDATE SKIP LOCKED}, so agents of
 * different nodes (and the dispatcher for workers without an agent) never reserve a row twice.
 */
public final class NodeTasks {
    private static final String T = "pampa_t";

    private final TaskTable table;
    private final FieldMap f;

    public NodeTasks(TaskTable table) {
        this.table = table;
        this.f = table.job().fields();
    }

    public TaskTable table() {
        return table;
    }

    /** A column of the update's target, qualified, for right-hand sides that must not meet a column of the join. */
    private static Field<Object> onTarget(String column) {
        return DSL.field(DSL.name(T, column));
    }

    private static Field<Object> plain(String column) {
        return DSL.field(DSL.name(column));
    }

    /**
     * Reserves pending rows for the slots given, one row per slot: slot {@code i} goes to worker
     * {@code slotWorkers[i]}, and is started at once (try counted, start time set) when
     * {@code slotStarts[i]}, else only queued. Rows are picked by the selecting function and skip rows
     * another transaction holds; when fewer are pending than slots, the first slots get them (order the
     * slots round-robin over the workers to spread scarce tasks). Returns the rows as they are now.
     *
     * <p>Rows are measured before they are fetched ({@link RowSize}): one larger than {@code maxRowBytes}
     * is ended dead in the same statement, with the cause, and never leaves the database; and the rows
     * returned stop at {@code maxRowBytes} in all (the first always comes), the rest staying pending, so a
     * cycle never holds more than one large row's worth of them.
     */
    public Result<Record> claim(DSLContext tx, String[] slotWorkers, Boolean[] slotStarts, SelectingFunction selecting, long maxRowBytes) {
        if (slotWorkers.length == 0) {
            return tx.newResult();
        }
        var picked = DSL.select(table.primaryKey(), RowSize.ofRow(table.table())).from(table.table())
                .where(table.pending().and(selecting.filter(table)))
                .orderBy(table.claimOrder(selecting))
                .limit(slotWorkers.length)
                .forUpdate().skipLocked();
        // slots joined by their ordinal: subscripting the bound array per row, (slots)[rn], re-reads the
        // whole array for every row, and took 5 s for 5,000 rows
        return tx.resultQuery("WITH pampa_picked AS ({0}), "
                        + "pampa_numbered AS (SELECT {1} AS pampa_k, " + RowSize.SIZE + " AS pampa_size, row_number() OVER pampa_w AS pampa_rn, "
                        + RowSize.runningSum(maxRowBytes) + " AS pampa_sum FROM pampa_picked WINDOW pampa_w AS (ROWS UNBOUNDED PRECEDING)), "
                        + "pampa_slots AS (SELECT * FROM unnest({2}, {3}) WITH ORDINALITY AS pampa_s(pampa_worker, pampa_start, pampa_rn)), "
                        // a data-modifying WITH runs whether or not the main statement reads it
                        + "pampa_refused AS (UPDATE {4} AS pampa_r SET {5} = pampa_slots.pampa_worker, {6} = statement_timestamp(), "
                        + "{8} = coalesce({11}, 0) + 1, {12} = statement_timestamp(), {13} = false, {14} = " + RowSize.refusal(maxRowBytes) + " "
                        + "FROM pampa_numbered JOIN pampa_slots ON pampa_slots.pampa_rn = pampa_numbered.pampa_rn "
                        + "WHERE {15} = pampa_numbered.pampa_k AND " + RowSize.refused(maxRowBytes) + " RETURNING 1) "
                        + "UPDATE {4} AS " + T + " SET {5} = pampa_slots.pampa_worker, {6} = statement_timestamp(), "
                        + "{7} = CASE WHEN pampa_slots.pampa_start THEN statement_timestamp() END, "
                        + "{8} = CASE WHEN pampa_slots.pampa_start THEN coalesce({9}, 0) + 1 ELSE {9} END "
                        + "FROM pampa_numbered JOIN pampa_slots ON pampa_slots.pampa_rn = pampa_numbered.pampa_rn "
                        + "WHERE {10} = pampa_numbered.pampa_k AND " + RowSize.taken(maxRowBytes) + " RETURNING " + T + ".*",
                picked, DSL.field(DSL.name("pampa_picked", f.primaryKey())), DSL.val(slotWorkers), DSL.val(slotStarts),
                table.table(), plain(f.id()), plain(f.time()), plain(f.startTime()),
                plain(f.times()), onTarget(f.times()),
                onTarget(f.primaryKey()), DSL.field(DSL.name("pampa_r", f.times())), plain(f.endTime()), plain(f.success()),
                plain(f.errorDescription()), DSL.field(DSL.name("pampa_r", f.primaryKey()))).fetch();
    }

    /**
     * Starts queued rows by key, each fenced by the worker it was reserved for: {@code keys[i]} if it
     * is still reserved for {@code workers[i]} and not started. The agent keeps the keys it reserved, so
     * this reads only those rows (by primary key), not every reserved row of its workers to rank them: a
     * large queue_size made that read 10,000 rows a cycle. A key missing from the result was taken back,
     * released or cancelled meanwhile.
     */
    public Result<Record> startQueued(DSLContext tx, List<Object> keys, String[] workers) {
        if (keys.isEmpty()) {
            return tx.newResult();
        }
        Object[] keyArray = typedArray(keys);
        // found by primary key (= ANY, an index scan); the worker compared through coalesce, as in finishDone
        return tx.resultQuery("UPDATE {0} AS " + T + " SET {1} = statement_timestamp(), {2} = coalesce({3}, 0) + 1 "
                        + "FROM unnest({4}, {5}) AS pampa_q(pampa_k, pampa_w) "
                        + "WHERE {6} = ANY({4}) AND {6} = pampa_q.pampa_k AND coalesce({7}, '') = pampa_q.pampa_w "
                        + "AND {8} IS NULL AND {9} IS NULL RETURNING " + T + ".*",
                table.table(), plain(f.startTime()), plain(f.times()), onTarget(f.times()), DSL.val(keyArray), DSL.val(workers),
                onTarget(f.primaryKey()), onTarget(f.id()), onTarget(f.startTime()), onTarget(f.endTime())).fetch();
    }

    /**
     * Marks tries done, each fenced by its own worker and try: {@code keys[i]} of {@code workers[i]}
     * on try {@code tries[i]}, with the same staged values for all. Returns the keys written; a key
     * missing from it was taken back meanwhile.
     */
    public Set<Object> finishDone(DSLContext tx, List<Object> keys, String[] workers, Integer[] tries, Map<String, Object> staged) {
        Object[] keyArray = typedArray(keys);
        List<QueryPart> sets = new ArrayList<>();
        sets.add(DSL.sql("{0} = now()", plain(f.endTime())));
        sets.add(DSL.sql("{0} = true", plain(f.success())));
        sets.add(DSL.sql("{0} = NULL", plain(f.errorDescription())));
        for (Map.Entry<String, Object> e : staged.entrySet()) {
            sets.add(DSL.sql("{0} = {1}", plain(e.getKey()), DSL.val(e.getValue())));
        }
        // rows found by primary key (= ANY, an index scan); the worker compared through coalesce so that the
        // planner cannot pick the partial index on field_id, which after an ANALYZE of a fresh table it
        // believes nearly empty, and probe it once per outcome (10 s for 5,000 outcomes)
        return new HashSet<>(tx.resultQuery("UPDATE {0} AS " + T + " SET {1} FROM unnest({2}, {3}, {4}) AS pampa_o(pampa_k, pampa_w, pampa_try) "
                        + "WHERE {5} = ANY({2}) AND {5} = pampa_o.pampa_k AND coalesce({6}, '') = pampa_o.pampa_w AND {7} = pampa_o.pampa_try "
                        + "AND {8} IS NOT NULL AND {9} IS NULL RETURNING {5}",
                table.table(), DSL.list(sets), DSL.val(keyArray), DSL.val(workers), DSL.val(tries),
                onTarget(f.primaryKey()), onTarget(f.id()), onTarget(f.times()), onTarget(f.startTime()), onTarget(f.endTime()))
                .fetch().getValues(0));
    }

    /** Gives back every queued, not started task of the workers (they left, or cannot run the job). */
    public int releaseQueues(DSLContext tx, Collection<String> workers) {
        if (workers.isEmpty()) {
            return 0;
        }
        return tx.update(table.table()).setNull(table.id())
                .where(table.id().in(workers).and(table.startTime().isNull()).and(table.endTime().isNull()))
                .execute();
    }

    /**
     * After a commit whose outcome is unknown: gives back, try undone, the workers' started and
     * unended rows that nobody holds (not in a worker's hands, no outcome waiting to be written).
     */
    public int unstartOrphans(DSLContext tx, Collection<String> workers, Collection<Object> held) {
        if (workers.isEmpty()) {
            return 0;
        }
        Condition orphan = table.id().in(workers).and(table.startTime().isNotNull()).and(table.endTime().isNull());
        if (!held.isEmpty()) {
            orphan = orphan.and(table.primaryKey().notIn(held));
        }
        return tx.update(table.table()).setNull(table.id()).setNull(table.startTime())
                .set(table.times(), DSL.coalesce(table.times(), DSL.inline(1)).minus(DSL.inline(1)))
                .where(orphan).execute();
    }

    /** The keys as an array of their own class, so that jOOQ binds them as the key column's array type (bigint[], uuid[]). */
    private static Object[] typedArray(List<Object> keys) {
        Object[] array = (Object[]) java.lang.reflect.Array.newInstance(keys.get(0).getClass(), keys.size());
        return keys.toArray(array);
    }

    /** The primary key of a row these statements returned. */
    public Object keyOf(Record row) {
        return row.get(f.primaryKey());
    }

    /** Keys of the queued (reserved, not started) rows per worker, for the workers given, in the order reserved. */
    public Map<String, java.util.ArrayDeque<Object>> queuedByWorker(DSLContext tx, Collection<String> workers) {
        return table.queuedKeysByWorker(tx, workers);
    }
}
