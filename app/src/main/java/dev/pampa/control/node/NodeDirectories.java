package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.time.Duration;

/**
 * Pampa's directories on a node, under its base directory: {@code lib/} (the runtime jar),
 * {@code jobs/} (job jars), {@code logs/} (one log per process), {@code run/} (one pid file per
 * process), and the runtime config {@code pampa.env}. The base is resolved once on the node to an
 * absolute path, because SFTP does not expand {@code ~} and its working directory is the server's
 * choice.
 */
public record NodeDirectories(String base) {

    public static final String RUNTIME_JAR = "pampa-runtime.jar";
    public static final String CONFIG_FILE = "pampa.env";

    /** Turns "~" and "~/x" into paths under "$HOME"; a quoted ~ would not be expanded by the shell. */
    static final String EXPAND_HOME = """
            expand_home() {
              case "$1" in
                "~") printf '%s' "$HOME" ;;
                "~/"*) printf '%s/%s' "$HOME" "${1#"~/"}" ;;
                *) printf '%s' "$1" ;;
              esac
            }
            """;

    // $1: base directory as configured. Prints the absolute, physical path.
    private static final String RESOLVE = EXPAND_HOME + """
            dir=$(expand_home "$1")
            mkdir -p -- "$dir/lib" "$dir/jobs" "$dir/logs" "$dir/run" || exit 3
            cd -- "$dir" || exit 3
            printf '%s\\n' "$(pwd -P)"
            """;

    static final Duration QUICK = Duration.ofSeconds(30);

    /** Creates the directories when missing and returns them with the base as an absolute path. */
    public static NodeDirectories prepare(NodeShell shell, String configuredBase) throws NodeOperationException {
        CommandResult result = shell.run(RemoteCommand.script(RESOLVE, configuredBase), QUICK);
        String resolved = result.stdout().strip();
        if (!result.succeeded() || !resolved.startsWith("/")) {
            throw notPrepared(shell, configuredBase, result);
        }
        return new NodeDirectories(resolved);
    }

    /** The base directory could not be created or entered: the same problem wherever it is prepared. */
    static NodeOperationException notPrepared(NodeShell shell, String configuredBase, CommandResult result) {
        return new NodeOperationException(new NodeProblem(NodeStep.PREPARE_BASE_DIRECTORY,
                "could not create " + configuredBase + " and its lib, jobs, logs and run directories on " + shell.describe()
                        + ": " + orStatus(result),
                "choose a base directory the node's user can create and write, or fix its owner and permissions"));
    }

    public String lib() {
        return base + "/lib";
    }

    public String jobs() {
        return base + "/jobs";
    }

    public String logs() {
        return base + "/logs";
    }

    public String run() {
        return base + "/run";
    }

    public String runtimeJar() {
        return lib() + "/" + RUNTIME_JAR;
    }

    public String config() {
        return base + "/" + CONFIG_FILE;
    }

    static String orStatus(CommandResult result) {
        String err = result.stderr().strip();
        if (!err.isEmpty()) {
            int newline = err.indexOf('\n');
            return newline < 0 ? err : err.substring(0, newline);
        }
        return "exit status " + (result.exitStatus() == null ? "unknown" : result.exitStatus());
    }
}
