package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.NodeStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the cockpit does to stored nodes, through the same classes as the operator CLI: deploy the
 * jars that ship with this program, start and stop workers and the dispatcher. Each call blocks
 * (SSH round trips, a grace period): never call it on the UI thread.
 */
public final class ClusterActions {
    private final NodeConnections connections;
    private final Database store;
    private final DbUrl database;

    /** @param store where the nodes are stored, and what deployed nodes connect to (written into their runtime config) */
    public ClusterActions(NodeConnections connections, Database store) {
        this.connections = connections;
        this.store = store;
        this.database = store.url();
    }

    /** The stored nodes, by name. */
    public List<NodeSpec> nodes() {
        return new NodeStore(store.dsl()).all().stream().map(NodeStore.StoredNode::spec).toList();
    }

    public Optional<NodeSpec> node(String name) {
        return new NodeStore(store.dsl()).find(name).map(NodeStore.StoredNode::spec);
    }

    /**
     * Everything running, the way the Start button means it: each node deployed (unchanged files
     * skipped) and its workers started, and the dispatcher started on {@code dispatcherNode}. A node
     * that fails does not stop the others; its problem is in the result.
     */
    public List<NodeResult<String>> startCluster(String dispatcherNode, Consumer<String> progress) {
        List<NodeResult<String>> results = new ArrayList<>();
        for (NodeSpec node : nodes()) {
            try {
                progress.accept("Deploying to " + node.name());
                DeployReport deployed = deploy(node);
                if (node.name().equals(dispatcherNode)) {
                    progress.accept("Starting the dispatcher on " + node.name());
                    startDispatcher(node);
                }
                progress.accept("Starting " + node.maxWorkers() + " workers on " + node.name());
                long started = startWorkers(node).stream().filter(StartOutcome::started).count();
                results.add(NodeResult.ok(node.name(), (deployed.changedNothing() ? "up to date" : "deployed " + deployed.sent().size() + " files")
                        + ", " + started + " worker" + (started == 1 ? "" : "s") + " started"));
            } catch (NodeOperationException e) {
                results.add(NodeResult.failed(node.name(), e.problem()));
            }
        }
        return results;
    }

    /** Every node's workers stopped (SIGTERM, then SIGKILL after {@code grace}), then the dispatcher wherever it runs. */
    public List<NodeResult<String>> stopCluster(Duration grace, Consumer<String> progress) {
        List<NodeResult<String>> results = new ArrayList<>();
        for (NodeSpec node : nodes()) {
            try {
                progress.accept("Stopping the workers on " + node.name());
                long stopped = stopWorkers(node, grace).stream().filter(o -> o.how() != StopOutcome.How.NOT_RUNNING).count();
                StopOutcome dispatcher = stopDispatcher(node, grace);
                results.add(NodeResult.ok(node.name(), stopped + " worker" + (stopped == 1 ? "" : "s") + " stopped"
                        + (dispatcher.how() == StopOutcome.How.NOT_RUNNING ? "" : ", dispatcher stopped")));
            } catch (NodeOperationException e) {
                results.add(NodeResult.failed(node.name(), e.problem()));
            }
        }
        return results;
    }

    /** Stores the node, or replaces the one of that name; true when it is new. */
    public boolean saveNode(NodeSpec node) {
        return new NodeStore(store.dsl()).save(node);
    }

    /**
     * Stops the node's workers and any dispatcher there (SIGTERM, then SIGKILL after {@code grace}),
     * then removes it. Refused, with the workers named, while the database still lists one running.
     */
    public List<StopOutcome> removeNode(NodeSpec node, Duration grace, Consumer<String> progress) throws NodeOperationException {
        List<StopOutcome> stopped = new ArrayList<>();
        progress.accept("Stopping the workers on " + node.name());
        stopped.addAll(stopWorkers(node, grace));
        progress.accept("Stopping any dispatcher on " + node.name());
        stopped.add(stopDispatcher(node, grace));
        progress.accept("Removing " + node.name());
        NodeStore.NodeRemoval removal = new NodeStore(store.dsl()).remove(node.name());
        if (removal.outcome() == NodeStore.NodeRemoval.Outcome.WORKERS_ACTIVE) {
            throw new NodeOperationException(new NodeProblem("remove", "the database still lists " + String.join(", ", removal.activeWorkers())
                    + " as running on " + node.name(), "stop them (Workers screen), or wait 10 s for the dispatcher to mark them dead, then remove again"));
        }
        connections.close(node.name());
        return stopped;
    }

