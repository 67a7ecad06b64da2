package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.ssh.KeyInstallation;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.model.NodeSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pampa node install-key}: logs in once with the user's password, asked for on the console
 * without echo, and adds Pampa's public key to the node's authorized_keys. The password is neither
 * stored nor printed, and is wiped from memory once the login is over.
 */
@Command(name = "install-key", mixinStandardHelpOptions = true,
        description = {"Installs Pampa's operator key (~/.pampa/id_ed25519, created on first use) on a node, logging in once with a password.",
                "The password is asked for on the console without echo, or read from the first line of stdin with --password-stdin."})
final class NodeInstallKeyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input (for scripts).")
    boolean passwordStdin;

    @Mixin
    DbOptions db;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NodeSpec node = NodeFailures.load(db, name, "node install-key");
        if (node.isLocal()) {
            throw new CliFailure(ExitCode.USAGE, "node local is this machine and is not reached over SSH — install the key on an SSH node");
        }
        OperatorAnswers answers = OperatorAnswers.ofThisProcess();
        char[] password = passwordStdin ? fromStdin(answers) : fromConsole(node, answers);
        try (NodeOperations nodes = operator.nodeOperations()) {
            KeyInstallation.Outcome outcome = nodes.installKey(node, password);
            out.println("node " + node.name() + ": " + (outcome.appended() ? "installed" : "already had") + " Pampa's key "
                    + outcome.keyFingerprint() + "; key authentication works, and the password is not needed any more");
        } catch (NodeOperationException e) {
            throw NodeFailures.of(node, e);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static char[] fromConsole(NodeSpec node, OperatorAnswers answers) {
        if (!answers.hasConsole()) {
            throw new CliFailure(ExitCode.USAGE, "no console to ask the password of " + node.user() + "@" + node.host()
                    + " on — run in a terminal, or pipe it with --password-stdin");
        }
        char[] password = answers.secretOnConsole(String.format("password of %s@%s (node %s, used once, never stored): ",
                node.user(), node.host(), node.name()));
        if (password == null) {
            throw new CliFailure(ExitCode.USAGE, "no password given — type the node user's password when asked");
        }
        return password;
    }

    private static char[] fromStdin(OperatorAnswers answers) {
        try {
            char[] line = answers.firstLineOfStdin();
            if (line == null) {
                throw new CliFailure(ExitCode.USAGE, "--password-stdin: standard input is empty — pipe the password in, one line");
            }
            return line;
        } catch (IOException e) {
            // the message names the reading problem, never what was read
            throw new CliFailure(ExitCode.FAILURE, "--password-stdin: cannot read standard input (" + e.getMessage() + ") — pipe the password in");
        }
    }
}
