package dev.pampa.ui.nodes;

import dev.pampa.control.node.ClusterActions;
import dev.pampa.control.node.NodeDeployment;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.node.ProbeReport;
import dev.pampa.control.node.ProcessLog;
import dev.pampa.control.node.ProcessName;
import dev.pampa.control.node.StopOutcome;
import dev.pampa.model.NodeSpec;
import dev.pampa.monitor.Monitor;
import dev.pampa.report.NodeRow;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.PeriodicRefresh;
import dev.pampa.ui.common.ProblemText;
import dev.pampa.ui.common.NodeForm;
import dev.pampa.ui.common.Sizes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Nodes screen's state and rules: the table's rows (read every few seconds while shown), the
 * selected node's editor and log, and the actions on a node (probe, deploy, remove), each in the
 * background with a status line. Nodes never probed are probed once when the screen first shows.
 */
public final class NodesViewModel {
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    public static final String DISPATCHER = "dispatcher";
    public static final String AGENT = "agent";

    private final CockpitSession session;
    private final ClusterActions cluster;
    private final Background background;
    private final PeriodicRefresh<List<NodeRow>> refresh;
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<NodeRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<NodeForm> editor = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsProblem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ObservableList<String> logProcesses = FXCollections.observableArrayList();
    public final ObjectProperty<String> logProcess = new SimpleObjectProperty<>();
    public final IntegerProperty logLines = new SimpleIntegerProperty(200);
    private final ReadOnlyStringWrapper logText = new ReadOnlyStringWrapper("");
    /** Follow mode: the chosen process's log tailed while the screen shows it. */
    public final javafx.beans.property.BooleanProperty logFollow = new javafx.beans.property.SimpleBooleanProperty(false);
    private final dev.pampa.ui.common.LogFollow follower = new dev.pampa.ui.common.LogFollow();
    private final Set<String> probedThisSession = new HashSet<>();
    private final Monitor monitor;
    /** Each node's CPU (its agent's and workers' together) over the last few minutes of refreshes. */
    private final dev.pampa.ui.common.Trends cpuTrends = new dev.pampa.ui.common.Trends(60);
    private boolean autoProbeDone;
    private boolean disposed;

    public NodesViewModel(CockpitSession session) {
        this.session = session;
        this.cluster = session.cluster();
        this.background = session.background();
        this.monitor = session.monitor();
        refresh = new PeriodicRefresh<>("nodes", REFRESH, monitor::nodes, this::show,
                this::readFailed);
        selected.addListener((o, was, now) -> selectionChanged(was, now));
        logFollow.addListener((o, was, now) -> followChanged());
        logProcess.addListener((o, was, now) -> followChanged());
    }

    /** Starts or stops following the chosen process's log, after the follow box, the process or the node changed. */
    private void followChanged() {
        NodeRow row = selected.get();
        String process = logProcess.get();
        if (!logFollow.get() || row == null || process == null || disposed) {
            if (follower.followingProperty().get()) {
                follower.stop();
                logText.unbind();
            }
            return;
        }
        NodeSpec node = row.spec();
        ProcessName name = processName(process);
        logText.bind(follower.textProperty());
        follower.follow(() -> session.nodeOperations().log(node, name), Math.max(1, logLines.get()));
    }

    private static ProcessName processName(String process) {
        return DISPATCHER.equals(process) ? ProcessName.DISPATCHER : AGENT.equals(process) ? ProcessName.AGENT : ProcessName.worker(process);
    }

    /** The node's CPU % over the recent refreshes, oldest first: for its sparkline. */
    public List<Double> cpuTrend(String node) {
        return cpuTrends.of(node);
    }

    public ObservableList<NodeRow> rows() {
        return rows;
    }

    public ObjectProperty<NodeRow> selectedProperty() {
        return selected;
    }

