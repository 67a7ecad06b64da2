package dev.pampa.ui.workers;

import dev.pampa.control.node.ProcessName;
import dev.pampa.control.node.StartOutcome;
import dev.pampa.control.node.StopOutcome;
import dev.pampa.model.NodeSpec;
import dev.pampa.report.DispatcherState;
import dev.pampa.report.ResourceUsage;
import dev.pampa.report.WorkerLiveness;
import dev.pampa.report.WorkersView;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.ProblemText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The workers screen's state and commands: each node's agent and, under it, its workers (registered ones
 * with their state as the monitor reconciles it with the heartbeat and what the agent measured of them,
 * and those the node may run but never started), the
 * dispatcher lease, and start and stop of a worker, a node's workers, or the dispatcher. Commands run
 * in the background; while one runs, its workers show what is being done to them and the rest of the
 * screen stays live.
 */
public final class WorkersViewModel {
    /** How long a stopped worker may take to finish its task in hand before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** The node choice that shows every node's workers. */
    public static final String ALL_NODES = "all nodes";

    /** What one refresh read. */
    public record Reading(List<NodeSpec> nodes, WorkersView workers, DispatcherState dispatcher) {
    }

    private final CockpitSession session;
    private final Runnable refreshNow;
    private final ObservableList<WorkerItem> rows = FXCollections.observableArrayList();
    private final ObservableList<String> nodeChoices = FXCollections.observableArrayList(ALL_NODES);
    private final ObservableList<String> dispatcherNodes = FXCollections.observableArrayList();
    private final ObjectProperty<String> node = new SimpleObjectProperty<>(ALL_NODES);
    private final ObjectProperty<String> dispatcherNode = new SimpleObjectProperty<>();
    private final ObservableMap<String, String> doing = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper dispatcherLeader = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper dispatcherOn = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper dispatcherRound = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper dispatcherDoing = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper nodeCanStart = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyBooleanWrapper nodeCanStop = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyBooleanWrapper dispatcherCanStart = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyBooleanWrapper dispatcherCanStop = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private Reading last;
    private final dev.pampa.ui.common.LogFollow follower = new dev.pampa.ui.common.LogFollow();
    /** CPU % and resident set (MB) per row key ({@code agent:n01}, {@code worker:n01.1}) over the last 2 minutes of refreshes. */
    private final dev.pampa.ui.common.Trends cpuTrends = new dev.pampa.ui.common.Trends(60);
    private final dev.pampa.ui.common.Trends rssTrends = new dev.pampa.ui.common.Trends(60);
    private final javafx.beans.property.ReadOnlyLongWrapper readings = new javafx.beans.property.ReadOnlyLongWrapper();

