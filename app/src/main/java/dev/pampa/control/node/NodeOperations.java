package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.KeyInstallation;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.DbUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What Pampa does to a node, the one way for the operator CLI and the cockpit: log in (by
 * {@link NodeLogin}'s policy), approve a host key, install Pampa's key, probe, deploy (the jars, the
 * runtime config and the class data archive), start and stop workers (with every resource limit the node
 * sets) and the dispatcher, read their logs, and list what runs there. Connections are kept per node and
 * reused until {@link #close()}.
 *
 * <p>Every method blocks on the node (SSH round trips, uploads, a training run, a stop's grace period):
 * call it from a background thread, never from the JavaFX application thread.
 *
 * <p>Workers start only through {@link #startWorker} and {@link #startWorkers}, and stop only through
 * {@link #stopWorker} and {@link #stopWorkers}: whatever must run on a node before its workers, or stop
 * after them, belongs there.
 */
public final class NodeOperations implements AutoCloseable {
    private final NodeConnections connections;

    public NodeOperations(NodeConnections.Settings settings, NodeLogin.PassphraseSource passphrases) {
        this.connections = new NodeConnections(settings, passphrases);
    }

    /** Opens the node's connection, or finds it open: for a check that the node can be reached and its host key is trusted. */
    public void connect(NodeSpec node) throws NodeOperationException {
        connections.shell(node);
    }

    /**
     * A new session to a node that need not be stored yet, kept by the caller, who closes it: the
     * onboarding wizard's login. {@code passphrase} (not kept) opens the node's key file if it has one.
     *
     * @throws dev.pampa.control.ssh.HostKeyRefusedException when the host key is unknown or changed
     * @throws NodeOperationException                        step CONNECT, AUTHENTICATE or LOAD_KEY otherwise
     */
    public SshSession logIn(NodeSpec node, char[] passphrase) throws NodeOperationException {
        return connections.logIn(node, NodeLogin.PassphraseSource.given(passphrase));
    }

    /** Records the host key the operator approved after comparing its fingerprint. */
    public void approve(HostKeyCheck.Unknown unknown) {
        connections.trust().approve(unknown, unknown.presentedFingerprint());
    }

    /** Where approved host keys are kept. */
    public Path knownHostsFile() {
        return connections.trust().pampaKnownHosts();
    }

    /** Pampa's operator key into the node's authorized_keys, logging in once with {@code password}, which is wiped. */
    public KeyInstallation.Outcome installKey(NodeSpec node, char[] password) throws NodeOperationException {
        SshLogin.WithPassword login = new SshLogin.WithPassword(password);
        Arrays.fill(password, '\0');
        NodeConnections.Settings settings = connections.settings();
        try {
            return KeyInstallation.install(NodeConnections.addressOf(node), login, OperatorKey.loadOrCreate(settings.operatorKeyFile(), null),
                    settings.trust(), settings.timeouts());
        } finally {
            login.forget();
        }
    }

    public ProbeReport probe(NodeSpec node) throws NodeOperationException {
        return Probe.run(connections.shell(node), probeSettings(node));
    }

    /** The probe through a session of {@link #logIn}, for a node that is not stored yet. */
    public ProbeReport probe(SshSession session, NodeSpec node) throws NodeOperationException {
        return Probe.run(new SshNodeShell(session), probeSettings(node));
    }

    private static ProbeSettings probeSettings(NodeSpec node) {
        return new ProbeSettings(node.javaCommand(), node.baseDir());
    }

    /**
     * The jars onto the node (unchanged files skipped), its {@code pampa.env} pointing at {@code database},
     * then its class data archive trained when the runtime jar is newer; a training that fails leaves the
     * deploy done and says why in {@link NodeDeployment#archive()}.
     */
    public NodeDeployment deploy(NodeSpec node, JarsToDeploy jars, DbUrl database) throws NodeOperationException {
        DeployReport files = new Deploy(connections.shell(node)).deploy(node.baseDir(), jars.runtime(), jars.jobs(), database);
        return new NodeDeployment(files, ClassDataArchive.refresh(connections.shell(node), NodeRuntime.of(node)));
    }

    /** One worker of the node, after the node's agent that serves it; running ones are left as they are. */
    public StartOutcome startWorker(NodeSpec node, String worker) throws NodeOperationException {
        ProcessControl processes = processes(node);
        processes.startAgent(node.name());
        return processes.startWorker(worker);
    }

    /**
     * The node's agent, then workers 1..max_workers, each told to {@code each} as it is started;
     * running ones are left as they are. The agent is the node's only database client: its workers
     * reach the database through it alone.
     */
    public List<StartOutcome> startWorkers(NodeSpec node, Consumer<StartOutcome> each) throws NodeOperationException {
        ProcessControl processes = processes(node);
        processes.startAgent(node.name());
        List<StartOutcome> outcomes = new ArrayList<>();
        for (String worker : ProcessName.workerNames(node)) {
            StartOutcome outcome = processes.startWorker(worker);
            each.accept(outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    public List<StartOutcome> startWorkers(NodeSpec node) throws NodeOperationException {
        return startWorkers(node, outcome -> { });
    }

    /**
     * SIGTERM, then SIGKILL after {@code grace}. The node's agent stops with the node's last running
     * worker: nothing of Pampa's stays on a node where no worker runs.
     */
    public StopOutcome stopWorker(NodeSpec node, String worker, Duration grace) throws NodeOperationException {
        ProcessControl processes = processes(node);
        StopOutcome outcome = processes.stopWorker(worker, grace);
        boolean workersLeft = processes.status().running().stream()
                .map(ProcessStatus.PidFile::process)
                .anyMatch(p -> !p.equals(ProcessName.AGENT.value()) && !p.equals(ProcessName.DISPATCHER.value()));
        if (!workersLeft) {
            processes.stopAgent(grace);
        }
        return outcome;
    }

    /**
     * Workers 1..max_workers, one after the other, each with its own grace period, each told to
     * {@code each}; then the node's agent, once their hand-backs have gone through it.
     */
    public List<StopOutcome> stopWorkers(NodeSpec node, Duration grace, Consumer<StopOutcome> each) throws NodeOperationException {
        ProcessControl processes = processes(node);
        List<StopOutcome> outcomes = new ArrayList<>();
        for (String worker : ProcessName.workerNames(node)) {
            StopOutcome outcome = processes.stopWorker(worker, grace);
            each.accept(outcome);
            outcomes.add(outcome);
        }
        processes.stopAgent(grace);
        return outcomes;
    }

    public List<StopOutcome> stopWorkers(NodeSpec node, Duration grace) throws NodeOperationException {
        return stopWorkers(node, grace, outcome -> { });
    }

    /** The dispatcher, its lease naming the node as stored; a running one is left as it is. */
    public StartOutcome startDispatcher(NodeSpec node) throws NodeOperationException {
        return processes(node).startDispatcher(node.name());
    }

    public StopOutcome stopDispatcher(NodeSpec node, Duration grace) throws NodeOperationException {
        return processes(node).stopDispatcher(grace);
    }

    /** Which of Pampa's processes run on the node, by their pid files. */
    public ProcessStatus status(NodeSpec node) throws NodeOperationException {
        return processes(node).status();
    }

    /** A worker's or the dispatcher's log on the node; reading it blocks too. */
    public ProcessLog log(NodeSpec node, ProcessName process) throws NodeOperationException {
        return ProcessLog.of(connections.shell(node), node.baseDir(), process);
    }

    /**
     * Runs {@code operation} on every node, at most {@code parallelism} at a time, each within
     * {@code timeoutPerNode}: one result per node, in the order given, as {@link NodeConnections#forEachNode}.
     */
    public <T> List<NodeResult<T>> forEachNode(List<NodeSpec> nodes, int parallelism, Duration timeoutPerNode,
            NodeConnections.NodeOperation<T> operation) {
        return connections.forEachNode(nodes, parallelism, timeoutPerNode, operation);
    }

    /**
     * As {@link #forEachNode(List, int, Duration, NodeConnections.NodeOperation)}, each node's result
     * also given to {@code arrived} as it is known (one call at a time), as {@link NodeConnections#forEachNode}.
     */
    public <T> List<NodeResult<T>> forEachNode(List<NodeSpec> nodes, int parallelism, Duration timeoutPerNode,
            NodeConnections.NodeOperation<T> operation, Consumer<NodeResult<T>> arrived) {
        return connections.forEachNode(nodes, parallelism, timeoutPerNode, operation, arrived);
    }

    /** Closes the connection to one node, if open (a removed node); the next operation on it reconnects. */
    public void disconnect(String node) {
        connections.close(node);
    }

    private ProcessControl processes(NodeSpec node) throws NodeOperationException {
        return new ProcessControl(connections.shell(node), NodeRuntime.of(node));
    }

    @Override
    public void close() {
        connections.close();
    }
}
