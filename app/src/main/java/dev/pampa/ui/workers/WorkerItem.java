package dev.pampa.ui.workers;

import java.util.Set;

/**
 * One row of the workers tree: a node's agent (the row its workers hang under), a worker that
 * registered, or one the node may run ({@code <node>.1 … <node>.max_workers}) that never started.
 *
 * @param agent     this row is the node's agent; {@code name} is then the node's
 * @param state     running, stopping, stale, stopped, dead, not started (an agent: not running); or what
 *                  the cockpit is doing to it
 * @param heartbeat how old its last heartbeat is, or "" when it never registered
 * @param task      the job and task it works on, or ""
 * @param busy      the cockpit is starting or stopping it now
 * @param cpu       what the node's agent measured, for people ("" when not measured): CPU, resident set,
 *                  disk read and write, network of its namespace
 * @param done      done by every process that ran under this name (a restart does not put it back to 0)
 * @param doneNow   done by the process running now; {@code starts} how many processes ran under the name
 */
public record WorkerItem(String node, String name, String state, String heartbeat, String task, long done, long failed,
                         boolean busy, boolean agent, String cpu, String rss, String disk, String net, long doneNow, int starts) {
    private static final Set<String> STARTABLE = Set.of("not started", "stopped", "dead");
    private static final Set<String> STOPPABLE = Set.of("running", "stale");

    /** A worker row with nothing measured. */
    public WorkerItem(String node, String name, String state, String heartbeat, String task, long done, long failed, boolean busy) {
        this(node, name, state, heartbeat, task, done, failed, busy, false, "", "", "", "");
    }

    /** A row that never restarted: its done count is its process's. */
    public WorkerItem(String node, String name, String state, String heartbeat, String task, long done, long failed,
                      boolean busy, boolean agent, String cpu, String rss, String disk, String net) {
        this(node, name, state, heartbeat, task, done, failed, busy, agent, cpu, rss, disk, net, done, 1);
    }

    /**
     * The Done column: the count of every process that ran under the name, and after a restart what the
     * current process did since ({@code 1,250 (restarted, 40 since)}), so the count never drops silently.
     */
    public String doneText() {
        if (agent) {
            return "";
        }
        String all = dev.pampa.monitor.ProgressLine.count(done);
        return starts <= 1 ? all : all + " (restarted" + (starts > 2 ? " " + (starts - 1) + "×" : "") + ", "
                + dev.pampa.monitor.ProgressLine.count(doneNow) + " since)";
    }

    /** Start makes sense for a worker that does not run: never started, stopped, or dead. */
    public boolean startable() {
        return !agent && !busy && STARTABLE.contains(baseState());
    }

    /** Stop makes sense for a worker that runs, or whose heartbeat went stale (a frozen process is killed after the grace). */
    public boolean stoppable() {
        return !agent && !busy && STOPPABLE.contains(baseState());
    }

    /** The state without what a worker said it cannot run ("running (cannot run …)"). */
    private String baseState() {
        int paren = state.indexOf(" (");
        return paren < 0 ? state : state.substring(0, paren);
    }

    /** What the tree's first column shows. */
    public String label() {
        return agent ? name + " (agent)" : name;
    }

    WorkerItem doing(String action) {
        return new WorkerItem(node, name, action, heartbeat, task, done, failed, true, agent, cpu, rss, disk, net, doneNow, starts);
    }
}