    /** @param refreshNow asks for a read at once (after a command changed what is shown) */
    public WorkersViewModel(CockpitSession session, Runnable refreshNow) {
        this.session = session;
        this.refreshNow = refreshNow;
        node.addListener((o, was, now) -> rebuild());
        doing.addListener((javafx.collections.MapChangeListener<String, String>) c -> rebuild());
        dispatcherNode.addListener((o, was, now) -> updateActions());
        dispatcherDoing.addListener((o, was, now) -> updateActions());
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** True once the first read came back: until then an empty table means "not read yet", not "none". */
    public javafx.beans.property.ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Off the FX thread. */
    public Reading read() {
        WorkersView workers = session.monitor().workers();
        return new Reading(session.cluster().nodes(), workers, workers.lease());
    }

    /** On the FX thread. */
    public void show(Reading r) {
        problem.set("");
        last = r;
        loaded.set(true);
        List<String> keys = new ArrayList<>();
        for (WorkersView.NodeWorkers nw : r.workers().nodes()) {
            if (nw.agent() != null) {
                trend("agent:" + nw.node(), nw.agent().usage(), keys);
            }
            nw.workers().forEach(w -> trend("worker:" + w.name(), w.usage(), keys));
        }
        cpuTrends.retainOnly(keys);
        rssTrends.retainOnly(keys);
        List<String> names = new ArrayList<>(List.of(ALL_NODES));
        r.nodes().forEach(n -> names.add(n.name()));
        if (!nodeChoices.equals(names)) {
            nodeChoices.setAll(names);
        }
        List<String> stored = r.nodes().stream().map(NodeSpec::name).toList();
        if (!dispatcherNodes.equals(stored)) {
            dispatcherNodes.setAll(stored);
        }
        DispatcherState d = r.dispatcher();
        if (dispatcherNode.get() == null || !stored.contains(dispatcherNode.get())) {
            dispatcherNode.set(d.leadingNode().filter(stored::contains)
                    .orElse(stored.contains(NodeSpec.LOCAL) ? NodeSpec.LOCAL : stored.isEmpty() ? null : stored.get(0)));
        }
        dispatcherLeader.set(d.leading() ? d.holder() + (d.pid() == null ? "" : " (pid " + d.pid() + ")") : "none: no dispatcher running");
        dispatcherOn.set(d.leading() && d.node() != null ? d.node() : "–");
        dispatcherRound.set(!d.leading() ? "–" : d.lastRoundMs() == null ? "no round yet"
                : String.format(Locale.ROOT, "%.0f ms, %s ago", d.lastRoundMs(), DispatcherState.age(d.lastRoundAgeSeconds())));
        rebuild();
        readings.set(readings.get() + 1);
    }

    private void trend(String key, ResourceUsage u, List<String> keys) {
        keys.add(key);
        cpuTrends.record(key, u.cpuPercent());
        rssTrends.record(key, u.rssKb() == null ? null : u.rssKb() / 1024.0);
    }

    /** The row's CPU % over the recent refreshes, oldest first; empty when nothing was measured. */
    public List<Double> cpuTrend(WorkerItem row) {
        return cpuTrends.of((row.agent() ? "agent:" : "worker:") + row.name());
    }

    /** The row's resident set in MB over the recent refreshes, oldest first. */
    public List<Double> rssTrend(WorkerItem row) {
        return rssTrends.of((row.agent() ? "agent:" : "worker:") + row.name());
    }

    /** Counts the readings shown: the screen redraws its trends on each. */
    public javafx.beans.property.ReadOnlyLongProperty readingsProperty() {
        return readings.getReadOnlyProperty();
    }

    /**
     * Follows the log of the row's process (a worker's, or the node's agent's) on its node, or stops
     * following with null; a node that is not stored (a worker started by hand) has no log to reach.
     */
    public void followLog(WorkerItem row) {
        Optional<NodeSpec> n = row == null ? Optional.empty() : storedNode(row.node());
        if (n.isEmpty()) {
            follower.stop();
            return;
        }
        NodeSpec spec = n.get();
        ProcessName process = row.agent() ? ProcessName.AGENT : ProcessName.worker(row.name());
        follower.follow(() -> session.nodeOperations().log(spec, process), 200);
    }

    /** The followed log's lines. */
    public ReadOnlyStringProperty logTextProperty() {
        return follower.textProperty();
    }

    /** Stops following (the screen is hidden or the log pane closed). */
    public void stopLog() {
        follower.stop();
    }

    public void failed(Throwable failure) {
        problem.set("Could not read the workers: " + ProblemText.of(failure) + ". Retrying every few seconds.");
    }

    /**
     * The rows for the chosen node from the last reading, with what is being done to each: per node its
     * agent's row, then its workers, so the screen can hang each node's workers under its agent.
     */
    private void rebuild() {
        if (last == null) {
            return;
        }
        Map<String, WorkerItem> byName = new TreeMap<>(WorkersViewModel::byNodeThenNumber);
        Map<String, WorkerItem> agents = new TreeMap<>();
        for (NodeSpec n : last.nodes()) {
            agents.put(n.name(), new WorkerItem(n.name(), n.name(), "not running", "", "", 0, 0, false, true, "", "", "", ""));
            for (String name : ProcessName.workerNames(n)) {
                byName.put(name, new WorkerItem(n.name(), name, "not started", "", "", 0, 0, false));
            }
        }
        for (WorkersView.NodeWorkers nw : last.workers().nodes()) {
            WorkersView.AgentRow a = nw.agent();
            if (a != null) {
                String state = a.liveness().name().toLowerCase(Locale.ROOT);
                boolean gone = a.liveness() == WorkerLiveness.STOPPED || a.liveness() == WorkerLiveness.DEAD;
                ResourceUsage u = a.usage();
                agents.put(nw.node(), new WorkerItem(nw.node(), nw.node(), state + (gone ? "" : ", serving " + a.workers() + " worker" + (a.workers() == 1 ? "" : "s")),
                        gone ? "" : DispatcherState.age(a.heartbeatAgeSeconds()) + " ago", "", 0, 0, false, true,
                        measured(u.cpuPercent(), u.cpuText()), measured(u.rssKb(), u.rssText()), measured(u.diskReadBps(), u.diskText()),
                        measured(u.netRxBps(), net(u))));
            }
            for (WorkersView.WorkerRow w : nw.workers()) {
                String task = w.currentTask() == null ? "" : (w.currentJob() == null ? "" : w.currentJob() + " / ") + w.currentTask();
                String state = w.liveness().name().toLowerCase(Locale.ROOT);
                if (!w.jobProblems().isEmpty()) {
                    state += " (cannot run " + String.join("; ", w.jobProblems()) + ")";
                }
                boolean gone = state.startsWith("stopped") || state.startsWith("dead");
                ResourceUsage u = w.usage();
                byName.put(w.name(), new WorkerItem(w.node(), w.name(), state, gone ? "" : DispatcherState.age(w.heartbeatAgeSeconds()) + " ago",
                        task, w.doneInAll(), w.failedBefore() + w.failed(), false, false, measured(u.cpuPercent(), u.cpuText()),
                        measured(u.rssKb(), u.rssText()), measured(u.diskReadBps(), u.diskText()), measured(u.netRxBps(), net(u)),
                        w.done(), w.starts()));
            }
        }
        // a worker of a node that is not stored and has no agent (one started by hand, its own database client)
        for (WorkerItem w : byName.values()) {
            agents.putIfAbsent(w.node(), new WorkerItem(w.node(), w.node(), "no agent", "", "", 0, 0, false, true, "", "", "", ""));
        }
        String chosen = node.get();
        List<WorkerItem> out = new ArrayList<>();
        for (WorkerItem agent : agents.values()) {
            if (chosen != null && !ALL_NODES.equals(chosen) && !chosen.equals(agent.node())) {
                continue;
            }
            out.add(agent);
            for (WorkerItem w : byName.values()) {
                if (w.node().equals(agent.node())) {
                    String action = doing.get(w.name());
                    out.add(action == null ? w : w.doing(action));
                }
            }
        }
        if (!rows.equals(out)) {
            rows.setAll(out);
        }
        updateActions();
    }

    /**
     * What the node's and the dispatcher's buttons may do in the state last read: start a node's
     * workers while one of them does not run, stop them while one runs; start the dispatcher on a
     * node where none leads, stop it where it leads.
     */
    private void updateActions() {
        String chosen = node.get();
        boolean oneNode = chosen != null && !ALL_NODES.equals(chosen);
        boolean start = false;
        boolean stop = false;
        if (oneNode) {
            for (WorkerItem w : rows) {
                if (w.node().equals(chosen)) {
                    start |= w.startable();
                    stop |= w.stoppable();
                }
            }
        }
        nodeCanStart.set(start);
        nodeCanStop.set(stop);
        String where = dispatcherNode.get();
        boolean idle = dispatcherDoing.get().isEmpty() && where != null && last != null;
        boolean leadsThere = last != null && last.dispatcher().leadingNode().map(n -> n.equals(where)).orElse(false);
        dispatcherCanStart.set(idle && !leadsThere);
        dispatcherCanStop.set(idle && leadsThere);
    }

    /** A worker of the chosen node can be started: it is not running (never started, stopped or dead). */
    public javafx.beans.property.ReadOnlyBooleanProperty nodeCanStartProperty() {
        return nodeCanStart.getReadOnlyProperty();
    }

    /** A worker of the chosen node runs (or went stale): Stop has something to stop. */
    public javafx.beans.property.ReadOnlyBooleanProperty nodeCanStopProperty() {
        return nodeCanStop.getReadOnlyProperty();
    }

    /** No dispatcher leads on the chosen node, and none is being started or stopped. */
    public javafx.beans.property.ReadOnlyBooleanProperty dispatcherCanStartProperty() {
        return dispatcherCanStart.getReadOnlyProperty();
    }

    /** The dispatcher leads on the chosen node, and is not being stopped already. */
    public javafx.beans.property.ReadOnlyBooleanProperty dispatcherCanStopProperty() {
        return dispatcherCanStop.getReadOnlyProperty();
    }

    /** The column's title says what the figures are: its namespace's traffic. */
    private static String net(ResourceUsage u) {
        return u.netRxBps() == null || u.netTxBps() == null ? "" : ResourceUsage.rate(u.netRxBps()) + " in, " + ResourceUsage.rate(u.netTxBps()) + " out";
    }

    private static String measured(Object figure, String text) {
        return figure == null ? "" : text;
    }

    /** {@code n01.2} before {@code n01.10}. */
    static int byNodeThenNumber(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da > 0 && db > 0) {
            int byNode = a.substring(0, da).compareTo(b.substring(0, db));
            if (byNode != 0) {
                return byNode;
            }
            try {
                return Integer.compare(Integer.parseInt(a.substring(da + 1)), Integer.parseInt(b.substring(db + 1)));
            } catch (NumberFormatException e) {
                // not one of ours: by name
            }
        }
        return a.compareTo(b);
    }

