package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a node can run Pampa: a quiet login shell, its OS, architecture, CPUs and memory, a
 * writable base directory with its free space, and Java 17 or later. Every check runs even when
 * another failed, so the operator sees all problems at once.
 */
public final class Probe {

    // $1: base directory. Prints the resolved directory, then df's line for it.
    private static final String BASE_DIRECTORY = NodeDirectories.EXPAND_HOME + """
            dir=$(expand_home "$1")
            printf '%s\\n' "$dir"
            mkdir -p -- "$dir" || exit 3
            probe="$dir/.pampa-probe-$$"
            : > "$probe" || exit 4
            rm -f -- "$probe" || exit 5
            df -Pk -- "$dir" | tail -n 1
            """;

    // $1: the Java command. Prints where it resolved, then its -version output; 127 when not found.
    private static final String JAVA = NodeDirectories.EXPAND_HOME + """
            cmd=$(expand_home "$1")
            where=$(command -v -- "$cmd" 2>/dev/null) || { printf 'PATH=%s\\n' "$PATH"; exit 127; }
            printf '%s\\n' "$where"
            "$cmd" -version 2>&1
            """;

    private static final String CPU_COUNT = "nproc 2>/dev/null || getconf _NPROCESSORS_ONLN";
    private static final String MEMORY = "grep '^MemTotal:' /proc/meminfo";
    private static final Pattern DF_AVAILABLE = Pattern.compile("\\s(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\d+%");
    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d+)");

    /** Generous: a node under load, or a first {@code java -version} on a cold disk. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

    private final NodeShell shell;
    private final ProbeSettings settings;
    private final List<NodeProblem> problems = new ArrayList<>();
    private LoginNoise noise = LoginNoise.NONE;

    private Probe(NodeShell shell, ProbeSettings settings) {
        this.shell = shell;
        this.settings = settings;
    }

    /** Probes through the node's shell: over SSH, or this machine's own for the {@code local} node. */
    public static ProbeReport run(NodeShell shell, ProbeSettings settings) throws NodeOperationException {
        return new Probe(shell, settings).report();
    }

    private ProbeReport report() throws NodeOperationException {
        noise = detectNoise();
        String os = firstLine(clean(RemoteCommand.of("uname", "-s")));
        String architecture = firstLine(clean(RemoteCommand.of("uname", "-m")));
        Integer cpus = parseInt(firstLine(clean(RemoteCommand.script(CPU_COUNT))));
        Long memoryKb = parseLong(firstLine(clean(RemoteCommand.script(MEMORY))));
        CommandResult base = clean(RemoteCommand.script(BASE_DIRECTORY, settings.baseDirectory()));
        String[] baseLines = base.stdout().split("\n");
        String resolvedBase = baseLines.length > 0 && !baseLines[0].isEmpty() ? baseLines[0] : settings.baseDirectory();
        boolean writable = base.succeeded();
        Long freeKb = null;
        if (!writable) {
            problems.add(new NodeProblem(NodeStep.PROBE_BASE_DIRECTORY,
                    "the base directory " + resolvedBase + " is not writable on " + shell.describe() + ": "
                            + orUnknown(firstLine(base.stderr())),
                    "choose a base directory the user can create and write, or fix its owner and permissions"));
        } else if (baseLines.length > 1) {
            Matcher m = DF_AVAILABLE.matcher(" " + baseLines[baseLines.length - 1]);
            freeKb = m.find() ? Long.parseLong(m.group(3)) : null;
        }
        JavaOnNode java = probeJava();
        if (os == null) {
            problems.add(new NodeProblem(NodeStep.PROBE_SYSTEM, "uname -s printed nothing", "check that the node runs a POSIX system"));
        }
        return new ProbeReport(shell.describe(), noise.stdout() + noise.stderr(), os, architecture, cpus, memoryKb,
                resolvedBase, writable, freeKb, java, problems);
    }

    /** Anything printed for {@code exit 0} comes from the login shell's start-up files and would garble output. */
    private LoginNoise detectNoise() throws NodeOperationException {
        CommandResult quiet = shell.run(RemoteCommand.of("exit", "0"), COMMAND_TIMEOUT);
        LoginNoise found = new LoginNoise(quiet.stdout(), quiet.stderr());
        if (!found.isEmpty()) {
            String loginShell = firstLine(found.clean(shell.run(RemoteCommand.script("printf '%s\\n' \"${SHELL##*/}\""), COMMAND_TIMEOUT)).stdout());
            problems.add(new NodeProblem(NodeStep.PROBE_LOGIN_SHELL,
                    "the login shell prints output even for a non-interactive command: \"" + abbreviate(found.stdout() + found.stderr()) + "\"",
                    "remove that output from " + startupFile(loginShell)
                            + " or print only in interactive shells (case $- in *i*) … esac)"));
        }
        return found;
    }

    private static String startupFile(String shell) {
        if ("zsh".equals(shell)) {
            return "~/.zshenv (or ~/.zshrc)";
        }
        if ("bash".equals(shell) || shell == null || shell.isEmpty()) {
            return "~/.bashrc (or /etc/bash.bashrc)";
        }
        return "the start-up files of " + shell;
    }

    private JavaOnNode probeJava() throws NodeOperationException {
        CommandResult result = clean(RemoteCommand.script(JAVA, settings.javaCommand()));
        String command = settings.javaCommand();
        if (Integer.valueOf(127).equals(result.exitStatus())) {
            String path = firstLine(result.stdout());
            String where = command.contains("/") ? "at " + command : "on the PATH (" + orUnknown(path) + ")";
            problems.add(new NodeProblem(NodeStep.PROBE_JAVA, "no Java found " + where,
                    "install Java " + ProbeSettings.REQUIRED_JAVA + " or later on the node, or set the node's Java command to its full path"));
            return new JavaOnNode(command, null, null, null);
        }
        String[] lines = result.stdout().split("\n", 2);
        String foundAt = lines[0];
        String versionOutput = lines.length > 1 ? lines[1] : "";
        JavaOnNode java = JavaOnNode.parse(command, foundAt, versionOutput);
        if (java.version() == null) {
            problems.add(new NodeProblem(NodeStep.PROBE_JAVA,
                    foundAt + " -version printed no version (" + orUnknown(firstLine(versionOutput)) + ")",
                    "point the node's Java command at a Java " + ProbeSettings.REQUIRED_JAVA + "+ executable"));
        } else if (!java.meetsRequirement()) {
            problems.add(new NodeProblem(NodeStep.PROBE_JAVA,
                    "Java " + java.version() + " found at " + foundAt + "; Pampa needs Java " + ProbeSettings.REQUIRED_JAVA + " or later",
                    "install Java " + ProbeSettings.REQUIRED_JAVA + "+ on the node, or set the node's Java command to its full path"));
        }
        return java;
    }

    private CommandResult clean(RemoteCommand command) throws NodeOperationException {
        return noise.clean(shell.run(command, COMMAND_TIMEOUT));
    }

    /** What the login shell prints before every command, stripped from later outputs. */
    private record LoginNoise(String stdout, String stderr) {
        static final LoginNoise NONE = new LoginNoise("", "");

        boolean isEmpty() {
            return stdout.isEmpty() && stderr.isEmpty();
        }

        CommandResult clean(CommandResult result) {
            return new CommandResult(result.exitStatus(), strip(result.stdout(), stdout), strip(result.stderr(), stderr));
        }

        private static String strip(String text, String prefix) {
            return !prefix.isEmpty() && text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        }
    }

    private static String firstLine(CommandResult result) {
        return result.succeeded() ? firstLine(result.stdout()) : null;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        String line = newline < 0 ? stripped : stripped.substring(0, newline);
        return line.isEmpty() ? null : line;
    }

    private static Integer parseInt(String text) {
        Long value = parseLong(text);
        return value == null ? null : value.intValue();
    }

    private static Long parseLong(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FIRST_NUMBER.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static String orUnknown(String text) {
        return text == null ? "no message" : text;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "…" : oneLine;
    }
}
