package dev.pampa.store.monitor;

import dev.pampa.report.ResourceUsage;
import dev.pampa.report.WorkerLiveness;
import dev.pampa.report.WorkersView;
import dev.pampa.report.WorkersView.NodeWorkers;
import dev.pampa.report.WorkersView.WorkerRow;
import dev.pampa.store.StatusReport;
import dev.pampa.store.StatusReport.WorkerStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

import static dev.pampa.store.schema.Tables.WORKER_JOB_PROBLEM;

/**
 * The workers screen: every registered worker by node under the node's agent, with what the agent measured, its state reconciled with its heartbeat's age
 * (on the database's clock), what it runs and has run, the jobs it reported it cannot run, and the
 * dispatcher lease. Reads {@link StatusReport}.
 */
public final class WorkerStates {
    /** The dispatcher's default: a worker without a heartbeat for this long is dead. */
    public static final int DEFAULT_STALE_SECONDS = 10;

    private final DSLContext dsl;

    public WorkerStates(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Workers by node (nodes and workers by name), with a heartbeat older than {@code staleSeconds} shown as stale. */
    public WorkersView read(int staleSeconds) {
        StatusReport report = new StatusReport(dsl);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        dsl.select(WORKER_JOB_PROBLEM.WORKER, WORKER_JOB_PROBLEM.JOB, WORKER_JOB_PROBLEM.PROBLEM)
                .from(WORKER_JOB_PROBLEM)
                .orderBy(WORKER_JOB_PROBLEM.WORKER, WORKER_JOB_PROBLEM.JOB)
                .forEach(r -> problems.computeIfAbsent(r.value1(), w -> new ArrayList<>()).add(r.value2() + ": " + r.value3()));
        Map<String, List<WorkerRow>> byNode = new TreeMap<>();
        for (WorkerStatus w : report.workers()) {
            WorkerLiveness liveness = WorkerLiveness.of(w.state(), w.heartbeatAgeSeconds(), staleSeconds);
            byNode.computeIfAbsent(w.node(), n -> new ArrayList<>()).add(new WorkerRow(w.name(), w.node(), w.host(), w.pid(),
                    liveness, w.state(), w.heartbeatAgeSeconds(),
                    w.currentJob(), w.currentTask(), w.done(), w.failed(), List.copyOf(problems.getOrDefault(w.name(), List.of())),
                    live(liveness) ? w.usage() : ResourceUsage.NONE, w.doneBefore(), w.failedBefore(), w.starts()));
        }
        Map<String, WorkersView.AgentRow> agents = new LinkedHashMap<>();
        for (StatusReport.AgentStatus a : report.agents()) {
            WorkerLiveness liveness = WorkerLiveness.of(a.state(), a.heartbeatAgeSeconds(), staleSeconds);
            agents.put(a.node(), new WorkersView.AgentRow(a.node(), a.host(), a.pid(), liveness, a.heartbeatAgeSeconds(), a.workers(),
                    live(liveness) ? a.usage() : ResourceUsage.NONE));
            byNode.computeIfAbsent(a.node(), n -> new ArrayList<>());
        }
        List<NodeWorkers> nodes = byNode.entrySet().stream()
                .map(e -> new NodeWorkers(e.getKey(), agents.get(e.getKey()), List.copyOf(e.getValue()))).toList();
        return new WorkersView(nodes, report.lease());
    }

    private static boolean live(WorkerLiveness liveness) {
        return liveness == WorkerLiveness.RUNNING || liveness == WorkerLiveness.STOPPING;
    }

    public WorkersView read() {
        return read(DEFAULT_STALE_SECONDS);
    }
}