    public void startWorker(WorkerItem w) {
        Optional<NodeSpec> n = storedNode(w.node());
        if (n.isEmpty() || doing.containsKey(w.name())) {
            return;
        }
        doing.put(w.name(), "starting…");
        session.background().run("Starting " + w.name(), p -> session.nodeOperations().startWorker(n.get(), w.name()),
                (StartOutcome o) -> finished(List.of(w.name()), o.message()), e -> failed(List.of(w.name()), "Starting " + w.name(), e));
    }

    public void stopWorker(WorkerItem w) {
        Optional<NodeSpec> n = storedNode(w.node());
        if (n.isEmpty() || doing.containsKey(w.name())) {
            return;
        }
        doing.put(w.name(), "stopping… (finishes its task, at most " + STOP_GRACE.toSeconds() + " s)");
        session.background().run("Stopping " + w.name(), p -> session.nodeOperations().stopWorker(n.get(), w.name(), STOP_GRACE),
                (StopOutcome o) -> finished(List.of(w.name()), o.message()), e -> failed(List.of(w.name()), "Stopping " + w.name(), e));
    }

    /** Workers 1..max_workers of the node; running ones are left as they are. */
    public void startNode(String nodeName) {
        Optional<NodeSpec> n = storedNode(nodeName);
        if (n.isEmpty()) {
            return;
        }
        List<String> names = ProcessName.workerNames(n.get()).stream().filter(x -> !doing.containsKey(x)).toList();
        names.forEach(x -> doing.put(x, "starting…"));
        session.background().run("Starting the workers on " + nodeName, p -> {
            p.message("Starting " + names.size() + " workers on " + nodeName);
            return session.nodeOperations().startWorkers(n.get());
        }, outcomes -> finished(names, nodeName + ": " + outcomes.stream().filter(StartOutcome::started).count() + " started, "
                + outcomes.stream().filter(o -> !o.started()).count() + " already running"),
                e -> failed(names, "Starting the workers on " + nodeName, e));
    }

