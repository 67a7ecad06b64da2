package dev.pampa.ui.common;

import dev.pampa.control.node.ClusterActions;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.monitor.Monitor;

/**
 * What every screen shares while the cockpit is connected to one database: the database, the
 * cluster actions on its nodes (each node's through {@link #nodeOperations()}, the CLI's own), the
 * background runner and the dialogs.
 */
public record CockpitSession(OperatorDatabase database, ClusterActions cluster, Background background, DialogService dialogs)
        implements AutoCloseable {

    public static CockpitSession open(OperatorDatabase database, NodeConnections.Settings ssh, Background background,
                                      DialogService dialogs) {
        Theme.ensureApplied();
        NodeOperations nodes = new NodeOperations(ssh, (node, keyFile) -> askOnFx(dialogs,
                "Passphrase for " + node.name(), "The key " + keyFile + " of node " + node.name() + " needs its passphrase:"));
        return new CockpitSession(database, new ClusterActions(nodes, database.database()), background, dialogs);
    }

    /** What the cockpit does to one node, the operator CLI's way; every call blocks, so only from {@link #background()}. */
    public NodeOperations nodeOperations() {
        return cluster.operations();
    }

    /** What the screens read of the database: typed records, never SQL. Off the FX thread. */
    public Monitor monitor() {
        return Monitor.of(database);
    }

    /** Reports a failure of {@code operation} in a dialog, with its cause and fix. */
    public void report(String operation, Throwable failure) {
        ProblemText text = ProblemText.of(failure);
        Background.onFx(() -> dialogs.showError(operation + " failed", text.cause(), text.fix()));
    }

    /** Asked from a background thread (an SSH login), answered on the FX thread. */
    private static char[] askOnFx(DialogService dialogs, String title, String prompt) {
        java.util.concurrent.CompletableFuture<char[]> answer = new java.util.concurrent.CompletableFuture<>();
        Background.onFx(() -> answer.complete(dialogs.askSecret(title, prompt).orElse(null)));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    @Override
    public void close() {
        cluster.operations().close();
        database.close();
    }
}
