package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import dev.pampa.model.ErrorText;
import java.util.List;

/**
 * The log of one process Pampa started on a node ({@code logs/NAME.log} under the base directory,
 * rotated by the runtime into {@code NAME.log.1}, {@code NAME.log.2}…): its last lines across the
 * rotated files, and the lines after a given count, for follow mode by polling.
 */
public final class ProcessLog {

    // $1: log file, $2: first line to print (1-based). Exit 4: no log yet. When the current file has
    // fewer lines than that, it was rotated since: the rest of FILE.1 first, then the new file whole.
    // Prints the current file's line count first, so that follow mode goes on from there.
    private static final String FROM_LINE = """
            [ -f "$1" ] || exit 4
            n=$(wc -l < "$1")
            if [ "$n" -lt $(( $2 - 1 )) ]; then
              echo "$n"
              [ -f "$1.1" ] && tail -n "+$2" -- "$1.1"
              head -n "$n" -- "$1"; exit 0
            fi
            echo "$n"
            tail -n "+$2" -- "$1"
            """;

    // $1: log file, $2: how many lines, $3: the JVM's own output file (NAME.out). Prints the current
    // file's line count first, so that follow mode goes on from there, then the last lines across the
    // rotated files (FILE.N … FILE.1) and the current one; then, when the JVM wrote anything of its own
    // (a crash, a failure to start), its last lines under a heading.
    private static final String LAST = """
            [ -f "$1" ] || [ -f "$3" ] || exit 4
            if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi
            i=1; while [ -f "$1.$i" ]; do i=$((i + 1)); done
            { while [ "$i" -gt 1 ]; do i=$((i - 1)); cat -- "$1.$i"; done; [ -f "$1" ] && cat -- "$1"; } | tail -n "$2"
            if [ -f "$3" ] && grep -qv '^---- ' -- "$3"; then
              echo "---- the JVM's own output ($3) ----"
              tail -n "$2" -- "$3"
            fi
            """;

    /** What was read: complete lines, and how many complete lines the file has up to them. */
    public record Lines(List<String> lines, long linesSoFar) {
    }

    private final NodeShell shell;
    private final NodeDirectories directories;
    private final ProcessName process;

    private ProcessLog(NodeShell shell, NodeDirectories directories, ProcessName process) {
        this.shell = shell;
        this.directories = directories;
        this.process = process;
    }

    public static ProcessLog of(NodeShell shell, String configuredBase, ProcessName process) throws NodeOperationException {
        return new ProcessLog(shell, NodeDirectories.prepare(shell, configuredBase), process);
    }

    public String file() {
        return directories.logs() + "/" + process.value() + ".log";
    }

    /** The JVM's own stdout and stderr, beside the log: empty unless it crashed or failed to start. */
    public String output() {
        return directories.logs() + "/" + process.value() + ".out";
    }

    public Lines last(int count) throws NodeOperationException {
        CommandResult result = shell.run(RemoteCommand.script(LAST, file(), Integer.toString(Math.max(0, count)), output()),
                NodeDirectories.QUICK);
        check(result);
        String out = result.stdout();
        int newline = out.indexOf('\n');
        long total = Long.parseLong(out.substring(0, newline).strip());
        return new Lines(completeLines(out.substring(newline + 1)), total);
    }

    /**
     * The complete lines after the first {@code linesSoFar} of the current file; a line still being
     * written waits for the next call. Where the file was rotated since, the rest of the rotated file
     * comes first, then the new file's lines.
     */
    public Lines after(long linesSoFar) throws NodeOperationException {
        CommandResult result = shell.run(RemoteCommand.script(FROM_LINE, file(), Long.toString(linesSoFar + 1)), NodeDirectories.QUICK);
        check(result);
        String out = result.stdout();
        int newline = out.indexOf('\n');
        long current = Long.parseLong(out.substring(0, newline).strip());
        List<String> lines = completeLines(out.substring(newline + 1));
        return new Lines(lines, current < linesSoFar ? current : linesSoFar + lines.size());
    }

    /**
     * Split on line feeds only (a carriage return must not make a line that {@code wc -l} does not
     * count), each line cleaned: a task's error or a processor's output may hold escape sequences,
     * which the operator's terminal would obey.
     */
    private static List<String> completeLines(String text) {
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return java.util.Arrays.stream(text.substring(0, end).split("\n", -1)).map(ErrorText::clean).toList();
    }

    private void check(CommandResult result) throws NodeOperationException {
        if (Integer.valueOf(4).equals(result.exitStatus())) {
            throw new NodeOperationException(new NodeProblem(NodeStep.READ_LOG, "there is no log " + file() + " on " + shell.describe(),
                    "start " + process + " first: its log appears when it starts"));
        }
        if (!result.succeeded()) {
            throw new NodeOperationException(new NodeProblem(NodeStep.READ_LOG, "could not read " + file() + " on " + shell.describe() + ": "
                    + NodeDirectories.orStatus(result), "check the file's permissions on the node"));
        }
    }
}
