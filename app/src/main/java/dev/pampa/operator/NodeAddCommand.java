package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeLogin;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import dev.pampa.model.NodeYaml;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pampa node add}: stores a node, or replaces the one of that name. Everything is checked before
 * the database is opened, so an invalid node leaves the store as it was.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stores a node (or replaces the node of that name), from options or from a YAML file.",
                "Options given with --file override the file's values. Nothing secret is stored: a key by its path;"
                        + " --password only records that Pampa's key is to be installed with a password, asked for then."})
final class NodeAddCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "1 to 63 letters, digits, '-' or '_'; 'local' is this machine (no SSH).")
    String name;

    @Option(names = "--file", paramLabel = "FILE", description = "A YAML node: name, host, port, user, auth, max_workers, java_command, base_dir, max_ram, max_cpu.")
    Path file;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name or IP address (default for 'local': localhost).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "SSH port, 1 to 65535. Default: 22.")
    Integer port;

    @Option(names = "--user", paramLabel = "USER", description = "SSH user (not for 'local').")
    String user;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key file. Default: Pampa's own key.")
    String key;

    @Option(names = "--password", description = "Authenticate by password once, to install Pampa's key. The password is not asked for here and never stored.")
    boolean password;

    @Option(names = "--max-workers", paramLabel = "N", description = "Workers at most, 1 to 1000. Default: 1 (for 'local': the number of cores).")
    Integer maxWorkers;

    @Option(names = "--java", paramLabel = "CMD", description = "The java command on the node. Default: java.")
    String javaCommand;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "Pampa's directory on the node. Default: ~/.pampa.")
    String baseDir;

    @Option(names = "--max-ram", paramLabel = "MB", description = "Memory per worker, in MB, 64 or more. Default: no limit.")
    Integer maxRam;

    @Option(names = "--max-cpu", paramLabel = "PCT", description = "CPU per worker, in %% of one core, 1 to 10000. Default: no limit.")
    Integer maxCpu;

    @Option(names = "--max-disk-io", paramLabel = "RATE", description = "Disk reads and writes per worker, each, per second: 512K, 20M, 1G "
            + "(a bare number is MB/s). Default: no limit.")
    String maxDiskIo;

    @Option(names = "--max-net-io", paramLabel = "RATE", description = "Network bandwidth per worker, per second, as --max-disk-io; "
            + "not enforced by this version (said at start), kept for the Ruby configurations. Default: no limit.")
    String maxNetIo;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NodeSpec node = checkedNode();
        PrintWriter out = spec.commandLine().getOut();
        boolean added;
        try (Database d = db.connect("node add")) {
            added = new NodeStore(d.dsl()).save(node);
        }
        out.println((added ? "added" : "updated") + " node " + node.name() + ": " + NodeListCommand.summary(node));
        if (node.auth() == NodeAuth.PASSWORD) {
            out.println("next: install Pampa's key on it with its password (asked for once, never stored); key authentication is used from then on");
        }
        Path keyFile = NodeLogin.keyFile(node);
        if (keyFile != null && !Files.exists(keyFile)) {
            out.println("note: there is no file at " + node.keyPath() + " on this machine yet: the node cannot be reached until there is");
        }
        out.flush();
        return ExitCode.OK;
    }

    private NodeSpec checkedNode() {
        if (key != null && password) {
            throw new CliFailure(ExitCode.USAGE, "both --key and --password given — give one: --key FILE for a key, --password to install Pampa's key with a password");
        }
        NodeDraft fromFile = file == null ? null : readFile();
        if (fromFile == null && name == null) {
            throw new CliFailure(ExitCode.USAGE, "no node name — give NAME, or --file node.yaml");
        }
        if (fromFile != null && name != null && fromFile.name() != null && !fromFile.name().equals(name)) {
            throw new CliFailure(ExitCode.INVALID_NODE, "node " + name + ": name: the file " + file + " names node '" + fromFile.name()
                    + "' — give the same name, or leave NAME out");
        }
        String auth = password ? NodeDraft.PASSWORD : key;
        NodeDraft draft = new NodeDraft(
                pick(name, fromFile == null ? null : fromFile.name()),
                pick(host, fromFile == null ? null : fromFile.host()),
                pick(port, fromFile == null ? null : fromFile.port()),
                pick(user, fromFile == null ? null : fromFile.user()),
                pick(auth, fromFile == null ? null : fromFile.auth()),
                pick(maxWorkers, fromFile == null ? null : fromFile.maxWorkers()),
                pick(javaCommand, fromFile == null ? null : fromFile.javaCommand()),
                pick(baseDir, fromFile == null ? null : fromFile.baseDir()),
                pick(maxRam, fromFile == null ? null : fromFile.maxRamMb()),
                pick(maxCpu, fromFile == null ? null : fromFile.maxCpuPercent()),
                pick(maxDiskIo, fromFile == null ? null : fromFile.maxDiskIo()),
                pick(maxNetIo, fromFile == null ? null : fromFile.maxNetIo()));
        try {
            return draft.toSpec();
        } catch (InvalidSpecException e) {
            throw new CliFailure(ExitCode.INVALID_NODE, e.getMessage());
        }
    }

    private NodeDraft readFile() {
        try {
            return NodeYaml.read(file);
        } catch (InvalidSpecException e) {
            throw new CliFailure(ExitCode.INVALID_NODE, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INVALID_NODE, "cannot read " + file + ": " + e.getMessage() + " — check the file and its permissions");
        }
    }

    private static <T> T pick(T option, T fromFile) {
        return option != null ? option : fromFile;
    }
}
