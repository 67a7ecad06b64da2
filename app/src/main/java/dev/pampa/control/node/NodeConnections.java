package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.NodeAddress;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.model.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The open connections to stored nodes, one per node, reused across operations until closed: an
 * {@link SshSession} for an SSH node, a {@link LocalShell} for the {@code local} node, each SSH login
 * by the one policy of {@link NodeLogin}.
 */
public final class NodeConnections implements AutoCloseable {

    /** An operation on one node; its failure is that node's alone. */
    @FunctionalInterface
    public interface NodeOperation<T> {
        T apply(NodeSpec node) throws NodeOperationException;
    }

    /** Where the operator's key and known hosts are, and how long each SSH step may take. */
    public record Settings(Path operatorKeyFile, HostKeyTrust trust, SshSession.Timeouts timeouts) {
        public static Settings forOperator() {
            return new Settings(OperatorKey.defaultFile(), HostKeyTrust.forOperator(), SshSession.Timeouts.defaults());
        }
    }

    private final Settings settings;
    private final NodeLogin.PassphraseSource passphrases;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, SshSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, NodeShell> shells = new ConcurrentHashMap<>();

    public NodeConnections(Settings settings, NodeLogin.PassphraseSource passphrases) {
        this.settings = settings;
        this.passphrases = passphrases;
    }

    public HostKeyTrust trust() {
        return settings.trust();
    }

    public Settings settings() {
        return settings;
    }

    /** The node's shell, connecting first if there is no open connection to it yet. */
    public NodeShell shell(NodeSpec node) throws NodeOperationException {
        if (node.isLocal()) {
            return shells.computeIfAbsent(node.name(), n -> new LocalShell());
        }
        synchronized (lockOf(node)) {
            SshSession session = openSession(node);
            NodeShell shell = shells.get(node.name());
            if (shell == null) {
                shell = new SshNodeShell(session);
                shells.put(node.name(), shell);
            }
            return shell;
        }
    }

    /** The node's SSH session (for what needs one, like {@link Probe}); the local node has none. */
    public SshSession session(NodeSpec node) throws NodeOperationException {
        if (node.isLocal()) {
            throw new NodeOperationException(new NodeProblem(NodeStep.CONNECT, "the local node is this machine and is not reached over SSH",
                    "use its shell rather than an SSH session"));
        }
        synchronized (lockOf(node)) {
            return openSession(node);
        }
    }

    private SshSession openSession(NodeSpec node) throws NodeOperationException {
        SshSession session = sessions.get(node.name());
        if (session != null && session.isOpen()) {
            return session;
        }
        forget(node.name());
        session = logIn(node, passphrases);
        sessions.put(node.name(), session);
        return session;
    }

    public static NodeAddress addressOf(NodeSpec node) {
        return new NodeAddress(node.host(), node.port(), node.user());
    }

    /**
     * A new session to the node, logged in by {@link NodeLogin}'s policy and kept by no one but the
     * caller, who closes it: for a node that is not stored yet (the onboarding wizard).
     *
     * @throws dev.pampa.control.ssh.HostKeyRefusedException when the host key is unknown or changed
     */
    public SshSession logIn(NodeSpec node, NodeLogin.PassphraseSource passphrases) throws NodeOperationException {
        return SshSession.open(addressOf(node), NodeLogin.of(node, settings.operatorKeyFile(), passphrases), settings.trust(), settings.timeouts());
    }

    /**
     * Runs {@code operation} on every node, at most {@code parallelism} at a time, each within
     * {@code timeoutPerNode}. One result per node, in the order given; a node that fails or runs out of
     * time gets its problem, and the others go on. A node that ran out of time loses its connection, so
     * that the next operation on it starts afresh rather than behind a stuck command.
     */
    public <T> List<NodeResult<T>> forEachNode(List<NodeSpec> nodes, int parallelism, Duration timeoutPerNode,
            NodeOperation<T> operation) {
        return forEachNode(nodes, parallelism, timeoutPerNode, operation, result -> { });
    }

    /**
     * As {@link #forEachNode(List, int, Duration, NodeOperation)}, and each node's result is also given
     * to {@code arrived} as soon as it is known, in the order the nodes finish: what a command prints
     * while the slower nodes still work. {@code arrived} is called from several threads, one call at a time.
     */
    public <T> List<NodeResult<T>> forEachNode(List<NodeSpec> nodes, int parallelism, Duration timeoutPerNode,
            NodeOperation<T> operation, Consumer<NodeResult<T>> arrived) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be 1 or more, not " + parallelism);
        }
        List<NodeResult<T>> results = new ArrayList<>();
        if (nodes.isEmpty()) {
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, nodes.size()), daemon("pampa-node-operation"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("pampa-node-timeout"));
        Object arrivals = new Object();
        try {
            List<CompletableFuture<NodeResult<T>>> futures = new ArrayList<>();
            for (NodeSpec node : nodes) {
                CompletableFuture<T> result = new CompletableFuture<>();
                Future<?> running = pool.submit(() -> {
                    // A node's clock starts when its operation does, not while it waits for a thread.
                    ScheduledFuture<?> deadline = watchdog.schedule(() -> {
                        if (result.completeExceptionally(new TimeoutException())) {
                            close(node.name());
                        }
                    }, timeoutPerNode.toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        result.complete(operation.apply(node));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    } finally {
                        deadline.cancel(false);
                    }
                });
                result.whenComplete((v, t) -> {
                    if (t instanceof TimeoutException) {
                        running.cancel(true);
                    }
                });
                futures.add(result.handle((value, failure) -> {
                    NodeResult<T> r = failure == null ? NodeResult.ok(node.name(), value) : failed(node, failure, timeoutPerNode);
                    synchronized (arrivals) {
                        arrived.accept(r);
                    }
                    return r;
                }));
            }
            for (int i = 0; i < nodes.size(); i++) {
                results.add(await(nodes.get(i), futures.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static <T> NodeResult<T> await(NodeSpec node, CompletableFuture<NodeResult<T>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // only a listener that threw gets here: the node's own failure is already its result
            return failed(node, e.getCause(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return NodeResult.failed(node.name(), new NodeProblem(NodeStep.OPERATION, "interrupted before node " + node.name() + " answered",
                    "run the command again"));
        }
    }

    private static <T> NodeResult<T> failed(NodeSpec node, Throwable failure, Duration timeout) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return NodeResult.failed(node.name(), new NodeProblem(NodeStep.OPERATION, "node " + node.name() + " did not finish within "
                    + describe(timeout), "check that the node is up and not overloaded, or allow a longer time"));
        }
        if (cause instanceof NodeOperationException e) {
            return NodeResult.failed(node.name(), e.problem());
        }
        return NodeResult.failed(node.name(), new NodeProblem(NodeStep.OPERATION, "node " + node.name() + ": unexpected "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                "report this as a bug, with the node's log"));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private Object lockOf(NodeSpec node) {
        return locks.computeIfAbsent(node.name(), n -> new Object());
    }

    private void forget(String node) {
        NodeShell shell = shells.remove(node);
        if (shell != null) {
            shell.close();
        }
        SshSession session = sessions.remove(node);
        if (session != null) {
            session.close();
        }
    }

    /** Closes the connection to one node, if open; the next operation on it reconnects. */
    public void close(String node) {
        forget(node);
    }

    @Override
    public void close() {
        for (String node : List.copyOf(locks.keySet())) {
            forget(node);
        }
        for (String node : List.copyOf(shells.keySet())) {
            forget(node);
        }
    }
}
