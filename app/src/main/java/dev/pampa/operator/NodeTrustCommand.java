package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.model.NodeSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pampa node trust}: approves a node's SSH host key into Pampa's known hosts, either by the
 * fingerprint given (for scripts) or by an interactive yes after showing it.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"Approves a node's SSH host key, after comparing its SHA-256 fingerprint with the one the node's administrator gives.",
                "Without --trust, shows the fingerprint and asks yes/no on the console (or, with --answer-stdin, on standard input)."})
final class NodeTrustCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--trust", paramLabel = "SHA256:…", description = "Accept the key only if its fingerprint is this one.")
    String fingerprint;

    @Option(names = "--answer-stdin", description = {"Without a console, print the question on standard output and read the yes/no "
            + "answer from the first line of standard input (someone answering through a pipe or a session without a terminal).",
            "Without it and without a console, nothing is asked: the fingerprint and the --trust flag to pass are printed."})
    boolean answerStdin;

    @Mixin
    DbOptions db;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NodeSpec node = NodeFailures.load(db, name, "node trust");
        if (node.isLocal()) {
            throw new CliFailure(ExitCode.USAGE, "node local is this machine and has no SSH host key — trust an SSH node");
        }
        HostKeyCheck.Unknown unknown = presentedUnknownKey(node, out);
        if (unknown == null) {
            out.flush();
            return ExitCode.OK;
        }
        String approved = fingerprint != null ? fingerprint.strip() : ask(node, unknown, OperatorAnswers.ofThisProcess(), out);
        if (!unknown.presentedFingerprint().equals(approved)) {
            throw new CliFailure(ExitCode.HOST_KEY_NOT_TRUSTED, "node " + node.name() + ": the host key's fingerprint is "
                    + unknown.presentedFingerprint() + ", not " + approved + "; nothing was trusted"
                    + " — check the fingerprint with the node's administrator; a different key may mean someone is in between");
        }
        try (NodeOperations nodes = operator.nodeOperations()) {
            nodes.approve(unknown);
            out.println("node " + node.name() + ": trusted host key " + unknown.presentedFingerprint() + " (recorded in " + nodes.knownHostsFile() + ")");
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The key the node presents when it is unknown; null when it is known already (said so on {@code out}). */
    private HostKeyCheck.Unknown presentedUnknownKey(NodeSpec node, PrintWriter out) {
        try (NodeOperations nodes = operator.nodeOperations()) {
            nodes.connect(node);
            out.println("node " + node.name() + ": the host key is trusted already; nothing to do");
            return null;
        } catch (HostKeyRefusedException e) {
            if (e.check() instanceof HostKeyCheck.Unknown unknown) {
                return unknown;
            }
            throw NodeFailures.of(node, e);
        } catch (NodeOperationException e) {
            if (e.problem().step() != NodeStep.CONNECT) {
                // The host key passed, and the login is another matter (install-key, or the key file).
                out.println("node " + node.name() + ": the host key is trusted already; nothing to do (note: " + e.problem() + ")");
                return null;
            }
            throw NodeFailures.of(node, e);
        }
    }

    /** The presented fingerprint once someone answered yes to it, on the console or (with --answer-stdin) on stdin. */
    private String ask(NodeSpec node, HostKeyCheck.Unknown unknown, OperatorAnswers answers, PrintWriter out) {
        String question = String.format("node %s (%s) presents the host key %s%nIs this the node's key? (yes/no) ",
                node.name(), HostKeyTrust.hostPattern(node.host(), node.port()), unknown.presentedFingerprint());
        String answer;
        if (answers.hasConsole() && !answerStdin) {
            answer = answers.lineOnConsole(question);
        } else if (answerStdin) {
            out.print(question);
            out.flush();
            try {
                char[] line = answers.firstLineOfStdin();
                answer = line == null ? null : new String(line);
            } catch (java.io.IOException e) {
                throw new CliFailure(ExitCode.FAILURE, "--answer-stdin: cannot read standard input (" + e.getMessage() + ") — answer yes or no, one line");
            }
            out.println();
        } else {
            throw new CliFailure(ExitCode.HOST_KEY_NOT_TRUSTED, "node " + node.name() + ": its host key fingerprint is "
                    + unknown.presentedFingerprint() + " and there is no console to ask on — run: pampa node trust " + node.name()
                    + " --trust " + unknown.presentedFingerprint() + " once you have checked it");
        }
        if (answer != null && answer.strip().equalsIgnoreCase("yes")) {
            return unknown.presentedFingerprint();
        }
        throw new CliFailure(ExitCode.HOST_KEY_NOT_TRUSTED, "node " + node.name() + ": host key " + unknown.presentedFingerprint()
                + " not approved" + (answer == null ? " (no answer)" : "") + "; nothing was trusted — answer yes once you have checked the fingerprint");
    }
}