    /** Every worker of the node, one after the other, each given the grace period; the rows follow as each stops. */
    public void stopNode(String nodeName) {
        Optional<NodeSpec> n = storedNode(nodeName);
        if (n.isEmpty()) {
            return;
        }
        List<String> names = ProcessName.workerNames(n.get()).stream().filter(x -> !doing.containsKey(x)).toList();
        names.forEach(x -> doing.put(x, "waiting to stop…"));
        session.background().run("Stopping the workers on " + nodeName, p -> {
            int stopped = 0;
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                p.update((double) i / names.size(), "Stopping " + name + " (" + (i + 1) + " of " + names.size() + ")");
                Background.onFx(() -> doing.put(name, "stopping… (finishes its task, at most " + STOP_GRACE.toSeconds() + " s)"));
                try {
                    if (session.nodeOperations().stopWorker(n.get(), name, STOP_GRACE).how() != StopOutcome.How.NOT_RUNNING) {
                        stopped++;
                    }
                } finally {
                    Background.onFx(() -> doing.remove(name));
                    refreshNow.run();
                }
            }
            return stopped;
        }, stopped -> finished(names, nodeName + ": " + stopped + " worker" + (stopped == 1 ? "" : "s") + " stopped"),
                e -> failed(names, "Stopping the workers on " + nodeName, e));
    }

    public void startDispatcher() {
        Optional<NodeSpec> n = storedNode(dispatcherNode.get());
        if (n.isEmpty() || !dispatcherDoing.get().isEmpty()) {
            return;
        }
        dispatcherDoing.set("starting on " + n.get().name() + "…");
        session.background().run("Starting the dispatcher on " + n.get().name(), p -> session.nodeOperations().startDispatcher(n.get()),
                (StartOutcome o) -> dispatcherFinished(o.message()), e -> dispatcherFailed("Starting the dispatcher", e));
    }

    public void stopDispatcher() {
        Optional<NodeSpec> n = storedNode(dispatcherNode.get());
        if (n.isEmpty() || !dispatcherDoing.get().isEmpty()) {
            return;
        }
        dispatcherDoing.set("stopping on " + n.get().name() + "… (at most " + STOP_GRACE.toSeconds() + " s)");
        session.background().run("Stopping the dispatcher on " + n.get().name(), p -> session.nodeOperations().stopDispatcher(n.get(), STOP_GRACE),
                (StopOutcome o) -> dispatcherFinished(o.message()), e -> dispatcherFailed("Stopping the dispatcher", e));
    }

    private Optional<NodeSpec> storedNode(String name) {
        if (last == null || name == null) {
            return Optional.empty();
        }
        return last.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    private void finished(List<String> workers, String message) {
        workers.forEach(doing::remove);
        lastResult.set(message);
        refreshNow.run();
    }

    private void failed(List<String> workers, String operation, Throwable e) {
        workers.forEach(doing::remove);
        lastResult.set(operation + " failed: " + ProblemText.of(e).cause());
        session.report(operation, e);
        refreshNow.run();
    }

    private void dispatcherFinished(String message) {
        dispatcherDoing.set("");
        lastResult.set(message);
        refreshNow.run();
    }

    private void dispatcherFailed(String operation, Throwable e) {
        dispatcherDoing.set("");
        lastResult.set(operation + " failed: " + ProblemText.of(e).cause());
        session.report(operation, e);
        refreshNow.run();
    }

    /** Per node (by name) its agent's row, then its workers ({@code n01.2} before {@code n01.10}). */
    public ObservableList<WorkerItem> rows() {
        return rows;
    }

    public ObservableList<String> nodeChoices() {
        return nodeChoices;
    }

    /** The node whose workers are shown, or {@link #ALL_NODES}. */
    public ObjectProperty<String> nodeProperty() {
        return node;
    }

    /** The stored nodes, where the dispatcher can be started. */
    public ObservableList<String> dispatcherNodes() {
        return dispatcherNodes;
    }

    /** Where Start and Stop of the dispatcher act: where it leads, else local, else the first node. */
    public ObjectProperty<String> dispatcherNodeProperty() {
        return dispatcherNode;
    }

    public ReadOnlyStringProperty dispatcherLeaderProperty() {
        return dispatcherLeader.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dispatcherOnProperty() {
        return dispatcherOn.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dispatcherRoundProperty() {
        return dispatcherRound.getReadOnlyProperty();
    }

    /** What the cockpit is doing to the dispatcher, or "". */
    public ReadOnlyStringProperty dispatcherDoingProperty() {
        return dispatcherDoing.getReadOnlyProperty();
    }

    /** The outcome of the last command, in a line. */
    public ReadOnlyStringProperty lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Workers the cockpit is starting or stopping now, with what it does. */
    public ObservableMap<String, String> doing() {
        return doing;
    }
}