    /** The selected node's parameters, editable; null when nothing is selected. */
    public ReadOnlyObjectProperty<NodeForm> editorProperty() {
        return editor.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsProblemProperty() {
        return statusIsProblem.getReadOnlyProperty();
    }

    /** 0 when idle, negative while an action runs without a known fraction, else 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The selected node's workers and its dispatcher, whose logs can be read. */
    public ObservableList<String> logProcesses() {
        return logProcesses;
    }

    public ReadOnlyStringProperty logTextProperty() {
        return logText.getReadOnlyProperty();
    }

    public void shown() {
        if (disposed) {
            return;
        }
        refresh.start();
        followChanged();
    }

    public void hidden() {
        refresh.stop();
        // nothing tailed while no one looks; shown again, it reads on from the last lines
        if (follower.followingProperty().get()) {
            follower.stop();
        }
    }

    /** Reads the nodes now (after an action, or after the wizard stored one). */
    public void reload() {
        if (disposed) {
            return; // an action that ends after the cockpit closed: its runner is gone
        }
        // a read of its own: restarting the periodic service while it waits out its period trips JavaFX
        background.call("Reading the nodes", monitor::nodes, this::show, this::readFailed);
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** True once the first read came back: until then an empty table means "not read yet", not "none". */
    public javafx.beans.property.ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    private void show(List<NodeRow> fresh) {
        if (disposed) {
            return; // a read that ended after the cockpit closed
        }
        String keep = selected.get() == null ? null : selected.get().spec().name();
        fresh.forEach(r -> cpuTrends.record(r.spec().name(), r.usage().cpuPercent()));
        cpuTrends.retainOnly(fresh.stream().map(r -> r.spec().name()).toList());
        rows.setAll(fresh);
        loaded.set(true);
        if (keep != null) {
            selected.set(fresh.stream().filter(r -> r.spec().name().equals(keep)).findFirst().orElse(null));
        }
        if (!autoProbeDone) {
            autoProbeDone = true;
            fresh.stream().filter(r -> !r.probed()).map(NodeRow::spec).forEach(this::probeQuietly);
        }
    }

    private void selectionChanged(NodeRow was, NodeRow now) {
        if (was != null && now != null && was.spec().name().equals(now.spec().name()) && editor.get() != null) {
            return; // the same node with fresh figures: the editor and log stay as the operator left them
        }
        if (follower.followingProperty().get()) {
            follower.stop();
            logText.unbind();
        }
        if (now == null) {
            editor.set(null);
            logProcesses.clear();
            logText.set("");
            return;
        }
        if (was != null && was.spec().name().equals(now.spec().name()) && editor.get() != null) {
            return; // the same node with fresh figures: the editor and log stay as the operator left them
        }
        editor.set(NodeForm.of(now.spec()));
        logText.set("");
        logProcesses.setAll(ProcessName.workerNames(now.spec()));
        logProcesses.add(AGENT);
        logProcesses.add(DISPATCHER);
        // following, the process's listener starts following this node's first worker
        logProcess.set(logProcesses.get(0));
        followChanged();
    }

    private void probeQuietly(NodeSpec node) {
        if (!probedThisSession.add(node.name())) {
            return;
        }
        background.call("Probing " + node.name(), () -> cluster.probe(node), report -> reload(), failure -> reload());
    }

    /** Probes the selected node and keeps what it found. */
    public void probe() {
        NodeRow row = selected.get();
        if (row == null || busy.get()) {
            return;
        }
        NodeSpec node = row.spec();
        start("Probing " + node.name() + "…");
        background.call("Probing " + node.name(), () -> cluster.probe(node), (ProbeReport report) -> {
            if (report.ready()) {
                done(node.name() + ": ready — " + report.os() + " " + report.architecture() + ", " + report.cpuCount() + " CPUs, Java "
                        + report.java().version());
            } else {
                NodeProblem first = report.problems().get(0);
                problem(node.name() + " is not ready", new ProblemText(first.cause(), first.fix()));
            }
            reload();
        }, failure -> {
            problem("Probing " + node.name() + " failed", ProblemText.of(failure));
            reload();
        });
    }

    /** Sends the runtime and job jars to the selected node, unchanged files skipped. */
    public void deploy() {
        NodeRow row = selected.get();
        if (row == null || busy.get()) {
            return;
        }
        NodeSpec node = row.spec();
        start("Deploying to " + node.name() + "…");
        var task = background.run("Deploying to " + node.name(), p -> {
            p.message("Sending the runtime and job jars to " + node.name() + " (unchanged files are skipped)…");
            return cluster.deploy(node);
        }, (NodeDeployment deployed) -> done(node.name() + ": deployed — sent " + deployed.files().sent().size() + " ("
                + Sizes.bytes(deployed.files().bytesSent()) + "), skipped " + deployed.files().skipped().size() + " unchanged, in "
                + Sizes.duration(deployed.files().duration()) + "; " + deployed.archive().describe()),
                failure -> problem("Deploying to " + node.name() + " failed", ProblemText.of(failure)));
        task.messageProperty().addListener((o, was, now) -> {
            if (busy.get() && now != null && !now.isBlank()) {
                status.set(now);
            }
        });
    }

    /**
     * Asks, then stops the node's workers and any dispatcher there, then removes it. The local node
     * can be removed too; the cockpit's next start on the embedded database adds it back.
     */
    public void remove() {
        NodeRow row = selected.get();
        if (row == null || busy.get()) {
            return;
        }
        NodeSpec node = row.spec();
        boolean yes = session.dialogs().confirm("Remove node " + node.name() + "?",
                "Remove " + node.name() + " (" + (node.isLocal() ? "this machine" : node.user() + "@" + node.host()) + ")?",
                "Its workers (" + row.workersRunning() + " running) and any dispatcher on it are stopped first: each finishes the task in hand"
                        + " (up to " + STOP_GRACE.toSeconds() + " s, then it is killed). Pampa's files stay on the node.");
        if (!yes) {
            return;
        }
        start("Removing " + node.name() + "…");
        var task = background.run("Removing " + node.name(), p -> cluster.removeNode(node, STOP_GRACE, p::message),
                (List<StopOutcome> outcomes) -> {
                    long stopped = outcomes.stream().filter(o -> o.how() != StopOutcome.How.NOT_RUNNING).count();
                    done("Removed " + node.name() + (stopped == 0 ? "" : " after stopping " + stopped + " process" + (stopped == 1 ? "" : "es")));
                    selected.set(null);
                    reload();
                }, failure -> {
                    problem("Removing " + node.name() + " failed", ProblemText.of(failure));
                    reload();
                });
        task.messageProperty().addListener((o, was, now) -> {
            if (busy.get() && now != null && !now.isBlank()) {
                status.set(now);
            }
        });
    }

    /** Stores the editor's values over the selected node. */
    public void saveEdits() {
        NodeForm form = editor.get();
        if (form == null || busy.get()) {
            return;
        }
        Optional<NodeSpec> spec = form.spec();
        if (spec.isEmpty()) {
            problem("The node's values are not right", new ProblemText(String.join("; ", form.problems().values()),
                    "correct the fields marked in red"));
            return;
        }
        start("Saving " + spec.get().name() + "…");
        background.call("Saving node " + spec.get().name(), () -> cluster.saveNode(spec.get()), isNew -> {
            done("Saved " + spec.get().name() + (spec.get().maxWorkers() != selected.get().spec().maxWorkers()
                    ? "; start or stop workers for the new max workers to take effect" : ""));
            reload();
        }, failure -> problem("Saving " + spec.get().name() + " failed", ProblemText.of(failure)));
    }

    /** The last {@link #logLines} lines of the chosen process's log on the selected node. */
    public void readLog() {
        NodeRow row = selected.get();
        String process = logProcess.get();
        if (row == null || process == null) {
            return;
        }
        if (logFollow.get()) {
            followChanged(); // read again from the last lines, and go on following
            return;
        }
        NodeSpec node = row.spec();
        int lines = Math.max(1, logLines.get());
        ProcessName name = DISPATCHER.equals(process) ? ProcessName.DISPATCHER
                : AGENT.equals(process) ? ProcessName.AGENT : ProcessName.worker(process);
        logText.set("Reading " + process + "'s log…");
        background.call("Reading " + process + "'s log", () -> session.nodeOperations().log(node, name).last(lines),
                (ProcessLog.Lines read) -> logText.set(read.lines().isEmpty() ? "(the log is empty)" : String.join("\n", read.lines())),
                failure -> logText.set(ProblemText.of(failure).toString()));
    }

    private void readFailed(Throwable failure) {
        if (!busy.get()) {
            statusIsProblem.set(true);
            status.set("Could not read the nodes: " + ProblemText.of(failure));
        }
    }

    private void start(String what) {
        busy.set(true);
        progress.set(-1);
        statusIsProblem.set(false);
        status.set(what);
    }

    private void done(String what) {
        busy.set(false);
        progress.set(0);
        statusIsProblem.set(false);
        status.set(what);
    }

    private void problem(String what, ProblemText text) {
        busy.set(false);
        progress.set(0);
        statusIsProblem.set(true);
        status.set(what + ": " + text);
    }

    public void dispose() {
        disposed = true;
        refresh.stop();
        follower.close();
    }
}