    /**
     * Probes the node and keeps what it found as the node's last probe (a node that could not be
     * reached keeps that problem), so that the cockpit shows it after a restart.
     */
    public ProbeReport probe(NodeSpec node) throws NodeOperationException {
        try {
            ProbeReport report = Probe.run(connections.shell(node), new ProbeSettings(node.javaCommand(), node.baseDir()));
            recordProbe(node.name(), report);
            return report;
        } catch (NodeOperationException e) {
            new NodeStore(store.dsl()).recordProbe(node.name(), new NodeStore.ProbeFacts(java.time.OffsetDateTime.now(),
                    null, null, null, null, null, null, List.of(e.problem().toString())));
            throw e;
        }
    }

    /** Keeps a probe made elsewhere (the onboarding wizard's) as the node's last probe. */
    public void recordProbe(String node, ProbeReport report) {
        new NodeStore(store.dsl()).recordProbe(node, new NodeStore.ProbeFacts(java.time.OffsetDateTime.now(), report.os(),
                report.architecture(), report.cpuCount(), report.memoryKb(), report.freeDiskKb(),
                report.java() == null ? null : report.java().version(),
                report.problems().stream().map(NodeProblem::toString).toList()));
    }

    /** The last {@code lines} complete lines of a worker's or the dispatcher's log on the node. */
    public ProcessLog.Lines log(NodeSpec node, ProcessName process, int lines) throws NodeOperationException {
        return ProcessLog.of(connections.shell(node), node.baseDir(), process).last(lines);
    }

    public NodeConnections connections() {
        return connections;
    }

    /** The runtime jar and the sample jobs onto the node; unchanged files are skipped. */
    public DeployReport deploy(NodeSpec node) throws NodeOperationException {
        Path runtime = ShippedJars.runtime().orElseThrow(() -> new NodeOperationException(new NodeProblem("deploy",
                "no pampa-runtime.jar found near " + ShippedJars.home(), "build it (./mvnw package) or reinstall Pampa")));
        List<Path> jobs = ShippedJars.sampleJobs().map(List::of).orElse(List.of());
        return new Deploy(connections.shell(node)).deploy(node.baseDir(), runtime, jobs, database);
    }

    public StartOutcome startWorker(NodeSpec node, String workerName) throws NodeOperationException {
        return control(node).startWorker(workerName);
    }

    /** Workers 1..max_workers; running ones are left as they are. */
    public List<StartOutcome> startWorkers(NodeSpec node) throws NodeOperationException {
        ProcessControl control = control(node);
        List<StartOutcome> outcomes = new ArrayList<>();
        for (String worker : workerNames(node)) {
            outcomes.add(control.startWorker(worker));
        }
        return outcomes;
    }

    public StopOutcome stopWorker(NodeSpec node, String workerName, Duration grace) throws NodeOperationException {
        return control(node).stopWorker(workerName, grace);
    }

    /** Every worker 1..max_workers, one after the other, each with its own grace period. */
    public List<StopOutcome> stopWorkers(NodeSpec node, Duration grace) throws NodeOperationException {
        ProcessControl control = control(node);
        List<StopOutcome> outcomes = new ArrayList<>();
        for (String worker : workerNames(node)) {
            outcomes.add(control.stopWorker(worker, grace));
        }
        return outcomes;
    }

    public StartOutcome startDispatcher(NodeSpec node) throws NodeOperationException {
        return control(node).startDispatcher(node.name());
    }

    public StopOutcome stopDispatcher(NodeSpec node, Duration grace) throws NodeOperationException {
        return control(node).stopDispatcher(grace);
    }

    /** Which of Pampa's processes run on the node, by their pid files. */
    public ProcessStatus processes(NodeSpec node) throws NodeOperationException {
        return control(node).status();
    }

    public static List<String> workerNames(NodeSpec node) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= node.maxWorkers(); i++) {
            names.add(node.name() + "." + i);
        }
        return names;
    }

    private ProcessControl control(NodeSpec node) throws NodeOperationException {
        return new ProcessControl(connections.shell(node), new NodeRuntime(node.javaCommand(), node.baseDir(), node.maxRamMb()));
    }
}
