package dev.pampa.ui.main;

import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.DispatcherState;
import dev.pampa.report.JobSummary;
import dev.pampa.report.WorkerLiveness;
import dev.pampa.report.WorkersView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What deserves a desktop notification, from one reading to the next: a job that finished, a node
 * whose agent stopped answering, a worker that died. Each is told once, when it happens (a change
 * between two readings), not on every refresh; what was already so when the cockpit opened is not
 * told. A worker or node stopped on purpose is not news. Plain Java, no JavaFX: the rules are tested
 * without a window.
 */
final class NoticeRules {
    enum Kind { JOB_FINISHED, NODE_UNREACHABLE, WORKER_DEAD }

    /** One notification: what it is about ({@code subject}: the job, node or worker), its title and text. */
    record Notice(Kind kind, String subject, String title, String text, boolean bad) {
    }

    private Map<String, Boolean> jobsFinished;
    private final Map<String, WorkerLiveness> workers = new HashMap<>();
    private final Map<String, WorkerLiveness> agents = new HashMap<>();
    private boolean first = true;

    /** The notices this reading brings, compared with the previous one; none for the first. */
    List<Notice> next(List<JobSummary> jobs, WorkersView view) {
        List<Notice> out = new ArrayList<>();
        // a job without counts now (no fresh snapshot) keeps what was last known of it
        Map<String, Boolean> finished = new HashMap<>();
        for (JobSummary j : jobs) {
            if (j.counts() == null) {
                if (jobsFinished != null && jobsFinished.containsKey(j.job())) {
                    finished.put(j.job(), jobsFinished.get(j.job()));
                }
                continue;
            }
            boolean done = j.counts().total() > 0 && j.counts().complete();
            finished.put(j.job(), done);
            Boolean was = jobsFinished == null ? null : jobsFinished.get(j.job());
            if (done && Boolean.FALSE.equals(was)) {
                out.add(new Notice(Kind.JOB_FINISHED, j.job(), "Job " + j.job() + " finished",
                        ProgressLine.count(j.counts().done()) + " done, " + ProgressLine.count(j.counts().dead()) + " dead",
                        j.counts().dead() > 0));
            }
        }
        jobsFinished = finished;
        for (WorkersView.NodeWorkers nw : view.nodes()) {
            if (nw.agent() != null) {
                WorkerLiveness was = agents.put(nw.node(), nw.agent().liveness());
                if (!first && gone(was, nw.agent().liveness())) {
                    out.add(new Notice(Kind.NODE_UNREACHABLE, nw.node(), "Node " + nw.node() + " unreachable",
                            "its agent's last heartbeat was " + DispatcherState.age(nw.agent().heartbeatAgeSeconds())
                                    + " ago: the node, its network or the agent is down; its workers' tasks go back to the queue", true));
                }
            }
            for (WorkersView.WorkerRow w : nw.workers()) {
                WorkerLiveness was = workers.put(w.name(), w.liveness());
                if (!first && gone(was, w.liveness())) {
                    out.add(new Notice(Kind.WORKER_DEAD, w.name(), "Worker " + w.name() + " dead",
                            "no heartbeat for " + DispatcherState.age(w.heartbeatAgeSeconds()) + " on node " + w.node()
                                    + ": its tasks are taken back and retried; see its log on the Nodes screen", true));
                }
            }
        }
        first = false;
        return out;
    }

    /** It ran and now answers no more: not a stop on purpose (stopped), which is no news. */
    private static boolean gone(WorkerLiveness was, WorkerLiveness now) {
        boolean ran = was == WorkerLiveness.RUNNING || was == WorkerLiveness.STOPPING;
        return ran && (now == WorkerLiveness.STALE || now == WorkerLiveness.DEAD);
    }
}
