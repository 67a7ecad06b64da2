package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import java.util.List;

/** Turns what went wrong on a node into the CLI's one-line failures and exit codes. */
final class NodeFailures {

    private NodeFailures() {
    }

    static CliFailure of(NodeSpec node, NodeOperationException e) {
        if (e instanceof HostKeyRefusedException refused && refused.check() instanceof HostKeyCheck.Unknown unknown) {
            return new CliFailure(ExitCode.HOST_KEY_NOT_TRUSTED, "node " + node.name() + ": the host key is not trusted yet; its fingerprint is "
                    + unknown.presentedFingerprint() + " — check it with the node's administrator, then run: pampa node trust "
                    + node.name() + " --trust " + unknown.presentedFingerprint());
        }
        if (e instanceof HostKeyRefusedException) {
            return new CliFailure(ExitCode.HOST_KEY_NOT_TRUSTED, line(node, e.problem()));
        }
        return new CliFailure(exitCode(e.problem()), line(node, e.problem()));
    }

    static int exitCode(NodeProblem problem) {
        return switch (problem.step()) {
            case HOST_KEY -> ExitCode.HOST_KEY_NOT_TRUSTED;
            case CONNECT, AUTHENTICATE, LOAD_KEY -> ExitCode.NODE_UNREACHABLE;
            default -> ExitCode.NODE_OPERATION_FAILED;
        };
    }

    static String line(NodeSpec node, NodeProblem problem) {
        return "node " + node.name() + ": " + problem.step().label() + ": " + problem.cause() + " — " + problem.fix();
    }

    /** The stored node of that name, read with a short-lived connection: node operations hold none. */
    static NodeSpec load(DbOptions db, String name, String command) {
        try (Database d = db.connect(command)) {
            return find(d, name);
        }
    }

    static NodeSpec find(Database d, String name) {
        NodeStore nodes = new NodeStore(d.dsl());
        return nodes.find(name).orElseThrow(() -> NodeCommand.unknownNode(name, nodes.names())).spec();
    }

    static List<NodeSpec> all(Database d) {
        return new NodeStore(d.dsl()).all().stream().map(NodeStore.StoredNode::spec).toList();
    }
}
