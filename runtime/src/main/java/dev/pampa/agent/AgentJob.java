package dev.pampa.agent;

import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.NodeTasks;
import dev.pampa.store.TaskTable;
import dev.pampa.jobcode.JobFunctions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as the node agent serves it: its table's statements, its selecting, occupied and allowing
 * functions (null when this node cannot load them), how many tasks each worker has queued in the
 * database, and how fast its tasks run here.
 */
final class AgentJob {
    final StoredJob stored;
    final NodeTasks tasks;
    final JobFunctions functions;
    /**
     * Keys reserved and not started, per worker, in the order reserved: kept from the claims that
     * reserved them, so that starting them reads only those rows; reloaded from the database every
     * heartbeat, which the first level may have changed (a take-back, a pause).
     */
    final Map<String, ArrayDeque<Object>> queued = new HashMap<>();
    private double avgMillis = -1;
    /** No claim before this (nanoTime): the last one found fewer pending rows than it wanted. */
    long dryUntil;
    /** The last failure of its statements, so that a broken job is logged once, not every cycle. */
    String lastError;
    long failingUntil;

    AgentJob(StoredJob stored, JobFunctions functions) {
        this.stored = stored;
        this.tasks = new NodeTasks(new TaskTable(stored.spec()));
        this.functions = functions;
    }

    /** The same job with a newer stored row (paused flag), keeping what was learnt. */
    AgentJob with(StoredJob newer) {
        AgentJob j = new AgentJob(newer, functions);
        j.queued.putAll(queued);
        j.avgMillis = avgMillis;
        j.dryUntil = dryUntil;
        return j;
    }

    String name() {
        return stored.name();
    }

    TaskTable table() {
        return tasks.table();
    }

    long limitMillis() {
        return stored.spec().maxJobDurationMinutes() * 60_000L;
    }

    int queuedFor(String worker) {
        ArrayDeque<Object> q = queued.get(worker);
        return q == null ? 0 : q.size();
    }

    void reserved(String worker, Object key) {
        queued.computeIfAbsent(worker, w -> new ArrayDeque<>()).addLast(key);
    }

    /**
     * Removes and returns the first {@code n} queued keys of the worker: each is started by the next
     * statement or was no longer reserved for it (the reload restores any a failed statement kept).
     */
    List<Object> takeQueued(String worker, int n) {
        ArrayDeque<Object> q = queued.get(worker);
        List<Object> out = new ArrayList<>(Math.min(n, q == null ? 0 : q.size()));
        while (q != null && !q.isEmpty() && out.size() < n) {
            out.add(q.pollFirst());
        }
        return out;
    }

    /**
     * How many started tasks a worker may hold ahead: as many as fit in the batch budget at the job's
     * observed speed; one until the speed is known (ADR 0001's batching, done by the agent now).
     */
    int startAhead(AgentSettings s) {
        if (avgMillis < 0) {
            return 1;
        }
        int n = (int) Math.floor(s.batchBudgetMillis() / Math.max(avgMillis, 0.01));
        return Math.max(1, Math.min(n, s.maxBatch()));
    }

    void observe(long nanos) {
        double ms = nanos / 1e6;
        avgMillis = avgMillis < 0 ? ms : avgMillis * 0.9 + ms * 0.1;
    }
}
