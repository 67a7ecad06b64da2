package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the cockpit does to its stored nodes as a whole: list, save and remove them, keep their last
 * probe, deploy the jars that ship with this program (pointing nodes at the cockpit's database), and
 * start or stop everything. Every operation on a node goes through {@link NodeOperations}, as the
 * CLI's do. Each call blocks (SSH round trips, a grace period): never call it on the UI thread.
 */
public final class ClusterActions {
    /** A deploy (with its class data training) and a start, with room for slow logins. */
    static final Duration START_TIMEOUT_PER_NODE = Duration.ofMinutes(10);

    private final NodeOperations nodes;
    private final Database store;

    /** @param store where the nodes are stored, and what deployed nodes connect to (written into their runtime config) */
    public ClusterActions(NodeOperations nodes, Database store) {
        this.nodes = nodes;
        this.store = store;
    }

    /** The operations on single nodes, for what the cockpit does to one node. */
    public NodeOperations operations() {
        return nodes;
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
     * skipped) and its workers started, and the dispatcher started on {@code dispatcherNode}. Nodes are
     * worked on many at once ({@link NodeParallelism}); a node that fails does not stop the others, its
     * problem is in the result.
     */
    public List<NodeResult<String>> startCluster(String dispatcherNode, Consumer<String> progress) {
        return startCluster(dispatcherNode, (node, step) -> progress.accept(node + ": " + step));
    }

    /**
     * As {@link #startCluster(String, Consumer)}, each node's steps told to {@code steps} as they happen:
     * the deploy, the dispatcher, each worker as it starts, then the node's outcome or its problem.
     */
    public List<NodeResult<String>> startCluster(String dispatcherNode, NodeSteps steps) {
        List<NodeSpec> all = nodes();
        all.forEach(n -> steps.step(n.name(), "waiting for its turn"));
        return nodes.forEachNode(all, NodeParallelism.forNodes(all.size(), null), START_TIMEOUT_PER_NODE, node -> {
            steps.step(node.name(), "connecting and deploying the runtime");
            DeployReport deployed = deploy(node).files();
            String files = deployed.changedNothing() ? "up to date" : "deployed " + deployed.sent().size() + " files";
            steps.step(node.name(), files);
            if (node.name().equals(dispatcherNode)) {
                steps.step(node.name(), "starting the dispatcher");
                StartOutcome d = nodes.startDispatcher(node);
                steps.step(node.name(), d.message().lines().findFirst().orElse("dispatcher started"));
            }
            steps.step(node.name(), "starting its agent and " + node.maxWorkers() + " worker" + (node.maxWorkers() == 1 ? "" : "s"));
            List<StartOutcome> outcomes = nodes.startWorkers(node,
                    o -> steps.step(node.name(), o.message().lines().findFirst().orElse(o.process().toString())));
            long started = outcomes.stream().filter(StartOutcome::started).count();
            // the same for each worker of the node: said once, a line each after the summary
            java.util.Set<String> notHeld = new java.util.LinkedHashSet<>();
            outcomes.forEach(o -> notHeld.addAll(o.limitsNotHeld()));
            return files + ", " + started + " worker" + (started == 1 ? "" : "s") + " started"
                    + (notHeld.isEmpty() ? "" : "\n" + String.join("\n", notHeld));
        }, result -> steps.step(result.node(), result.ok() ? "done: " + result.value().lines().findFirst().orElse("")
                : "failed: " + result.problem()));
    }

    /** Every node's workers stopped (SIGTERM, then SIGKILL after {@code grace}), then the dispatcher wherever it runs; many nodes at once. */
    public List<NodeResult<String>> stopCluster(Duration grace, Consumer<String> progress) {
        return stopCluster(grace, (node, step) -> progress.accept(node + ": " + step));
    }

    /**
     * As {@link #stopCluster(Duration, Consumer)}, each node's steps told to {@code steps} as they
     * happen: each worker as it stops (or was not running), the agent, the dispatcher, then the node's
     * outcome or its problem.
     */
    public List<NodeResult<String>> stopCluster(Duration grace, NodeSteps steps) {
        List<NodeSpec> all = nodes();
        int mostWorkers = all.stream().mapToInt(NodeSpec::maxWorkers).max().orElse(1);
        // a node's workers stop one after the other, each allowed the whole grace period, then its dispatcher
        Duration perNode = grace.multipliedBy(mostWorkers + 1L).plus(START_TIMEOUT_PER_NODE);
        all.forEach(n -> steps.step(n.name(), "waiting for its turn"));
        return nodes.forEachNode(all, NodeParallelism.forNodes(all.size(), null), perNode, node -> {
            steps.step(node.name(), "stopping its " + node.maxWorkers() + " worker" + (node.maxWorkers() == 1 ? "" : "s") + ", then its agent");
            long stopped = nodes.stopWorkers(node, grace, o -> steps.step(node.name(), o.message()))
                    .stream().filter(o -> o.how() != StopOutcome.How.NOT_RUNNING).count();
            steps.step(node.name(), "stopping any dispatcher");
            StopOutcome dispatcher = nodes.stopDispatcher(node, grace);
            return stopped + " worker" + (stopped == 1 ? "" : "s") + " stopped"
                    + (dispatcher.how() == StopOutcome.How.NOT_RUNNING ? "" : ", dispatcher stopped");
        }, result -> steps.step(result.node(), result.ok() ? "done: " + result.value() : "failed: " + result.problem()));
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
        stopped.addAll(nodes.stopWorkers(node, grace));
        progress.accept("Stopping any dispatcher on " + node.name());
        stopped.add(nodes.stopDispatcher(node, grace));
        progress.accept("Removing " + node.name());
        NodeStore.NodeRemoval removal = new NodeStore(store.dsl()).remove(node.name());
        if (removal.outcome() == NodeStore.NodeRemoval.Outcome.WORKERS_ACTIVE) {
            throw new NodeOperationException(new NodeProblem(NodeStep.REMOVE, "the database still lists " + String.join(", ", removal.activeWorkers())
                    + " as running on " + node.name(), "stop them (Workers screen), or wait 10 s for the dispatcher to mark them dead, then remove again"));
        }
        nodes.disconnect(node.name());
        return stopped;
    }

    /**
     * Probes the node and keeps what it found as the node's last probe (a node that could not be
     * reached keeps that problem), so that the cockpit shows it after a restart.
     */
    public ProbeReport probe(NodeSpec node) throws NodeOperationException {
        try {
            ProbeReport report = nodes.probe(node);
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

    /** The jars that ship with this program onto the node, and its class data archive, as {@link NodeOperations#deploy}. */
    public NodeDeployment deploy(NodeSpec node) throws NodeOperationException {
        return nodes.deploy(node, JarsToDeploy.shipped(), store.url());
    }
}
